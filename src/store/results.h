/* results.h - SQL of inspection work (007): answers per checklist item,
 * the state of an inspection (started, completed, not performed and its
 * follow-up), evidence files' rows, findings and rectifications.
 *
 * Writes do not check permission or state: service/ does, inside its
 * transaction. Finding reads take the caller's store_scope (authority path
 * of the finding's authority, or a unit) and, for inspector users, their
 * user id (only findings of inspections they are in the team of). Reads
 * report a finding's status as of CUT (see resdb_cut): open or rejected
 * with deadline <= CUT reads as failed, failed_at = deadline 24:00 Beijing
 * time, whether or not the sweep has written it yet. Strings come back in
 * the arena. */
#ifndef MS_STORE_RESULTS_H
#define MS_STORE_RESULTS_H

#include "store/reg.h"

struct resdb_result {
    int item_no;
    const char *verdict; /* conform nonconform defect na */
    const char *note;    /* may be NULL */
    const char *updated_by, *updated_at;
};

struct ms_evidence {
    int64_t id;
    int64_t inspection_id;                /* 0 when uploaded for a finding */
    int item_no;                          /* 0 when none */
    int64_t finding_id, rectification_id; /* 0 when none */
    const char *sm3;
    int64_t size;
    const char *media_type, *filename, *captured_at, *received_at, *uploaded_by;
    int64_t unit_id; /* 0 for an assessment inspection */
    int64_t authority_id;
    const char *authority_path; /* read only */
};

struct ms_finding {
    int64_t id;
    const char *source; /* inspection check */
    int64_t inspection_id, check_id, campaign_id, authority_id, unit_id, target_authority_id,
        standard_id; /* 0 when none */
    int item_no;
    const char *severity; /* key nonconform defect */
    const char *description, *deadline;
    const char *status; /* open submitted accepted rejected failed (as of the cut) */
    const char *failed_at, *closed_at, *created_at, *updated_at;
    /* read only */
    const char *authority_code, *authority_path, *unit_uscc, *unit_name;
};

struct ms_rectification {
    int64_t id, finding_id;
    const char *text, *submitted_by, *submitted_at;
    int late;
    const char *decision; /* NULL while undecided; accept reject */
    const char *comment, *decided_by, *decided_at;
};

struct resdb_finding_filter {
    int64_t campaign_id, authority_id, unit_id, inspection_id; /* 0 = any */
    const char *status;                                        /* NULL = any (as of the cut) */
    int overdue; /* 1: deadline passed (<= cut) and not accepted */
};

/* The last deadline date that has passed at NOW (RFC 3339 UTC): a deadline
 * D ends at D 24:00 +08:00 = D T16:00:00Z, so CUT = the date of NOW when
 * its time is 16:00:00 or later, else the day before. CUT gets YYYY-MM-DD. */
void resdb_cut(const char *now, char cut[11]);

/* D T16:00:00Z: the instant deadline date D ends (OUT 21 bytes). */
void resdb_deadline_instant(const char *d, char out[32]);

/* ---- results */

/* The answers of inspection ID by item_no. */
int resdb_results(store *db, int64_t id, arena *ar, struct resdb_result **items, int *n,
                  ms_err *err);

/* Store the answer to ITEM_NO of inspection ID: nothing when the same
 * verdict and note are stored already (*CHANGED = 0), else insert or update
 * with BY and NOW (*CHANGED = 1). NOTE may be NULL. */
int resdb_result_put(store *db, int64_t id, int item_no, const char *verdict, const char *note,
                     const char *by, const char *now, int *changed, ms_err *err);

/* ---- the inspection's state (columns of 007) */

/* planned or not_performed -> in_progress, started_at = NOW (kept when
 * set). *CHANGED = 0 when the status was neither. */
int resdb_insp_start(store *db, int64_t id, const char *now, int *changed, ms_err *err);

/* -> completed with CONCLUSION by BY at NOW; an open tracking closes. */
int resdb_insp_complete(store *db, int64_t id, const char *conclusion, const char *by,
                        const char *now, ms_err *err);

