/* inspwork.h - use cases of on-site inspection work (现场监督检查) over the
 * inspections that draws create: answers per checklist item, completion
 * with the conclusion and the findings it creates, "not performed" with a
 * follow-up tracking list, and evidence files.
 *
 * Who may work on inspection I (results, evidence, complete, not performed,
 * close tracking): the operator's CLI (system); an authority user whose
 * jurisdiction holds I's inspecting authority (that authority or above);
 * an inspector user linked (users.inspector_id) to a current, not recused,
 * member of I's team. Others within jurisdiction: 403; outside: 404.
 * Every write lands one audit row in its transaction; failures name the
 * field and write nothing (a save that changes nothing writes nothing
 * either, not even an audit row).
 *
 * State: planned -> in_progress (first result saved) -> completed;
 * planned -> not_performed (tracking open) -> in_progress (results saved;
 * tracking stays open) -> completed (tracking closed); or tracking closed
 * with a reason. completed and cancelled inspections are immutable (409). */
#ifndef MS_SVC_INSPWORK_H
#define MS_SVC_INSPWORK_H

#include "service/svc.h"
#include "store/draw.h"
#include "store/results.h"

#define INSPWORK_NOTE_MAX    2000 /* characters of a result's note */
#define INSPWORK_REASON_MAX  500  /* characters of a reason */
#define EVIDENCE_MAX_BYTES   (20u * 1024 * 1024)
#define EVIDENCE_DEFAULT_DIR "var/evidence"

/* One answer of a save: VERDICT conform|nonconform|defect|na, NOTE may be
 * NULL (an empty note is stored as NULL). */
struct inspwork_answer {
    int64_t item_no;
    const char *verdict, *note;
};

/* What a reader sees of an inspection's work, besides the inspection row
 * (which carries conclusion, completed_at, follow-up and tracking). */
struct inspwork_detail {
    struct resdb_result *results;
    int n_results;
    struct ms_evidence *evidence;
    int n_evidence;
    struct ms_finding *findings;
    int n_findings;
};

/* Save answers A[0..N) of inspection ID (a partial save is fine). Items
 * must exist in the inspection's checklist code and version (422
 * insp_unknown_item naming "results[k].item_no"), verdicts are the four
 * names (invalid_enum), notes at most INSPWORK_NOTE_MAX characters; an
 * item twice in one save is 422 insp_duplicate_item. The first save moves
 * planned (or not_performed) to in_progress with started_at. 409
 * insp_closed on a completed or cancelled inspection. *CHANGED (may be
 * NULL) = the number of answers that changed (0: nothing written). */
int inspwork_results_save(store *db, const ms_actor *who, int64_t id,
                          const struct inspwork_answer *a, size_t n, int *changed, ms_err *err);

/* Complete inspection ID (in_progress): every checklist item answered (422
 * insp_unanswered naming "results", ARG = the missing item numbers), at
 * least two current team members (409 insp_team_too_small naming "team").
 * The conclusion is computed (DOMAIN.md: a key item nonconform -> fail;
 * else any nonconform or defect -> rectify; else pass); CONCLUSION (may be
 * NULL) must agree (409 insp_conclusion_differs naming "conclusion").
 * One finding per nonconform or defect item (severity key for a
 * nonconform key item, else the verdict; deadline = the campaign's
 * rectify_to) in the same transaction. OUT (may be NULL) gets the
 * conclusion name (static). */
int inspwork_complete(store *db, const ms_actor *who, int64_t id, const char *conclusion,
                      const char **out, ms_err *err);

/* Record planned inspection ID as not performed with REASON and the date
 * FOLLOW_UP_ON (YYYY-MM-DD) for the follow-up; it goes on the tracking
 * list (tracking open). 409 insp_not_planned otherwise. */
int inspwork_not_performed(store *db, const ms_actor *who, int64_t id, const char *reason,
                           const char *follow_up_on, ms_err *err);

/* Take inspection ID off the tracking list with REASON (tracking closed).
 * 409 insp_no_tracking when its tracking is not open. */
int inspwork_close_tracking(store *db, const ms_actor *who, int64_t id, const char *reason,
                            ms_err *err);

/* Results, evidence and findings of inspection ID, within WHO's
 * jurisdiction (404 outside). Findings carry their status as of now. */
int inspwork_detail(store *db, const ms_actor *who, int64_t id, arena *ar,
                    struct inspwork_detail *out, ms_err *err);

/* "overdue" when FOLLOW_UP_ON is before TODAY, "due" on the day, "upcoming"
 * after; NULL when I is not on the open tracking list. */
const char *inspwork_reminder(const struct ms_inspection *i, const char *today);

/* ---- evidence */

/* An upload: exactly one of INSPECTION_ID (evidence of an inspection,
 * ITEM_NO optional) and FINDING_ID (evidence for a rectification, attached
 * to it when the rectification is submitted). */
struct evidence_upload {
    int64_t inspection_id, finding_id;
    int64_t item_no;         /* 0 = none */
    const char *captured_at; /* RFC 3339 from the device, may be NULL */
    const char *filename;    /* as sent (may hold a path: only the last part is kept) */
    const char *declared;    /* the part's Content-Type, may be NULL */
    const void *data;
    size_t len;
    size_t max_len; /* largest file accepted; 0 = EVIDENCE_MAX_BYTES (limits, issue 9) */
};

/* Store upload IN under DIR (NULL = EVIDENCE_DEFAULT_DIR) as
 * DIR/<sm3[0:2]>/<sm3> (written to a temporary file in that folder,
 * fsynced, renamed; the same bytes share one file) and its row, after the
 * file exists, with the audit row "evidence.upload". The type is sniffed
 * from the bytes (core/sniff.h): 413 evidence_too_large over
 * IN->max_len (EVIDENCE_MAX_BYTES), 422 naming "file": required (empty),
 * evidence_disguised (an executable or markup, or a name or declared type
 * that contradicts the content), evidence_type_unsupported. Inspection
 * evidence: the rules of inspection work (above). Finding evidence: the
 * rules of submitting a rectification (service/finding.h). OUT gets the
 * row. */
int evidence_upload(store *db, const ms_actor *who, const char *dir,
                    const struct evidence_upload *in, arena *ar, struct ms_evidence *out,
                    ms_err *err);

/* Evidence ID's row into META and its bytes into *DATA (*LEN bytes; the
 * caller frees with ms_free). Visible to system, authority users whose
 * jurisdiction holds the evidence's authority, inspector users in the team
 * of the inspection concerned, and the unit user of the unit concerned;
 * else 404. Reads by authority users are audited as reads of possibly
 * personal data (action "read", entity "evidence"). 500
 * evidence_missing_file when the file is gone or its size differs. */
int evidence_read(store *db, const ms_actor *who, const char *dir, int64_t id, arena *ar,
                  struct ms_evidence *meta, void **data, size_t *len, ms_err *err);

/* The directory of the evidence store: $MSUP_EVIDENCE_DIR, else
 * EVIDENCE_DEFAULT_DIR. */
const char *evidence_dir_default(void);

#endif
