/* inspector.h - SQL of the inspector pool: the inspectors of an authority
 * (enforcement officers and invited 考评员) and their declared conflicts of
 * interest with units.
 *
 * Reads take the store_scope of the caller (its authority path: an
 * inspector belongs to the pool of its authority, visible to that authority
 * and those above it); outside the scope reads like missing (MS_ENOTFOUND).
 * Writes do not check scope: service/ does. Inserts of inspectors are
 * reg_inspector_insert (store/reg.h). Strings come back in the arena. */
#ifndef MS_STORE_INSPECTOR_H
#define MS_STORE_INSPECTOR_H

#include "store/reg.h"

/* Filters of a pool listing: 0 / NULL = any; ACTIVE -1 = any. */
struct inspdb_filter {
    int64_t authority_id; /* that authority's pool only */
    const char *kind;     /* enforcement | expert */
    const char *field;    /* a level-1 field code ("01") among the inspector's fields */
    int active;           /* 1, 0, or -1 for any */
};

/* A declared conflict of interest of an inspector with a unit. */
struct inspdb_conflict {
    int64_t id, inspector_id, unit_id;
    const char *unit_name;
    const char *reason;
    const char *declared_on; /* YYYY-MM-DD */
};

/* Inspector ID within SC into *OUT. MS_ENOTFOUND (field "id") when missing
 * or outside SC. */
int inspdb_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
               struct ms_inspector *out, ms_err *err);

/* A page of inspectors within SC matching F, in id order; *ITEMS is an
 * arena array of *N rows, *TOTAL counts every match. */
int inspdb_list(store *db, const struct store_scope *sc, const struct inspdb_filter *f,
                const struct store_page *pg, arena *ar, struct ms_inspector **items, int *n,
                int64_t *total, ms_err *err);

/* Write every column of I (by I->id) with updated_at NOW. */
int inspdb_update(store *db, const struct ms_inspector *i, const char *now, ms_err *err);

/* Insert C (C->id set). MS_ECONFLICT "inspector_conflict_exists" (field
 * "unit_id") when the inspector already declared a conflict with the unit. */
int inspdb_conflict_insert(store *db, struct inspdb_conflict *c, ms_err *err);

/* The conflicts of INSPECTOR_ID in id order, with unit names (arena). */
int inspdb_conflict_list(store *db, int64_t inspector_id, arena *ar, struct inspdb_conflict **items,
                         int *n, ms_err *err);

#endif
