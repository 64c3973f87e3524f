/* finding.h - use cases of findings (问题) and their rectification (整改):
 * reading findings, the unit's submissions with evidence, the authority's
 * decision by someone other than the submitter (四眼), and the deadline.
 *
 * Jurisdiction: authority users see the findings whose deciding authority
 * (findings.authority_id) is in their subtree; a unit user those of its
 * unit; an inspector user those of inspections whose team it is in;
 * system everything. Outside = 404.
 *
 * The deadline rule (documented in docs/inspections.md): a finding's
 * deadline date D ends at D 24:00 Beijing time = D T16:00:00Z. A
 * submission is accepted until then (submitted_at < that instant); after
 * it, an open or rejected finding is 整改不合格 (status failed, failed_at =
 * that instant), written by finding_sweep() and reported so by every read
 * even before the sweep has run. A submission made in time and decided
 * later still counts: accepted -> accepted; rejected after the deadline ->
 * failed at the time of the decision. Every write lands one audit row
 * (rectification.submit, rectification.decide, finding.fail per finding). */
#ifndef MS_SVC_FINDING_H
#define MS_SVC_FINDING_H

#include "service/svc.h"
#include "store/results.h"

#define FINDING_TEXT_MAX     4000 /* characters of a rectification report */
#define FINDING_COMMENT_MAX  2000 /* characters of a decision's comment */
#define FINDING_EVIDENCE_MAX 50   /* evidence ids per submission */

/* A finding with its submissions (oldest first) and all its evidence
 * (uploaded for it; rectification_id says which submission holds one). */
struct finding_detail {
    struct ms_finding f;
    struct ms_rectification *rects;
    int n_rects;
    struct ms_evidence *evidence;
    int n_evidence;
};

/* A page of findings within WHO's jurisdiction matching F (status one of
 * open submitted accepted rejected failed, as of now). */
int finding_list(store *db, const ms_actor *who, const struct resdb_finding_filter *f,
                 const struct store_page *pg, arena *ar, struct ms_finding **items, int *n,
                 int64_t *total, ms_err *err);

/* Finding ID with its rectifications and evidence, within jurisdiction. */
int finding_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct finding_detail *out,
                ms_err *err);

/* Submit a rectification of finding ID: TEXT (required) and the evidence
 * EVIDENCE_IDS[0..N) uploaded for this finding and not yet submitted (422
 * evidence_not_attachable naming "evidence_ids"). By the unit user of the
 * finding's unit, or an authority user in jurisdiction on its behalf
 * (e.g. a paper submission); inspectors 403. Allowed when the finding is
 * open or rejected before its deadline: 409 deadline_passed (naming
 * "deadline"), finding_closed (accepted), finding_pending (a submission
 * waits for its decision). The finding becomes submitted. OUT (may be
 * NULL) gets the rectification. */
int finding_rectify(store *db, const ms_actor *who, int64_t id, const char *text,
                    const int64_t *evidence_ids, size_t n, arena *ar, struct ms_rectification *out,
                    ms_err *err);

/* Decide rectification ID: DECISION accept|reject, COMMENT required to
 * reject. By an authority user in jurisdiction (or system) who is not its
 * submitter: 403 four_eyes naming "decided_by". Only the latest submission
 * of its finding and only once: 409 rect_not_latest / rect_decided.
 * accept -> the finding is accepted (closed_at); reject -> rejected, or
 * failed when the deadline has passed. OUT (may be NULL) gets the finding
 * after the decision. */
int finding_decide(store *db, const ms_actor *who, int64_t id, const char *decision,
                   const char *comment, arena *ar, struct ms_finding *out, ms_err *err);

/* Fail every open or rejected finding whose deadline has passed at AS_OF
 * (RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ", or a date meaning its 23:59:59Z;
 * NULL = now): status failed, failed_at = the deadline instant, one audit
 * row "finding.fail" each (actor WHO, system only: 403 otherwise).
 * *FAILED (may be NULL) = how many. MS_EINVAL naming "as_of" for a bad
 * time. */
int finding_sweep(store *db, const ms_actor *who, const char *as_of, int *failed, ms_err *err);

#endif
