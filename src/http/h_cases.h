/* h_cases.h - handlers of dispositions, violations, complaints and the risk
 * ranking (API.md "Rectification and results"), named by routes.c. */
#ifndef MS_HTTP_H_CASES_H
#define MS_HTTP_H_CASES_H

#include "http/req.h"

/* GET /disposition-actions: the catalogue (data/dispositions.json). */
int h_disposition_actions(struct req *r);
/* GET /dispositions[?unit_id=&authority_id=&campaign_id=&action=], POST. */
int h_dispositions_list(struct req *r);
int h_dispositions_create(struct req *r);
int h_dispositions_get(struct req *r);

/* GET /violations[?unit_id=&severity=], POST, GET /violations/{id}. */
int h_violations_list(struct req *r);
int h_violations_create(struct req *r);
int h_violations_get(struct req *r);

/* POST /public/complaints (no login) -> {receipt}; GET
 * /public/complaints/{receipt} -> status only (no personal data). */
int h_public_complaint_create(struct req *r);
int h_public_complaint_get(struct req *r);
/* GET /complaints[?unit_id=&status=], GET and PATCH /complaints/{id}. */
int h_complaints_list(struct req *r);
int h_complaints_get(struct req *r);
int h_complaints_patch(struct req *r);

/* GET /risk[?authority_id=&limit=&as_of=]. */
int h_risk(struct req *r);

#endif