/* -> not_performed with REASON and FOLLOW_UP_ON, tracking open. */
int resdb_insp_not_performed(store *db, int64_t id, const char *reason, const char *follow_up_on,
                             const char *now, ms_err *err);

/* tracking -> closed with NOTE. */
int resdb_insp_close_tracking(store *db, int64_t id, const char *note, const char *now,
                              ms_err *err);

/* *YES = 1 when USER_ID (users.id) is linked to an inspector who is a
 * current (not recused) member of the team of inspection ID. */
int resdb_team_has_user(store *db, int64_t id, int64_t user_id, int *yes, ms_err *err);

/* ---- evidence */

/* Insert E (E->id set). */
int resdb_evidence_insert(store *db, struct ms_evidence *e, ms_err *err);

/* Evidence ID (no scope: service/ decides who may see it), or MS_ENOTFOUND. */
int resdb_evidence_get(store *db, int64_t id, arena *ar, struct ms_evidence *out, ms_err *err);

/* The evidence of inspection ID (INSPECTION = 1) or of finding ID (0), by id. */
int resdb_evidence_list(store *db, int inspection, int64_t id, arena *ar,
                        struct ms_evidence **items, int *n, ms_err *err);

/* Attach evidence EVIDENCE_ID, uploaded for FINDING_ID and not yet part of
 * a submission, to rectification RECT_ID. *CHANGED = 0 when it is not such
 * an evidence row. */
int resdb_evidence_attach(store *db, int64_t evidence_id, int64_t finding_id, int64_t rect_id,
                          int *changed, ms_err *err);

/* 1 when a file with digest SM3 is referenced by an evidence row. */
int resdb_evidence_sm3_used(store *db, const char *sm3, ms_err *err);

/* ---- findings */

/* Insert F (F->id set) with status open, created_at = updated_at = NOW. */
int resdb_finding_insert(store *db, struct ms_finding *f, const char *now, ms_err *err);

/* Finding ID within SC (INSPECTOR_USER > 0: only of inspections that user
 * is in the team of), status as of CUT. MS_ENOTFOUND (field id). */
int resdb_finding_get(store *db, const struct store_scope *sc, int64_t inspector_user,
                      const char *cut, int64_t id, arena *ar, struct ms_finding *out, ms_err *err);

/* A page of findings within SC / INSPECTOR_USER matching F, by id. */
int resdb_finding_list(store *db, const struct store_scope *sc, int64_t inspector_user,
                       const char *cut, const struct resdb_finding_filter *f,
                       const struct store_page *pg, arena *ar, struct ms_finding **items, int *n,
                       int64_t *total, ms_err *err);

/* The findings of inspection ID by item_no, status as of CUT. */
int resdb_findings_of(store *db, int64_t inspection_id, const char *cut, arena *ar,
                      struct ms_finding **items, int *n, ms_err *err);

/* Move finding ID from status FROM to STATUS at NOW, setting failed_at /
 * closed_at when not NULL. *CHANGED = 0 when its stored status was not FROM. */
int resdb_finding_move(store *db, int64_t id, const char *from, const char *status,
                       const char *failed_at, const char *closed_at, const char *now, int *changed,
                       ms_err *err);

/* Stored findings open or rejected with deadline <= CUT (what the sweep
 * fails), by id. */
int resdb_findings_due(store *db, const char *cut, arena *ar, struct ms_finding **items, int *n,
                       ms_err *err);

/* ---- rectifications */

/* Insert R (R->id set). */
int resdb_rect_insert(store *db, struct ms_rectification *r, ms_err *err);

/* Rectification ID, or MS_ENOTFOUND (field id). */
int resdb_rect_get(store *db, int64_t id, arena *ar, struct ms_rectification *out, ms_err *err);

/* The rectifications of FINDING_ID by id (the latest last). */
int resdb_rect_list(store *db, int64_t finding_id, arena *ar, struct ms_rectification **items,
                    int *n, ms_err *err);

/* Decide undecided rectification ID. *CHANGED = 0 when decided already. */
int resdb_rect_decide(store *db, int64_t id, const char *decision, const char *comment,
                      const char *by, const char *at, int *changed, ms_err *err);

#endif
