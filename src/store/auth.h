/* auth.h - SQL of accounts, sessions, API tokens and rate-limit counters
 * (tables of migration 002_auth).
 *
 * Rows only: no permission, policy or clock here. Times are RFC 3339 UTC
 * text handed in by service/ and compared as text. Secrets never reach this
 * layer: only password hash strings and SM3 digests of tokens. Records read
 * come back with strings in the caller's arena. Writes run inside the
 * caller's transaction when one is open. */
#ifndef MS_STORE_AUTH_H
#define MS_STORE_AUTH_H

#include "core/arena.h"
#include "store/reg.h"
#include "store/store.h"

/* An account. Joined columns (authority_code, authority_path, unit_uscc,
 * unit_name) are filled by reads and ignored by writes. */
struct authdb_user {
    int64_t id;
    const char *username;
    const char *display_name;
    const char *role; /* sysadmin secadmin auditor authority inspector unit */
    int64_t authority_id, unit_id, inspector_id; /* 0 = none */
    const char *authority_code, *authority_path, *unit_uscc, *unit_name;
    const char *password_hash;
    int must_change;
    int failed_count;
    const char *locked_until; /* NULL: not locked by failures */
    int disabled;             /* locked by an administrator */
    const char *password_changed_at, *last_login_at, *created_at, *updated_at;
};

struct authdb_session {
    int64_t id, user_id;
    const char *token_hash, *csrf_hash, *client_addr;
    const char *created_at, *last_seen_at, *expires_at, *ended_at, *end_reason;
};

struct authdb_token {
    int64_t id, user_id;
    const char *name, *token_hash, *prefix;
    const char *created_at, *expires_at, *last_used_at, *revoked_at;
};

/* ---- users */

/* Insert U (U->id set on return) with created_at = updated_at =
 * password_changed_at = NOW. MS_ECONFLICT on field "username" (key
 * "duplicate") when the name is taken; MS_EINTERNAL otherwise. */
int authdb_user_insert(store *db, struct authdb_user *u, const char *now, ms_err *err);

/* Write display_name, role, authority_id, unit_id and inspector_id of U
 * (by U->id). MS_ENOTFOUND when there is no such row. */
int authdb_user_update(store *db, const struct authdb_user *u, const char *now, ms_err *err);

/* One account by id or by user name into OUT. MS_ENOTFOUND (field "id" or
 * "username") when missing. */
int authdb_user_get(store *db, int64_t id, arena *ar, struct authdb_user *out, ms_err *err);
int authdb_user_by_name(store *db, const char *username, arena *ar, struct authdb_user *out,
                        ms_err *err);

/* Accounts ordered by user name, optionally of one ROLE (NULL = all). *ITEMS
 * is an arena array of *N rows (at most per_page); *TOTAL counts them all. */
int authdb_user_list(store *db, const char *role, const struct store_page *pg, arena *ar,
                     struct authdb_user **items, int *n, int64_t *total, ms_err *err);

/* Set the password hash and must_change; password_changed_at = NOW. */
int authdb_user_set_password(store *db, int64_t id, const char *hash, int must_change,
                             const char *now, ms_err *err);

/* Administrator lock (DISABLED 1) or unlock (0). Unlocking also clears the
 * failure counter and any automatic lockout. MS_ENOTFOUND when missing. */
int authdb_user_set_disabled(store *db, int64_t id, int disabled, const char *now, ms_err *err);

/* Count one failed login of user ID. When the count reaches MAX_FAILURES,
 * lock the account until LOCK_UNTIL and restart the count; *LOCKED is then
 * 1 (else 0). */
int authdb_user_login_failed(store *db, int64_t id, int max_failures, const char *lock_until,
                             const char *now, int *locked, ms_err *err);

/* A successful login at NOW: failure count 0, lockout cleared. */
int authdb_user_login_ok(store *db, int64_t id, const char *now, ms_err *err);

/* The authority of inspectors-table row ID into *AUTHORITY_ID.
 * MS_ENOTFOUND (field "inspector_id") when there is none. */
