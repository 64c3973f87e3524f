/* check.h - SQL of technical checks (008_checks.sql) and of the finding a
 * failing check creates (findings of 007, source 'check').
 *
 * No jurisdiction predicate here: service/check.c first reads the standard
 * through reg_standard_get() with the caller's scope and only then reads or
 * writes its checks. Strings read come back in the caller's arena. */
#ifndef MS_STORE_CHECK_H
#define MS_STORE_CHECK_H

#include <stdint.h>

#include "core/arena.h"
#include "store/reg.h"
#include "store/store.h"

struct ms_check {
    int64_t id;
    int64_t standard_id, unit_id, authority_id;
    const char *kind, *method, *rule_set, *rule_version;
    const char *data, *result;          /* JSON text */
    const char *verdict;                /* pass fail questionable */
    int64_t inspection_id, campaign_id; /* 0 = none */
    const char *created_by, *created_at;
    int64_t finding_id; /* read only: the finding of a failing check, 0 = none */
};

/* Insert C (C->id set). MS_OK or the database's error. */
int checkdb_insert(store *db, struct ms_check *c, ms_err *err);

/* The check ID (no scope), MS_ENOTFOUND when missing. */
int checkdb_get(store *db, int64_t id, arena *ar, struct ms_check *out, ms_err *err);

/* Checks of STANDARD_ID, newest first, one page; *ITEMS in AR. KIND and
 * VERDICT (may be NULL) filter. */
int checkdb_list(store *db, int64_t standard_id, const char *kind, const char *verdict,
                 const struct store_page *pg, arena *ar, struct ms_check **items, int *n,
                 int64_t *total, ms_err *err);

/* The newest inspection of an active campaign that includes STANDARD_ID
 * (inspection not cancelled): *INSPECTION_ID, *CAMPAIGN_ID and the
 * campaign's *RECTIFY_TO (in AR). MS_OK with *INSPECTION_ID = 0 when none. */
int checkdb_campaign_of(store *db, int64_t standard_id, arena *ar, int64_t *inspection_id,
                        int64_t *campaign_id, const char **rectify_to, ms_err *err);

/* The finding of a failing check: source 'check', severity 'nonconform',
 * status 'open'. At most one per check (unique index findings_check):
 * MS_ECONFLICT on a second. *ID receives the finding's id. */
struct checkdb_finding {
    int64_t check_id, inspection_id, campaign_id, authority_id, unit_id, standard_id;
    const char *description, *deadline, *now;
};
int checkdb_finding_insert(store *db, const struct checkdb_finding *f, int64_t *id, ms_err *err);

/* Number of findings of CHECK_ID (tests). */
int64_t checkdb_finding_count(store *db, int64_t check_id, ms_err *err);

#endif
