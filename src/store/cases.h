/* cases.h - SQL of the result side of a campaign that is not the
 * inspection itself: dispositions (行政处理/处罚), the violations register,
 * complaints (投诉举报) and the per-unit counts of the risk score.
 *
 * Reads take a store_scope handed down by service/: authority_path set ->
 * records of authorities in that subtree (the deciding / receiving
 * authority); unit_id set -> that unit's records only. A record outside the
 * scope reads like a missing one (MS_ENOTFOUND). Writes do not check scope:
 * service/ does. Strings come back in ARENA. */
#ifndef MS_STORE_CASES_H
#define MS_STORE_CASES_H

#include "core/arena.h"
#include "core/risk.h"
#include "store/reg.h"
#include "store/store.h"

struct ms_disposition {
    int64_t id;
    int64_t authority_id, unit_id, standard_id, finding_id, inspection_id; /* 0 = none */
    const char *action;
    int catalog_version;
    const char *basis;
    int64_t amount_yuan; /* -1 = none */
    const char *decided_on, *note;
    const char *created_by, *created_at;
    /* read only */
    const char *unit_name, *cert_no;
    int64_t campaign_id; /* of the inspection; 0 = none */
};

struct casedb_disposition_filter {
    int64_t unit_id, authority_id, campaign_id;
    const char *action;
};

/* Insert D (D->id set). */
int casedb_disposition_insert(store *db, struct ms_disposition *d, const char *now, ms_err *err);
int casedb_disposition_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                           struct ms_disposition *out, ms_err *err);
/* A page in scope, newest decision first. AUTHORITY_ID filters the subtree
 * of that authority (its path in F_PATH, NULL = no filter). */
int casedb_disposition_list(store *db, const struct store_scope *sc,
                            const struct casedb_disposition_filter *f, const char *f_path,
                            const struct store_page *pg, arena *ar, struct ms_disposition **items,
                            int *n, int64_t *total, ms_err *err);

struct ms_violation_rec {
    int64_t id, unit_id, authority_id, disposition_id; /* disposition 0 = none */
    const char *severity, *decided_on, *summary, *created_by, *created_at;
    const char *unit_name; /* read only */
};

struct casedb_violation_filter {
    int64_t unit_id;
    const char *severity;
};

int casedb_violation_insert(store *db, struct ms_violation_rec *v, const char *now, ms_err *err);
int casedb_violation_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                         struct ms_violation_rec *out, ms_err *err);
int casedb_violation_list(store *db, const struct store_scope *sc,
                          const struct casedb_violation_filter *f, const struct store_page *pg,
                          arena *ar, struct ms_violation_rec **items, int *n, int64_t *total,
                          ms_err *err);

struct ms_complaint_rec {
    int64_t id, unit_id, authority_id; /* unit 0 = not linked */
    const char *receipt, *received_on, *channel, *summary, *status;
    const char *unit_name; /* as the complainant wrote it (or the unit's USCC) */
    const char *contact;   /* personal data */
    const char *outcome, *handled_by, *closed_on;
    const char *created_at, *updated_at;
    const char *registered_unit_name; /* read only: the linked unit's name */
};

struct casedb_complaint_filter {
    int64_t unit_id;
    const char *status;
};

int casedb_complaint_insert(store *db, struct ms_complaint_rec *c, const char *now, ms_err *err);
int casedb_complaint_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                         struct ms_complaint_rec *out, ms_err *err);
/* By receipt, no scope (the receipt is the key); MS_ENOTFOUND field receipt. */
int casedb_complaint_by_receipt(store *db, const char *receipt, arena *ar,
                                struct ms_complaint_rec *out, ms_err *err);
int casedb_complaint_list(store *db, const struct store_scope *sc,
                          const struct casedb_complaint_filter *f, const struct store_page *pg,
                          arena *ar, struct ms_complaint_rec **items, int *n, int64_t *total,
                          ms_err *err);
/* Write status, unit_id, outcome, handled_by, closed_on of C->id. */
int casedb_complaint_update(store *db, const struct ms_complaint_rec *c, const char *now,
                            ms_err *err);

/* The counts of one unit for the risk score. */
struct casedb_risk_row {
    int64_t unit_id, authority_id;
    const char *uscc, *name, *credit_class;
    int64_t counts[RISK_FACTOR_COUNT];
};

/* Every active unit supervised within the authority at PATH (its subtree),
 * with its counts as of AS_OF: SINCE is AS_OF - 24 months, UNTIL is AS_OF +
 * 180 days. *ITEMS is an arena array in unit id order. */
int casedb_risk_rows(store *db, const char *path, const char *as_of, const char *since,
                     const char *until, arena *ar, struct casedb_risk_row **items, int *n,
                     ms_err *err);
/* From how many units casedb_risk_rows counts the apparatus and certificates
 * by sequential scans of the whole tables (the nation) rather than through
 * the indexes; tests set it to 0 to run both ways. */
extern int casedb_risk_scan_min;

/* ---- references checked by a disposition */

/* What a finding or an inspection refers to. */
struct casedb_ref {
    int64_t unit_id;       /* 0 = none (an assessment of an authority) */
    int64_t inspection_id; /* the finding's inspection, or the inspection itself */
    int64_t campaign_id;
};

/* Finding / inspection ID if SC lets the caller see it (the deciding or
 * inspecting authority's path), else MS_ENOTFOUND naming FIELD. */
int casedb_finding_ref(store *db, const struct store_scope *sc, int64_t id, struct casedb_ref *out,
                       ms_err *err);
int casedb_inspection_ref(store *db, const struct store_scope *sc, int64_t id,
                          struct casedb_ref *out, ms_err *err);

/* The authority receiving a complaint about DIVISION (6 digits): the one
 * whose division_code is DIVISION, else its prefecture's (DDDD00), else its
 * province's (DD0000); *ID = 0 when none. */
int casedb_authority_for_division(store *db, const char *division, int64_t *id, ms_err *err);
/* The root of the authority tree (the national one); *ID = 0 when none. */
int casedb_authority_root(store *db, int64_t *id, ms_err *err);

#endif