int authdb_inspector_authority(store *db, int64_t id, int64_t *authority_id, ms_err *err);

/* ---- sessions */

/* Insert S (S->id set): user_id, token_hash, csrf_hash, client_addr,
 * created_at, last_seen_at, expires_at. */
int authdb_session_insert(store *db, struct authdb_session *s, ms_err *err);

/* The session whose token digest is TOKEN_HASH, with its account, into S
 * and U. MS_ENOTFOUND (field "session") when there is none (ended sessions
 * are found too: check S->ended_at). */
int authdb_session_find(store *db, const char *token_hash, arena *ar, struct authdb_session *s,
                        struct authdb_user *u, ms_err *err);

/* Move last_seen_at of session ID to NOW. */
int authdb_session_touch(store *db, int64_t id, const char *now, ms_err *err);

/* End session ID (if still open) with REASON at NOW. */
int authdb_session_end(store *db, int64_t id, const char *reason, const char *now, ms_err *err);

/* End every open session of USER_ID except EXCEPT_ID (0 = none); *ENDED
 * (may be NULL) gets how many. */
int authdb_session_end_user(store *db, int64_t user_id, int64_t except_id, const char *reason,
                            const char *now, int64_t *ended, ms_err *err);

/* Delete sessions that ended or expired before BEFORE. */
int authdb_session_prune(store *db, const char *before, ms_err *err);

/* ---- API tokens */

/* Insert T (T->id set): user_id, name, token_hash, prefix, created_at,
 * expires_at (NULL = none). */
int authdb_token_insert(store *db, struct authdb_token *t, ms_err *err);

/* The token whose digest is TOKEN_HASH, with its account. MS_ENOTFOUND
 * (field "token") when missing (revoked ones are found: check revoked_at). */
int authdb_token_find(store *db, const char *token_hash, arena *ar, struct authdb_token *t,
                      struct authdb_user *u, ms_err *err);

/* Token ID into OUT; MS_ENOTFOUND (field "id") when missing. */
int authdb_token_get(store *db, int64_t id, arena *ar, struct authdb_token *out, ms_err *err);

/* Tokens of USER_ID, newest first (digests included). */
int authdb_token_list(store *db, int64_t user_id, arena *ar, struct authdb_token **items, int *n,
                      ms_err *err);

/* Revoke token ID at NOW (no-op when already revoked). */
int authdb_token_revoke(store *db, int64_t id, const char *now, ms_err *err);

/* Record the use of token ID at NOW. */
int authdb_token_used(store *db, int64_t id, const char *now, ms_err *err);

/* ---- rate limits */

/* Count one hit of CLIENT in BUCKET for the window starting at WINDOW_START
 * (PREV_START is the window before it). When the stored window is another,
 * the counter moves on: the previous window keeps its count only if it was
 * PREV_START. *HITS and *PREV_HITS get the counts after this hit. EXPIRES_AT
 * is when the row may be pruned. One atomic statement (upsert). */
int authdb_rate_hit(store *db, const char *bucket, const char *client, const char *window_start,
                    const char *prev_start, const char *expires_at, int64_t *hits,
                    int64_t *prev_hits, ms_err *err);

/* Delete counters that expired before NOW. */
int authdb_rate_prune(store *db, const char *now, ms_err *err);

/* ---- demo accounts: picks from the registry */

/* The first active inspector (lowest id) of the subtree at PATH ("/1/5/"),
 * those of the authority AUTHORITY_ID itself first: *ID and its
 * *INSPECTOR_AUTHORITY, both 0 when there is none. */
int authdb_demo_inspector(store *db, int64_t authority_id, const char *path, int64_t *id,
                          int64_t *inspector_authority, ms_err *err);

/* Two active units (lowest ids) supervised by two different authorities of
 * the subtree at PATH: ids into ID[2], their USCCs (arena) into USCC[2];
 * ids 0 when fewer exist. */
int authdb_demo_units(store *db, const char *path, arena *ar, int64_t id[2], const char *uscc[2],
                      ms_err *err);

#endif
