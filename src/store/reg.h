/* reg.h - SQL of the registry: authorities, units, standards, apparatus,
 * personnel, inspectors, complaints, violations.
 *
 * Every read takes a store_scope, the jurisdiction predicate handed down by
 * service/: an authority path (the caller sees that subtree) and/or a unit id
 * (the caller sees only that unit). A record outside the scope reads exactly
 * like a missing one (MS_ENOTFOUND). Writes do not check scope: service/ does
 * that before it writes. Records read come back with strings in ARENA. */
#ifndef MS_STORE_REG_H
#define MS_STORE_REG_H

#include "core/arena.h"
#include "core/model.h"
#include "store/store.h"

struct store_scope {
    const char *authority_path; /* "/1/5/": that subtree; NULL: no limit */
    int64_t unit_id;            /* >0: only this unit's records */
};

/* Paging of lists: page from 1, per_page 1..500. */
struct store_page {
    int page, per_page;
};

enum reg_entity {
    REG_AUTHORITY,
    REG_UNIT,
    REG_STANDARD,
    REG_APPARATUS,
    REG_PERSONNEL,
    REG_INSPECTOR,
    REG_CONFLICT,
    REG_COMPLAINT,
    REG_VIOLATION,
    REG_ENTITY_COUNT
};

/* Table name of an entity ("units"). */
const char *reg_table(enum reg_entity e);

/* Row count of an entity's table (no scope; for tests and summaries). */
int64_t reg_count(store *db, enum reg_entity e, ms_err *err);

/* Next free id of an entity's table (max + 1), for loaders that must know
 * ids before they insert. Call inside the write transaction. */
int64_t reg_next_id(store *db, enum reg_entity e, ms_err *err);

/* ---- authorities */
/* Insert A (A->id set on return; path computed from the parent). NOW is the
 * RFC 3339 time for created_at/updated_at. MS_ECONFLICT on a duplicate code,
 * MS_ENOTFOUND when parent_id does not exist. */
int reg_authority_insert(store *db, struct ms_authority *a, const char *now, ms_err *err);
int reg_authority_update(store *db, const struct ms_authority *a, const char *now, ms_err *err);
int reg_authority_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                      struct ms_authority *out, ms_err *err);
int reg_authority_by_code(store *db, const char *code, arena *ar, struct ms_authority *out,
                          ms_err *err);
/* List authorities in scope; PARENT_ID > 0 limits to its direct children,
 * LEVEL (may be NULL) to one level. *ITEMS is an arena array. */
int reg_authority_list(store *db, const struct store_scope *sc, int64_t parent_id,
                       const char *level, const struct store_page *pg, arena *ar,
                       struct ms_authority **items, int *n, int64_t *total, ms_err *err);

/* ---- units */
int reg_unit_insert(store *db, struct ms_unit *u, const char *now, ms_err *err);
int reg_unit_update(store *db, const struct ms_unit *u, const char *now, ms_err *err);
int reg_unit_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                 struct ms_unit *out, ms_err *err);
int reg_unit_by_uscc(store *db, const struct store_scope *sc, const char *uscc, arena *ar,
                     struct ms_unit *out, ms_err *err);

struct reg_unit_filter {
    int64_t authority_id; /* units supervised within this authority's subtree */
    const char *division_code;
    const char *kind;
    const char *sector;
    const char *q; /* substring of name or uscc */
};
int reg_unit_list(store *db, const struct store_scope *sc, const struct reg_unit_filter *f,
                  const struct store_page *pg, arena *ar, struct ms_unit **items, int *n,
                  int64_t *total, ms_err *err);

/* ---- standards */
int reg_standard_insert(store *db, struct ms_standard *s, const char *now, ms_err *err);
int reg_standard_update(store *db, const struct ms_standard *s, const char *now, ms_err *err);
int reg_standard_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                     struct ms_standard *out, ms_err *err);
int reg_standard_by_cert_no(store *db, const char *cert_no, arena *ar, struct ms_standard *out,
                            ms_err *err);

struct reg_standard_filter {
    int64_t unit_id;
    int64_t authority_id; /* certificate issued within this authority's subtree */
    const char *field;
    const char *category;
    const char *status;
    const char *expiring_before; /* cert_expires_on < this date */
    const char *q;               /* substring of name or cert_no */
};
int reg_standard_list(store *db, const struct store_scope *sc, const struct reg_standard_filter *f,
                      const struct store_page *pg, arena *ar, struct ms_standard **items, int *n,
                      int64_t *total, ms_err *err);

/* The same page, each row handed to FN as it is read: the row's strings
 * point into the statement and are valid only during the call (FN must
 * not use the store). */
typedef void (*reg_standard_row_fn)(const struct ms_standard *s, void *ctx);
struct reg_standard_sink {
    /* Optional, called first with the row's id and version (rev): 0 when the
     * caller already holds that version of the row, which is then neither
     * read nor handed to ROW (the server's rendered-row cache). */
    int (*need)(int64_t id, int64_t rev, void *ctx);
    /* Optional with NEED: whether it holds that version, writing nothing.
     * With it, a page the caller mostly holds is read by id and rev first
     * (SQLite), and only the missing rows in full. */
    int (*held)(int64_t id, int64_t rev, void *ctx);
    reg_standard_row_fn row;
    void *ctx;
};
int reg_standard_list_each(store *db, const struct store_scope *sc,
                           const struct reg_standard_filter *f, const struct store_page *pg,
                           const struct reg_standard_sink *sink, int64_t *total, ms_err *err);

