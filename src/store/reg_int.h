/* reg_int.h - helpers shared by the reg_*.c files. Not for callers. */
#ifndef MS_REG_INT_H
#define MS_REG_INT_H

#include <stddef.h>

#include "core/alloc.h"
#include "store/reg.h"

/* The jurisdiction predicate, written once. Bind with reg_bind_scope_path
 * (2 params) then reg_bind_scope_unit (2 params), in that order.
 *   a  = the authority whose path decides (the certificate's for standards)
 *   id = the unit id column */
#define REG_SCOPE(a, id)                                                                           \
    " (CAST(? AS TEXT) IS NULL OR " a ".path LIKE ?)"                                              \
    " AND (CAST(? AS BIGINT) IS NULL OR " id " = ?) "

/* A unit is within an authority's jurisdiction when the authority (or one
 * below it) supervises it, or certified one of its standards. */
#define REG_SCOPE_UNIT                                                                             \
    " (CAST(? AS TEXT) IS NULL OR ua.path LIKE ? OR EXISTS (SELECT 1 FROM standards ss"            \
    " JOIN authorities sa ON sa.id = ss.cert_authority_id WHERE ss.unit_id = u.id AND"             \
    " sa.path LIKE ?)) AND (CAST(? AS BIGINT) IS NULL OR u.id = ?) "

int reg_bind_scope_path(store_stmt *st, int idx, const struct store_scope *sc, char *buf,
                        size_t size);
int reg_bind_scope_unit(store_stmt *st, int idx, const struct store_scope *sc);
/* Bind V twice for "(CAST(? AS ..) IS NULL OR col = ?)"; 0 / NULL / "" = no filter. */
int reg_bind_opt_int(store_stmt *st, int idx, int64_t v);
int reg_bind_opt_text(store_stmt *st, int idx, const char *v);
/* Bind a substring pattern three times (for "IS NULL OR a LIKE ? OR b LIKE ?");
 * *OWNED is freed by the caller with ms_free. */
int reg_bind_opt_like(store_stmt *st, int idx, const char *q, char **owned);
/* Bind LIMIT ? OFFSET ?. */
void reg_page_bind(store_stmt *st, int idx, const struct store_page *pg);
int reg_step_fail(ms_err *err);
char *reg_dup(arena *ar, store_stmt *st, int col);

/* The rows of SQL (one `?`, bound to ID) read by READ into a growing array
 * of ELEM-byte records in AR: *ITEMS and *N. One query, no count first.
 * READ fills the zeroed record X from the current row (strings into AR). */
typedef void (*reg_read_fn)(store_stmt *st, arena *ar, void *x);
int reg_rows_by_id(store *db, const char *sql, int64_t id, arena *ar, size_t elem, reg_read_fn read,
                   void **items, int *n, ms_err *err);

/* Filtered lists compose their SQL from constant fragments, one variant per
 * combination of filters present (a bit each), so that every variant uses
 * its indexes; no user data is ever part of the text. A variant is built
 * once per process and kept, so its address is stable for the statement
 * cache. HEAD and TAIL frame the WHERE clause ("SELECT ... WHERE 1=1", then
 * e.g. " ORDER BY id LIMIT ? OFFSET ?"); FRAGS[i] (" AND x = ?") is included
 * when bit i of MASK is set. NULL when memory is exhausted. */
struct reg_variants {
    const char *head, *tail;
    const char *const *frags;
    int nfrags;
    char **built; /* 1 << nfrags slots */
};
const char *reg_variant(struct reg_variants *v, unsigned mask);

#endif
