/* audit.h - SQL of the audit trail (全程留痕): the append-only table audit
 * and its one-row head audit_head (see schema/<dialect>/003_audit.sql).
 *
 * Only service/audit.c calls these: it computes the hashes, checks the
 * permissions and owns the transaction. There is no function that updates
 * or deletes an audit row. */
#ifndef MS_STORE_AUDIT_H
#define MS_STORE_AUDIT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/sm3.h"
#include "store/reg.h"
#include "store/store.h"

/* One audit row. Strings are borrowed (scan) or in an arena (list). */
struct audit_row {
    int64_t seq;
    const char *time;   /* RFC 3339 UTC */
    const char *actor;  /* username */
    const char *role;   /* role of the actor */
    const char *client; /* client address, "cli" */
    const char *action; /* "unit.create", "read" ... */
    const char *entity; /* "unit", "standard" ... */
    int64_t entity_id;  /* 0: no single record */
    const char *change; /* canonical JSON text */
    const char *prev_hash;
    const char *hash;
};

/* Filters of audit_db_list; NULL/""/0 = no filter. FROM and TO compare with
 * the RFC 3339 time as text: time >= FROM, and the first strlen(TO)
 * characters of time <= TO (so TO = "2026-11-27" includes that whole day). */
struct audit_filter {
    const char *actor, *entity, *action, *from, *to;
    int64_t entity_id;
};

/* Lock the head inside the caller's transaction and advance it by one:
 * *SEQ receives the seq of the row to append, PREV_HASH the hash of the row
 * before it (64 zeros for the first). A concurrent writer waits on the lock
 * until this transaction ends. MS_OK, or MS_EINTERNAL (no head row, or the
 * database failed) with ERR set. */
int audit_db_reserve(store *db, int64_t *seq, char prev_hash[SM3_HEX_LEN + 1], ms_err *err);

/* Insert R (every field set; R->seq from audit_db_reserve) and set the
 * head's hash to R->hash, inside the caller's transaction. MS_OK or the
 * database error (MS_ECONFLICT for a duplicate seq, else MS_EINTERNAL). */
int audit_db_insert(store *db, const struct audit_row *r, ms_err *err);

/* The head: seq of the last row (0 when empty) and its hash. MS_OK or
 * MS_EINTERNAL. */
int audit_db_head(store *db, int64_t *seq, char hash[SM3_HEX_LEN + 1], ms_err *err);

/* Called once per row; the row's strings are valid during the call only.
 * Return 0 to go on, anything else to stop the scan. */
typedef int (*audit_db_fn)(void *ctx, const struct audit_row *r);

/* Visit at most LIMIT rows with seq > AFTER_SEQ in seq order (one
 * statement: page through a long trail by calling again with the last seq
 * seen). *N receives the number of rows visited. FN must not use DB. MS_OK
 * (also when FN stopped early) or MS_EINTERNAL. */
int audit_db_scan(store *db, int64_t after_seq, int limit, audit_db_fn fn, void *ctx, int *n,
                  ms_err *err);

/* A page of rows matching F, newest first, with strings in AR; *TOTAL is the
 * number of matching rows. PG may be NULL (page 1, 50 rows; at most 500).
 * MS_OK or MS_EINTERNAL (out of memory or the database). */
int audit_db_list(store *db, const struct audit_filter *f, const struct store_page *pg, arena *ar,
                  struct audit_row **items, int *n, int64_t *total, ms_err *err);

#endif
