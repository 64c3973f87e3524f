/* audit.h - the audit trail (全程留痕): a tamper-evident SM3 hash chain.
 *
 * Every write of service/ calls audit_append() once, inside the transaction
 * of the change, so that the change and its audit row commit or vanish
 * together. Row N holds hash = SM3(prev_hash || canonical row), where
 * prev_hash is row N-1's hash (64 zeros for row 1) and the canonical row is
 * the canonical JSON (core/canon.h) of the object
 *   {"action","actor","change","client","entity","entity_id","prev_hash",
 *    "role","seq","time"}
 * (docs/audit.md has the exact rule and an outside check with openssl).
 * There is no function that edits or deletes an audit row. Verifying,
 * listing and exporting are for the roles system and auditor. */
#ifndef MS_SVC_AUDIT_H
#define MS_SVC_AUDIT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "core/sm3.h"
#include "service/svc.h"
#include "store/audit.h"

/* prev_hash of the first row. */
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Append one audit row for a change WHO made: ACTION names the use case
 * ("unit.create", "standard.seal" ...), ENTITY the kind of record ("unit",
 * "standard" ...), ENTITY_ID its id (0 when there is no single record),
 * CHANGE a small JSON value describing the change (NULL = null; borrowed,
 * the caller keeps its reference). Time, actor name, role and client
 * address come from the clock and WHO. Must run inside the caller's open
 * transaction (store_begin/store_tx): MS_EINTERNAL when none is open. Locks
 * the chain head until the transaction ends. MS_OK, MS_EINVAL when a text
 * is not valid UTF-8, or the database's error (roll back then). */
int audit_append(store *db, const ms_actor *who, const char *action, const char *entity,
                 int64_t entity_id, const json_t *change, ms_err *err);

/* Record that WHO read personal data of ENTITY ENTITY_ID (action "read",
 * DETAIL as the change, may be NULL). The caller decides which reads are
 * recorded (e.g. authority users opening contact details). Appends inside
 * the open transaction if there is one, else in a transaction of its own.
 * Results as audit_append. */
int audit_read(store *db, const ms_actor *who, const char *entity, int64_t entity_id,
               const json_t *detail, ms_err *err);

/* 1 when WHO may verify, list and export the trail (roles system, auditor). */
int audit_may_read(const ms_actor *who);

/* Outcome of audit_verify. */
struct audit_verify_result {
    int intact;         /* 1 when every row and the head agree */
    int64_t rows;       /* all rows when intact, else broken_seq - 1 (the good ones) */
    int64_t broken_seq; /* the first broken seq; 0 when intact */
    const char *reason; /* message key of the break (audit_* in core/msg_audit.c); NULL */
    char head_hash[SM3_HEX_LEN + 1]; /* when intact: the last row's hash (64 zeros when
                                        empty); else "" */
};

/* Recompute the whole chain in seq order and compare it with the head.
 * A row whose content, hash or link was changed, a removed row (also the
 * last one), rows swapped or added beyond the head: RES->intact = 0 and
 * RES->broken_seq names the first broken seq. Safe while others append.
 * MS_OK (whether intact or not), MS_EFORBIDDEN unless audit_may_read(WHO),
 * MS_EINTERNAL when the database fails. */
int audit_verify(store *db, const ms_actor *who, struct audit_verify_result *res, ms_err *err);

/* Write every row to OUT in seq order, one JSON object per line: the
 * canonical row with ,"hash":"<hash>" inserted before its final '}' (so the
 * canonical bytes are the line without its last member; docs/audit.md).
 * *ROWS (may be NULL) receives the number of lines. MS_OK, MS_EFORBIDDEN,
 * MS_ECONFLICT (key audit_row_invalid, arg = seq) when a stored row cannot
 * be written in canonical form, MS_EINTERNAL (database, or io_error). */
int audit_export(store *db, const ms_actor *who, FILE *out, int64_t *rows, ms_err *err);

/* A page of rows matching F (may be NULL), newest first, strings in AR, for
 * GET /api/v1/audit. F->from / F->to are RFC 3339 times or prefixes of one
 * ("2026-11-27"). MS_OK, MS_EFORBIDDEN, MS_EINVAL (field from / to /
 * per_page named), MS_EINTERNAL. */
int audit_list(store *db, const ms_actor *who, const struct audit_filter *f,
               const struct store_page *pg, arena *ar, struct audit_row **items, int *n,
               int64_t *total, ms_err *err);

/* R as a JSON object for the API: every column, "change" as a JSON value
 * (the stored text when it does not parse). NULL when memory is exhausted
 * or a text is not valid UTF-8. The caller releases with json_decref(). */
json_t *audit_row_json(const struct audit_row *r);

/* The canonical bytes of R (R->hash is ignored; R->change must be JSON
 * text): *OUT is NUL-terminated, *LEN its length; the caller frees *OUT
 * with ms_free(). MS_OK, MS_EINVAL (R->change is not JSON, or a text is
 * not valid UTF-8), MS_EINTERNAL (out of memory). */
int audit_canonical(const struct audit_row *r, char **out, size_t *len, ms_err *err);

/* hash = SM3(PREV_HASH || CANONICAL[0..LEN)) as 64 lowercase hex digits in
 * OUT. MS_OK or MS_EINTERNAL. */
int audit_hash(const char *prev_hash, const char *canonical, size_t len, char out[SM3_HEX_LEN + 1]);

#endif
