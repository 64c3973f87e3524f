/* h_campaign.h - handlers of campaigns, checklists and self-inspection
 * (API.md "Campaigns"), named by the route table (routes.c). */
#ifndef MS_HTTP_H_CAMPAIGN_H
#define MS_HTTP_H_CAMPAIGN_H

#include "http/req.h"

/* GET /checklists/{code}[?version=N]: the checklist (latest version by
 * default) with every version available. */
int h_checklists_get(struct req *r);

/* GET /campaigns[?year=&authority_id=&page=&per_page=] and POST /campaigns. */
int h_campaigns_list(struct req *r);
int h_campaigns_create(struct req *r);

/* GET and PATCH /campaigns/{id}. */
int h_campaigns_get(struct req *r);
int h_campaigns_patch(struct req *r);

/* GET /campaigns/{id}/self-checks[?status=none|draft|submitted&page=..]:
 * the submission state of every unit in the caller's jurisdiction. */
int h_selfchecks_list(struct req *r);

/* GET and PUT (draft) /campaigns/{id}/self-checks/{unit_id}. */
int h_selfcheck_get(struct req *r);
int h_selfcheck_put(struct req *r);

/* POST /campaigns/{id}/self-checks/{unit_id}/submit (no body). */
int h_selfcheck_submit(struct req *r);

#endif
