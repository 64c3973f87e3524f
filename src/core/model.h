/* model.h - the registry's plain records, shared by store/ and service/.
 *
 * Strings are borrowed pointers (usually into an arena or a row being
 * read); NULL means "not set". Ids are 0 when not yet assigned. Dates are
 * 'YYYY-MM-DD', times RFC 3339 UTC. Sector lists are comma-separated in the
 * order of model_sectors[] ("food_safety,medical_health"). */
#ifndef MS_MODEL_H
#define MS_MODEL_H

#include <stdint.h>

enum { MODEL_SECTOR_COUNT = 4 };
/* food_safety, production_safety, environment, medical_health */
extern const char *const model_sectors[MODEL_SECTOR_COUNT];
extern const char *const model_sectors_zh[MODEL_SECTOR_COUNT];

/* Authority levels, unit kinds, standard categories and statuses, apparatus
 * roles: NULL-terminated lists of the allowed values and their zh names. */
extern const char *const model_levels[]; /* national provincial municipal county */
extern const char *const model_levels_zh[];
extern const char *const model_unit_kinds[]; /* legal_institute department enterprise institution */
extern const char *const model_unit_kinds_zh[];
extern const char
    *const model_categories[]; /* social_public department_highest enterprise_highest */
extern const char *const model_categories_zh[];
extern const char *const model_std_statuses[]; /* active sealed revoked replaced expired */
extern const char *const model_std_statuses_zh[];
extern const char *const model_apparatus_roles[]; /* standard auxiliary */

/* Index of S in the NULL-terminated LIST, or -1. */
int model_index(const char *const *list, const char *s);

/* Normalise a sector list: accepts comma/space/、-separated English keys or
 * zh names, removes duplicates, orders canonically. Writes into OUT (at
 * least 80 bytes). Returns 0, or -1 naming the first unknown item in BAD
 * (at least 64 bytes). */
int model_sectors_normalize(const char *in, char *out, size_t outsize, char *bad, size_t badsize);

/* Number of distinct sectors in a canonical list. */
int model_sectors_count(const char *list);

struct ms_authority {
    int64_t id;
    const char *code; /* GB/T 2260 based; national '000000' */
    const char *name;
    const char *level; /* model_levels */
    int64_t parent_id; /* 0 for the national root */
    const char *path;  /* '/1/5/23/' (set by the store) */
    const char *division_code;
    const char *short_name; /* 苏 for a province, 宁 for 南京 ... */
};

struct ms_unit {
    int64_t id;
    const char *uscc;
    const char *name;
    const char *division_code;
    const char *address;
    const char *kind; /* model_unit_kinds */
    const char *sectors;
    int64_t authority_id;      /* the supervising authority */
    const char *contact_name;  /* personal data */
    const char *contact_phone; /* personal data */
    const char *credit_class;  /* A B C D or NULL */
    const char *status;        /* active closed */
    const char *created_at, *updated_at;
};

struct ms_standard {
    int64_t id;
    int64_t unit_id;
    const char *name;
    const char *code;     /* JJF 1022 8 digits */
    const char *field;    /* level-1, 2 digits (derived from code) */
    const char *category; /* model_categories */
    const char *measurement_range;
    const char *uncertainty;
    const char *cert_no;
    int64_t cert_authority_id;
    const char *cert_issued_on;
    const char *cert_expires_on;
    const char *status; /* model_std_statuses */
    const char *status_on;
    const char *status_reason;
    int64_t replaced_by_id;
    const char *sectors;
    const char *created_at, *updated_at;
    int64_t rev; /* row version, one more on every update (013_standard_rev) */
};

struct ms_apparatus {
    int64_t id;
    int64_t standard_id;
    const char *name;
    const char *model;
    const char *serial;
    const char *role; /* standard auxiliary */
    const char *trace_cert_no;
    const char *trace_org;
    const char *calibrated_on; /* NULL: never calibrated (counts as overdue) */
    const char *due_on;
};

struct ms_personnel {
    int64_t id;
    int64_t standard_id;
    const char *name; /* personal data */
    const char *qualification_no;
    const char *valid_until; /* NULL: no valid qualification */
    int in_charge;
};

struct ms_inspector {
    int64_t id;
    int64_t authority_id;
    const char *name;
    const char *kind;         /* enforcement expert */
    int64_t employer_unit_id; /* 0 if none */
    const char *fields;       /* comma-separated level-1 codes */
    const char *certificate_no;
    int active;
};

struct ms_complaint {
    int64_t id;
    int64_t unit_id;
    int64_t authority_id;
    const char *received_on;
    const char *channel;
    const char *summary;
    const char *status;
};

struct ms_violation {
    int64_t id;
    int64_t unit_id;
    int64_t authority_id;
    const char *severity; /* serious general */
    const char *decided_on;
    const char *summary;
};

#endif
