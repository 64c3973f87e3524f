/* demo_int.h - what the files of the demo generator share. Not for callers.
 *
 * demo.c builds the authority tree and runs the passes; demo_unit.c writes
 * the units; demo_std.c the standards, apparatus and personnel; demo_insp.c
 * inspectors, conflicts, complaints and violations. The store has one bulk
 * load open at a time, so each entity is its own pass; a unit's standards are
 * re-created from the unit's random stream whenever a pass needs them
 * (demo_sketch), so nothing per standard is held in memory. */
#ifndef MS_DEMO_INT_H
#define MS_DEMO_INT_H

#include "core/arena.h"
#include "core/date.h"
#include "core/demo_names.h"
#include "core/demo_rng.h"
#include "core/demo_table.h"
#include "core/division.h"
#include "service/demo.h"

/* Random streams: one per purpose, indexed by authority, unit or standard. */
enum demo_stream {
    DEMO_S_AUTH = 1,
    DEMO_S_UNIT,
    DEMO_S_STD,
    DEMO_S_APP,
    DEMO_S_STAFF,
    DEMO_S_PERS,
    DEMO_S_INSP,
    DEMO_S_COMPLAINT,
    DEMO_S_VIOLATION,
};

/* Levels, in the order of model_levels[]. */
enum { DEMO_NATIONAL = 0, DEMO_PROVINCIAL, DEMO_MUNICIPAL, DEMO_COUNTY };

#define DEMO_NO_PROFILE 255

struct demo_auth {
    int64_t id;
    int parent;     /* index, -1 for the root */
    int province;   /* index of the province (itself for one), -1 for the root */
    int prefecture; /* index of the prefecture (itself for one), -1 if none */
    int level;      /* DEMO_NATIONAL .. DEMO_COUNTY */
    int children;   /* number of direct children */
    char code[7];
    const char *division_name; /* "玄武区"; NULL for the root */
    char *name;                /* "南京市玄武区市场监督管理局" */
    char *place;               /* "南京市玄武区": unit names */
    char *stem;                /* "玄武" */
    char *short_name;          /* for certificate numbers: "宁" */
    char *prov_short;          /* province part of certificate numbers: "苏", "国" */
    char *address;             /* "江苏省南京市玄武区" */
    char *path;                /* "/1/5/23/" */
    char *institute;           /* its legal metrology institute */
    int64_t institute_id;      /* unit id of that institute */
    int64_t unit_first;        /* index of the first unit located here */
    int unit_count;            /* units located here, institute included */
    double weight;
};

struct demo_unit {
    int32_t auth;     /* location: index of the authority of its division */
    uint8_t kind;     /* enum demo_kind */
    uint8_t profile;  /* index into demo_profiles(), DEMO_NO_PROFILE for institutes */
    uint8_t psectors; /* sectors of its profile (bit i = model_sectors[i]) */
    uint8_t nstd;     /* standards (for totals) */
};

/* A standard as far as every pass needs it (no strings). */
struct demo_std {
    int row;      /* index into the table */
    int issuer;   /* authority index */
    int category; /* index into model_categories[] */
    int status;   /* index into model_std_statuses[] */
    int reason;   /* index into the reason pool of the status */
    unsigned sectors;
    long issued;    /* days since 1970-01-01 */
    long status_on; /* days, when status is not active */
    int first_year; /* year in the certificate number */
};

struct demo_ctx {
    store *db;
    uint64_t seed;
    enum demo_scale scale;
    int64_t want_units; /* requested units, 0 = the scale's size */
    char as_of[11];
    long today; /* as_of in days since 1970-01-01 */
    char now[32];
    const division_list *divs;
    demo_table *table;
    const struct demo_profile *profiles;
    size_t nprofiles;
    double *pweights; /* (nprofiles + 1) x table->n base row weights; last = institutes */
    struct demo_auth *auth;
    int nauth;
    struct demo_unit *units;
    int64_t nunits;
    int64_t nstandards;
    int64_t base[REG_ENTITY_COUNT]; /* first id of each entity */
    uint32_t *serials;              /* certificate serials per authority and year */
    int year0, nyears;
    arena perm; /* strings that live for the run */
    svc_progress_fn progress;
    void *pctx;
    struct demo_report *rep;
};

/* Days <-> 'YYYY-MM-DD' (OUT: 11 bytes). */
char *demo_date(long days, char out[11]);

/* DAYS moved off a weekend: Saturday -> Friday, Sunday -> Monday, or, with
 * BACK, Sunday -> Friday. */
long demo_workday(long days, int back);

/* Report progress of STAGE (throttled to every 8192 rows unless FORCE). */
void demo_tick(struct demo_ctx *c, const char *stage, int64_t done, int64_t total, int force);

/* Write the units (and fill c->units). */
int demo_load_units(struct demo_ctx *c, ms_err *err);

/* Re-create the standards of unit UIDX into OUT (room for table->n);
 * returns how many. W is scratch room for table->n doubles. */
int demo_sketch(const struct demo_ctx *c, int64_t uidx, struct demo_std *out, double *w);

/* Write standards, apparatus, personnel. */
int demo_load_standards(struct demo_ctx *c, ms_err *err);
int demo_load_apparatus(struct demo_ctx *c, ms_err *err);
int demo_load_personnel(struct demo_ctx *c, ms_err *err);

/* Write inspectors and their conflicts, complaints, violations. */
int demo_load_inspectors(struct demo_ctx *c, ms_err *err);
int demo_load_complaints(struct demo_ctx *c, ms_err *err);

/* 1 for the four municipalities directly under the central government
 * (北京 天津 上海 重庆), whose province code also acts as a city. */
int demo_is_municipality(const char *code);

/* 1 if S ends with SUFFIX. */
int demo_ends_with(const char *s, const char *suffix);

/* Sector bit mask -> canonical list ("food_safety,medical_health") in OUT
 * (at least 80 bytes). */
void demo_sectors_text(unsigned mask, char *out, size_t size);

/* Copy the pattern PAT into OUT replacing its first and second "%s" by A and B. */
void demo_fill(char *out, size_t size, const char *pat, const char *a, const char *b);

#endif
