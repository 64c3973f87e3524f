/* h_insp.h - REST handlers of inspection work, evidence, findings and
 * rectification (API.md "Inspections", "Rectification and results"), and
 * the JSON of their records for h_draw.c's GET /inspections/{id}. */
#ifndef MS_HTTP_H_INSP_H
#define MS_HTTP_H_INSP_H

#include "http/req.h"
#include "service/finding.h"
#include "service/inspwork.h"

json_t *insp_evidence_json(const struct ms_evidence *e);
json_t *insp_finding_json(const struct ms_finding *f);
/* The work of an inspection into O: results, evidence, findings. */
void insp_work_json(json_t *o, const struct inspwork_detail *w);
/* The inspection row's work fields (conclusion, follow-up, tracking with
 * its reminder as of today) into O. */
void insp_state_json(json_t *o, const struct ms_inspection *i);

/* PUT /inspections/{id}/results [{item_no, verdict, note}] (or
 * {"results": [...]}): {"changed": N, "results": [...], "status"}. */
int h_insp_results(struct req *r);
/* POST /inspections/{id}/evidence (multipart: file, item_no, captured_at). */
int h_insp_evidence(struct req *r);
/* POST /inspections/{id}/complete {conclusion?}: the inspection. */
int h_insp_complete(struct req *r);
/* POST /inspections/{id}/not-performed {reason, follow_up_on}. */
int h_insp_not_performed(struct req *r);
/* POST /inspections/{id}/close-tracking {reason}. */
int h_insp_close_tracking(struct req *r);
/* GET /evidence/{id}: the bytes. */
int h_evidence_get(struct req *r);
/* GET /findings, GET /findings/{id}. */
int h_findings_list(struct req *r);
int h_findings_get(struct req *r);
/* POST /findings/{id}/evidence (multipart: file, captured_at). */
int h_findings_evidence(struct req *r);
/* POST /findings/{id}/rectifications {text, evidence_ids}. */
int h_findings_rectify(struct req *r);
/* POST /rectifications/{id}/decision {decision, comment}. */
int h_rectifications_decide(struct req *r);

#endif
