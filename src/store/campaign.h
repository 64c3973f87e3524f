/* campaign.h - SQL of campaigns (专项监督检查) and self-inspection reports
 * (自查).
 *
 * Reads take a store_scope handed down by service/. For campaigns it means:
 * authority_path set -> campaigns organised by that authority, by one above
 * it or by one below it; unit_id set -> campaigns organised by an authority
 * above the unit (its supervising authority or one that certified one of its
 * standards); neither -> every campaign. A campaign outside the scope reads
 * like a missing one (MS_ENOTFOUND). Writes do not check scope: service/
 * does. Records read come back with strings in ARENA. */
#ifndef MS_STORE_CAMPAIGN_H
#define MS_STORE_CAMPAIGN_H

#include "core/arena.h"
#include "store/reg.h"
#include "store/store.h"

struct ms_campaign {
    int64_t id;
    const char *name;
    int year;
    double unit_rate, authority_rate; /* in (0, 1] */
    const char *self_check_due;
    const char *onsite_from, *onsite_to;
    const char *rectify_from, *rectify_to;
    const char *summary_from, *summary_to;
    const char *template_standard;                                /* checklist code, "A1" */
    const char *template_assessment;                              /* checklist code, "A2" */
    int64_t authority_id;                                         /* the organising authority */
    const char *authority_code, *authority_name, *authority_path; /* read only */
    const char *status;                                           /* active closed */
    const char *created_at, *updated_at;
};

struct ms_selfcheck {
    int64_t id;
    int64_t campaign_id, unit_id;
    const char *status;  /* draft submitted */
    const char *answers; /* JSON text */
    const char *problems, *measures;
    const char *submitted_at; /* RFC 3339, NULL while draft */
    int late;                 /* 1 when submitted after self_check_due */
    const char *submitted_by;
    const char *created_at, *updated_at;
};

struct campdb_filter {
    int year;             /* 0 = any */
    int64_t authority_id; /* organised by exactly this authority; 0 = any */
};

/* ---- campaigns */

/* Insert C (C->id set). MS_ECONFLICT "duplicate" (field name) when the
 * authority has a campaign of that year and name; MS_EINVAL when the
 * authority does not exist. */
int campdb_campaign_insert(store *db, struct ms_campaign *c, const char *now, ms_err *err);

/* Write every field of C except id, authority_id and created_at. */
int campdb_campaign_update(store *db, const struct ms_campaign *c, const char *now, ms_err *err);

/* Campaign ID if SC lets the caller see it, else MS_ENOTFOUND (field id). */
int campdb_campaign_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                        struct ms_campaign *out, ms_err *err);

/* A page of campaigns in scope matching F (may be NULL), newest year first.
 * *ITEMS is an arena array. */
int campdb_campaign_list(store *db, const struct store_scope *sc, const struct campdb_filter *f,
                         const struct store_page *pg, arena *ar, struct ms_campaign **items, int *n,
                         int64_t *total, ms_err *err);

/* ---- self-inspection */

/* The report of UNIT_ID in CAMPAIGN_ID; MS_ENOTFOUND when there is none. */
int campdb_selfcheck_get(store *db, int64_t campaign_id, int64_t unit_id, arena *ar,
                         struct ms_selfcheck *out, ms_err *err);

/* Insert a draft S (S->id set). MS_ECONFLICT "duplicate" when one exists. */
int campdb_selfcheck_insert(store *db, struct ms_selfcheck *s, const char *now, ms_err *err);

/* Replace answers, problems and measures of draft S->id. MS_ECONFLICT
 * "selfcheck_submitted" when it is no longer a draft. */
int campdb_selfcheck_update(store *db, const struct ms_selfcheck *s, const char *now, ms_err *err);

/* Draft ID -> submitted at AT (RFC 3339) by BY, with LATE. MS_ECONFLICT
 * "selfcheck_submitted" when it is no longer a draft. */
int campdb_selfcheck_submit(store *db, int64_t id, const char *at, int late, const char *by,
                            ms_err *err);

/* One unit of the overview. */
struct campdb_overview_row {
    int64_t unit_id;
    const char *uscc, *unit_name;
    int64_t authority_id; /* the unit's supervising authority */
    int64_t selfcheck_id; /* 0 when none */
    const char *status;   /* none draft submitted */
    int late;
    const char *submitted_at, *updated_at;
};

/* Counts over the whole overview (not only the page). */
struct campdb_overview_counts {
    int64_t none, draft, submitted, late;
};

/* The units of a campaign organised by the authority at CAMPAIGN_PATH (those
 * it or an authority below it supervises or certified a standard of), active,
 * holding an active standard or having a report, within SC (the registry's
 * unit jurisdiction), with the state of their report in CAMPAIGN_ID. STATUS
 * (none|draft|submitted, NULL = all) filters. Ordered by unit id. COUNTS
 * (may be NULL) gets the totals per state of the unfiltered overview. */
int campdb_selfcheck_overview(store *db, int64_t campaign_id, const char *campaign_path,
                              const struct store_scope *sc, const char *status,
                              const struct store_page *pg, arena *ar,
                              struct campdb_overview_row **items, int *n, int64_t *total,
                              struct campdb_overview_counts *counts, ms_err *err);

/* *YES = 1 when UNIT_ID is a unit of the campaign organised at CAMPAIGN_PATH
 * (same rule as the overview, without the standards condition). */
int campdb_unit_in_campaign(store *db, const char *campaign_path, int64_t unit_id, int *yes,
                            ms_err *err);

/* An active standard of a unit. */
struct campdb_standard {
    int64_t id;
    const char *cert_no, *name;
};

/* The active standards of UNIT_ID by id; *ITEMS is an arena array. */
int campdb_unit_standards(store *db, int64_t unit_id, arena *ar, struct campdb_standard **items,
                          int *n, ms_err *err);

#endif
