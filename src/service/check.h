/* check.h - stored technical checks of a standard (API.md "Technical
 * checks"): 计量比对 comparison, 盲样 blind_sample, 测量过程控制
 * process_control, stability, repeatability, verification.
 *
 * Who: authority staff whose jurisdiction holds the standard (the
 * certificate authority's subtree, as for every standard read), and the
 * staff of the unit that holds it (their own measurements); the operator's
 * CLI. Inspectors read. A standard outside the caller's jurisdiction reads
 * as missing (MS_ENOTFOUND).
 *
 * A check stores its input (data), the calculator's result (service/calc.h),
 * the verdict, the method, rule set and rule version. A failing verdict
 * creates exactly one finding in the same transaction (source 'check',
 * severity 'nonconform', authority = the certificate authority), with the
 * deadline = rectify_to of the active campaign whose inspection covers the
 * standard (then also inspection_id and campaign_id), else the day of the
 * check + CHECK_DEADLINE_DAYS. A questionable verdict creates none. */
#ifndef MS_SVC_CHECK_H
#define MS_SVC_CHECK_H

#include <jansson.h>

#include "service/svc.h"
#include "store/check.h"

#define CHECK_DEADLINE_DAYS 30

/* The kinds of check, NULL-terminated. */
extern const char *const check_kinds[];

struct check_input {
    const char *kind;   /* one of check_kinds */
    const char *method; /* a calculator kind allowed for KIND; NULL = its default */
    json_t *data;       /* the calculator's input (borrowed) */
};

/* Compute, store and (when failing) raise the finding; *OUT (may be NULL)
 * receives the stored check with its finding_id. MS_OK, MS_EFORBIDDEN,
 * MS_ENOTFOUND (standard), MS_EINVAL (kind, method, data.*: nothing is
 * written), MS_EINTERNAL. */
int check_create(store *db, const ms_actor *who, int64_t standard_id, const struct check_input *in,
                 arena *ar, struct ms_check *out, ms_err *err);

/* One check, if its standard is within WHO's jurisdiction. */
int check_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_check *out,
              ms_err *err);

/* The checks of a standard within WHO's jurisdiction, newest first; KIND and
 * VERDICT (may be NULL) filter (MS_EINVAL when not one of the values). */
int check_list(store *db, const ms_actor *who, int64_t standard_id, const char *kind,
               const char *verdict, const struct store_page *pg, arena *ar, struct ms_check **items,
               int *n, int64_t *total, ms_err *err);

#endif
