/* demo.h - `msup demo`: a realistic synthetic registry, the same for a seed.
 *
 * Builds the real authority tree from the GB/T 2260 list (SAMR root '000000',
 * provinces, prefectures, counties), a legal metrology institute per
 * authority, enterprises, institutions and departments with valid unified
 * social credit codes, their standards (JJF 1022 codes, 4-year certificates
 * numbered like [2015]苏量标宁证字第0123号 by the authority of the right
 * level), apparatus with traceability, personnel, inspectors with declared
 * conflicts, complaints and violation records. Every value is a function of
 * the seed and the reference date, never of the clock or of rand(), so the
 * same options give byte-identical data. Rows go through the store's bulk
 * loaders in one transaction, streamed unit by unit. */
#ifndef MS_DEMO_H
#define MS_DEMO_H

#include <stdint.h>

#include "service/svc.h"

enum demo_scale {
    DEMO_SCALE_SMALL = 1, /* 北京市 and its districts, about 300 units */
    DEMO_SCALE_PROVINCE,  /* 江苏省, about 5,000 units and 25,000 standards */
    DEMO_SCALE_NATION,    /* every province, about 100,000 units and 500,000 standards */
};

#define DEMO_DEFAULT_AS_OF "2021-03-01" /* start of the 2021 campaign */

struct demo_opts {
    enum demo_scale scale;
    uint64_t seed;
    const char *as_of; /* reference date 'YYYY-MM-DD'; NULL = DEMO_DEFAULT_AS_OF */
    int64_t units;     /* units to spread over the scale's authorities (at least one per
                          authority); 0 = the scale's size; DEMO_UNITS_MAX at most */
};

#define DEMO_UNITS_MAX 1000000

struct demo_report {
    int64_t rows[REG_ENTITY_COUNT]; /* rows written per entity (enum reg_entity) */
    int64_t units_by_kind[4];       /* in the order of model_unit_kinds[] */
    int64_t standards_by_status[5]; /* in the order of model_std_statuses[] */
    int64_t standards_expiring;     /* active, certificate expiring within 180 days */
    int64_t standards_understaffed; /* fewer than two staff qualified on the date */
    int64_t standards_with_sector;
    int64_t units_with_sector;
    int64_t apparatus_overdue; /* due before the date (calibrated at some time) */
    int64_t apparatus_never;   /* never calibrated */
    int64_t units_with_complaints;
    int64_t violations_serious;
    char as_of[11];
};

/* Parse "small" | "province" | "nation" into *OUT. MS_OK, or MS_EINVAL with
 * field "scale" and key "demo_scale". */
int demo_scale_parse(const char *s, enum demo_scale *out, ms_err *err);

/* Name of a scale ("small"), or "?" */
const char *demo_scale_name(enum demo_scale s);

/* Generate the registry of OPTS into DB, which must hold no authorities and
 * no units: otherwise MS_ECONFLICT with key "demo_not_empty" and nothing is
 * written. Everything is written in one transaction (rolled back on any
 * error). PROGRESS (may be NULL) is called with CTX per stage and every few
 * thousand rows. On success fills REP (may be NULL) and returns MS_OK; on
 * failure returns MS_EINVAL (bad options: field "scale", "as_of" or "units"),
 * MS_ECONFLICT, or MS_EINTERNAL (database or memory) with ERR set. */
int demo_run(store *db, const struct demo_opts *opts, svc_progress_fn progress, void *ctx,
             struct demo_report *rep, ms_err *err);

#endif