/* Record a status change: updates status/status_on/status_reason (and
 * replaced_by_id when > 0) and appends a standard_events row. */
int reg_standard_set_status(store *db, int64_t id, const char *action, const char *from,
                            const char *to, const char *reason, const char *on,
                            int64_t replaced_by_id, const char *actor, const char *now,
                            ms_err *err);

struct reg_standard_event {
    int64_t id;
    const char *action, *from_status, *to_status, *reason, *happened_on, *recorded_at, *actor;
};
int reg_standard_events(store *db, int64_t standard_id, arena *ar,
                        struct reg_standard_event **items, int *n, ms_err *err);

/* ---- apparatus and personnel (scope is the standard's) */
int reg_apparatus_insert(store *db, struct ms_apparatus *a, const char *now, ms_err *err);
int reg_apparatus_list(store *db, int64_t standard_id, arena *ar, struct ms_apparatus **items,
                       int *n, ms_err *err);
int reg_personnel_insert(store *db, struct ms_personnel *p, const char *now, ms_err *err);
int reg_personnel_list(store *db, int64_t standard_id, arena *ar, struct ms_personnel **items,
                       int *n, ms_err *err);

/* ---- alerts (as of a date, within scope) */
struct reg_alert {
    const char *kind; /* cert_expiring | cert_expired | apparatus_overdue | understaffed */
    int64_t standard_id;
    const char *standard_name;
    const char *cert_no;
    int64_t unit_id;
    const char *unit_name;
    const char *date;   /* expiry or due date; NULL for never calibrated */
    const char *detail; /* apparatus name, or qualified staff count */
};
/* Alerts of every kind for active or sealed standards, LIMIT each kind to
 * MAX rows (0 = no limit); COUNTS[4] gets the full count of each kind in the
 * order expiring, expired, overdue, understaffed. Certificates expiring in
 * [AS_OF, UNTIL) are "expiring", before AS_OF "expired"; apparatus of active
 * standards due before AS_OF or never calibrated are "overdue"; active
 * standards with fewer than two staff qualified on AS_OF "understaffed". */
int reg_alerts(store *db, const struct store_scope *sc, const char *as_of, const char *until,
               int max, arena *ar, struct reg_alert **items, int *n, int64_t counts[4],
               ms_err *err);

/* ---- summary */
struct reg_summary {
    int64_t authorities, units, standards, active, sealed, revoked, replaced, expired, apparatus,
        personnel, inspectors, complaints, violations;
    int64_t by_field[100]; /* active standards by level-1 field code */
};
int reg_summary(store *db, const struct store_scope *sc, struct reg_summary *out, ms_err *err);

/* ---- inspectors, complaints, violations (insert only for now) */
int reg_inspector_insert(store *db, struct ms_inspector *i, const char *now, ms_err *err);
int reg_complaint_insert(store *db, struct ms_complaint *c, const char *now, ms_err *err);
int reg_violation_insert(store *db, struct ms_violation *v, const char *now, ms_err *err);

/* ---- loaders: fast inserts of many records of one entity inside the
 * caller's transaction (store_bulk underneath). Records must carry their id
 * (use reg_next_id); authorities must carry their path. */
typedef struct reg_loader reg_loader;
int reg_load_begin(store *db, enum reg_entity e, const char *now, reg_loader **out, ms_err *err);
int reg_load_authority(reg_loader *l, const struct ms_authority *a, ms_err *err);
int reg_load_unit(reg_loader *l, const struct ms_unit *u, ms_err *err);
int reg_load_standard(reg_loader *l, const struct ms_standard *s, ms_err *err);
int reg_load_apparatus(reg_loader *l, const struct ms_apparatus *a, ms_err *err);
int reg_load_personnel(reg_loader *l, const struct ms_personnel *p, ms_err *err);
int reg_load_inspector(reg_loader *l, const struct ms_inspector *i, ms_err *err);
int reg_load_conflict(reg_loader *l, int64_t id, int64_t inspector_id, int64_t unit_id,
                      const char *reason, const char *declared_on, ms_err *err);
int reg_load_complaint(reg_loader *l, const struct ms_complaint *c, ms_err *err);
int reg_load_violation(reg_loader *l, const struct ms_violation *v, ms_err *err);
/* Finish (MS_OK or the first error) and free L. */
int reg_load_end(reg_loader *l, ms_err *err);
void reg_load_abort(reg_loader *l);

/* Every cert_no / uscc already stored, visited once (for duplicate checks of
 * large imports without a query per row). */
int reg_each_key(store *db, enum reg_entity e, void (*fn)(const char *key, int64_t id, void *ctx),
                 void *ctx, ms_err *err);

#endif
