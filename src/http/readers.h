/* readers.h - the JSON body readers of a few routes, callable without a
 * database or a connection: each reads R->json into the struct its service
 * takes (strings copied into R->ar) and touches nothing else of R. Used by
 * the handlers through their static originals and by fuzz/fuzz_json_body.c.
 * Internal to http/. */
#ifndef MS_HTTP_READERS_H
#define MS_HTTP_READERS_H

#include "core/model.h"
#include "http/req.h"
#include "service/campaign.h"

/* POST /api/v1/units, PATCH /api/v1/units/{id} */
int h_read_unit(struct req *r, struct ms_unit *u, ms_err *err);
/* POST /api/v1/standards, PATCH /api/v1/standards/{id} */
int h_read_standard(struct req *r, struct ms_standard *s, ms_err *err);
/* POST /api/v1/campaigns (CREATE = 1), PATCH /api/v1/campaigns/{id} (0) */
int h_read_campaign(struct req *r, struct campaign_input *in, int create, ms_err *err);
/* PUT /api/v1/campaigns/{id}/self-checks/{unit_id} */
int h_read_selfcheck(struct req *r, struct selfcheck_input *in, ms_err *err);

#endif
