/* report.h - SQL of reports: the aggregates of a campaign summary, the rows
 * of the inspection and finding lists, what a filled inspection form needs,
 * and the published results (一公开).
 *
 * Jurisdiction is a materialised authority path PATH ("/1/5/"): the summary
 * and the lists cover what authorities in that subtree did (their draws,
 * inspections, findings, dispositions) and the standards they certified.
 * service/ decides which PATH a caller may ask for. Strings come back in
 * ARENA; nothing here writes. See docs/reports.md for every definition. */
#ifndef MS_STORE_REPORT_H
#define MS_STORE_REPORT_H

#include "core/arena.h"
#include "core/model.h"
#include "store/store.h"

/* Counts of one checklist item over completed inspections. */
struct rptdb_item {
    const char *checklist; /* "A1" */
    int item_no;
    int64_t conform, nonconform, defect, na;
};

/* One JJF 1022 field (level-1 code). */
struct rptdb_field {
    const char *field;     /* "01" */
    int64_t standards;     /* active standards in scope */
    int64_t inspections;   /* inspections (not cancelled) of a standard of the field */
    int64_t completed;     /* of those, completed */
    int64_t nonconforming; /* completed with conclusion rectify or fail */
};

/* One focus sector (model_sectors[] order). */
struct rptdb_sector {
    int64_t standards, units;                      /* in scope, tagged with the sector */
    int64_t inspections, completed, nonconforming; /* as for fields */
};

/* One disposition action. */
struct rptdb_disposition {
    const char *action;
    int64_t count, units, amount_yuan;
};

struct rptdb_summary {
    /* scope */
    int64_t units, standards;
    /* self-inspection of the units in scope */
    int64_t sc_submitted, sc_late, sc_draft;
    /* draws (active) */
    int64_t draws_units, roster_units, quota_units, selected_units;
    int64_t draws_authorities, roster_authorities, quota_authorities, selected_authorities;
    /* inspections by status and kind */
    int64_t insp_standard, insp_assessment;
    int64_t planned, in_progress, completed, not_performed, cancelled;
    int64_t np_open, np_closed, np_follow_up_overdue;
    int64_t pass, rectify, fail;
    /* findings and rectifications */
    int64_t findings, f_open, f_submitted, f_accepted, f_rejected, f_failed, f_overdue;
    int64_t f_nonconform, f_defect, f_key;
    int64_t rect_submissions, rect_late, rect_accepted, rect_rejected, rect_pending;
    /* tables */
    struct rptdb_item *items;
    int nitems;
    struct rptdb_field *fields; /* every field in scope or inspected, by code */
    int nfields;
    int64_t fields_in_scope, fields_covered;
    struct rptdb_sector sectors[MODEL_SECTOR_COUNT];
    struct rptdb_disposition *dispositions; /* by action */
    int ndispositions;
};

/* Every figure of the summary of CAMPAIGN_ID over the subtree at PATH, with
 * TODAY ('YYYY-MM-DD') deciding what is overdue: one streamed pass over the
 * standards, the inspections, their standards and their answers, counted
 * here, plus a few small aggregates. MS_OK or a store error. */
int rptdb_summary(store *db, int64_t campaign_id, const char *path, const char *today, arena *ar,
                  struct rptdb_summary *out, ms_err *err);

/* The single aggregate behind the inspection figures (status x kind), for
 * the benchmark's ratio. *N gets the number of groups. */
int rptdb_inspection_counts(store *db, int64_t campaign_id, const char *path, int *n, ms_err *err);

/* ---- lists, streamed row by row */

/* One inspection of the list. Strings valid during the callback only. */
struct rptdb_insp_row {
    int64_t id;
    const char *kind, *status, *checklist;
    const char *authority_code, *authority_name;
    const char *target, *target_name; /* USCC and unit, or code and authority */
    const char *cert_no, *standard_name, *field;
    const char *conclusion, *completed_on;
    const char *not_performed_reason, *follow_up_on, *tracking;
    int64_t findings;
};
typedef int (*rptdb_insp_fn)(void *ctx, const struct rptdb_insp_row *r, ms_err *err);

/* Call FN for every inspection of CAMPAIGN_ID by an authority at PATH, by
 * id. FN's failure stops the walk and is returned. */
int rptdb_inspections_each(store *db, int64_t campaign_id, const char *path, rptdb_insp_fn fn,
                           void *ctx, ms_err *err);

struct rptdb_finding_row {
    int64_t id, inspection_id;
    const char *authority_code, *uscc, *unit_name, *cert_no;
    int item_no;
    const char *severity, *description, *deadline, *status, *failed_at;
    int64_t submissions;
    const char *last_submitted_at, *last_decision, *last_decided_at;
};
typedef int (*rptdb_finding_fn)(void *ctx, const struct rptdb_finding_row *r, ms_err *err);

/* Call FN for every finding of CAMPAIGN_ID decided at PATH, by id. */
int rptdb_findings_each(store *db, int64_t campaign_id, const char *path, rptdb_finding_fn fn,
                        void *ctx, ms_err *err);

/* ---- the filled form of one inspection */

struct rptdb_result {
    int item_no;
    const char *verdict, *note;
};
struct rptdb_evidence {
    int64_t id;
    int item_no; /* 0 = the inspection as a whole */
    const char *filename, *media_type, *sm3, *captured_at;
    int64_t size;
};
struct rptdb_form {
    const char *campaign_name;
    int campaign_year;
    const char *authority_code, *authority_name;
    const char *target, *target_name, *target_address, *target_division;
    const char *started_at, *completed_at, *conclusion;
    const char *not_performed_reason, *follow_up_on;
    struct rptdb_result *results; /* by item */
    int nresults;
    struct rptdb_evidence *evidence; /* by id */
    int nevidence;
};

/* What the form of inspection ID needs beyond drawdb_inspection_get()
 * (which service/ calls first, for the scope). */
int rptdb_form(store *db, int64_t id, arena *ar, struct rptdb_form *out, ms_err *err);

/* ---- published results (一公开): completed inspections, no personal data */

struct rptdb_public_row {
    int64_t inspection_id, campaign_id;
    const char *campaign_name;
    const char *kind, *target, *target_name;
    const char *cert_no, *standard_name;
    const char *authority_code, *authority_name;
    const char *completed_on, *conclusion;
    const char *dispositions; /* action codes, comma-separated, or NULL */
};

/* A page of completed inspections (CAMPAIGN_ID 0 = every campaign), newest
 * completion first; PER_PAGE <= 0 = all. *ITEMS in AR, *TOTAL the count. */
int rptdb_public(store *db, int64_t campaign_id, int page, int per_page, arena *ar,
                 struct rptdb_public_row **items, int *n, int64_t *total, ms_err *err);

#endif
