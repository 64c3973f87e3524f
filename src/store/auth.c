/* auth.c - SQL of accounts, sessions, API tokens and rate limits (see auth.h). */
#include <stdio.h>
#include <string.h>

#include "store/auth.h"

/* ------------------------------------------------------------- helpers */

static int step_fail(ms_err *err)
{
    return err && err->code ? err->code : MS_EINTERNAL;
}

static const char *dup(arena *ar, store_stmt *st, int col)
{
    return arena_strdup(ar, store_col_text(st, col));
}

static void bind_opt_id(store_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        store_bind_int(st, idx, v);
    else
        store_bind_null(st, idx);
}

/* Run ST (bound) expecting no rows; MS_OK or the error. */
static int run(store_stmt *st, int64_t *changes, ms_err *err)
{
    int rc = store_step(st, err);

    if (changes)
        *changes = store_changes(st);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : step_fail(err);
}

/* ---------------------------------------------------------------- users */

#define USER_COLS                                                                                  \
    "u.id, u.username, u.display_name, u.role, u.authority_id, u.unit_id, u.inspector_id,"         \
    " a.code, a.path, un.uscc, un.name, u.password_hash, u.must_change, u.failed_count,"           \
    " u.locked_until, u.disabled, u.password_changed_at, u.last_login_at, u.created_at,"           \
    " u.updated_at"
#define USER_FROM                                                                                  \
    " FROM users u LEFT JOIN authorities a ON a.id = u.authority_id"                               \
    " LEFT JOIN units un ON un.id = u.unit_id"

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (username, display_name, role, authority_id, unit_id, inspector_id,"
    " password_hash, must_change, failed_count, disabled, password_changed_at, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?) RETURNING id";
static const char SQL_USER_UPDATE[] =
    "UPDATE users SET display_name = ?, role = ?, authority_id = ?, unit_id = ?,"
    " inspector_id = ?, updated_at = ? WHERE id = ?";
static const char SQL_USER_GET[] = "SELECT " USER_COLS USER_FROM " WHERE u.id = ?";
static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLS USER_FROM " WHERE u.username = ?";
static const char SQL_USER_LIST[] =
    "SELECT " USER_COLS USER_FROM " WHERE (CAST(? AS TEXT) IS NULL OR u.role = ?)"
    " ORDER BY u.username LIMIT ? OFFSET ?";
static const char SQL_USER_COUNT[] =
    "SELECT count(*) FROM users u WHERE (CAST(? AS TEXT) IS NULL OR u.role = ?)";
static const char SQL_USER_SET_PASSWORD[] =
    "UPDATE users SET password_hash = ?, must_change = ?, password_changed_at = ?,"
    " updated_at = ? WHERE id = ?";
static const char SQL_USER_SET_DISABLED[] =
    "UPDATE users SET disabled = ?, failed_count = CASE WHEN ? = 0 THEN 0 ELSE failed_count END,"
    " locked_until = CASE WHEN ? = 0 THEN NULL ELSE locked_until END, updated_at = ?"
    " WHERE id = ?";
static const char SQL_USER_FAILED[] =
    "UPDATE users SET failed_count = failed_count + 1 WHERE id = ? RETURNING failed_count";
static const char SQL_USER_LOCK[] =
    "UPDATE users SET failed_count = 0, locked_until = ?, updated_at = ? WHERE id = ?";
static const char SQL_USER_LOGIN_OK[] =
    "UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE id = ?";
static const char SQL_INSPECTOR_AUTHORITY[] = "SELECT authority_id FROM inspectors WHERE id = ?";

/* Read a user row whose first column is FIRST. */
static void read_user(store_stmt *st, int first, arena *ar, struct authdb_user *u)
{
    int c = first;

    memset(u, 0, sizeof *u);
    u->id = store_col_int(st, c++);
    u->username = dup(ar, st, c++);
    u->display_name = dup(ar, st, c++);
    u->role = dup(ar, st, c++);
    u->authority_id = store_col_int(st, c++);
    u->unit_id = store_col_int(st, c++);
    u->inspector_id = store_col_int(st, c++);
    u->authority_code = dup(ar, st, c++);
    u->authority_path = dup(ar, st, c++);
    u->unit_uscc = dup(ar, st, c++);
    u->unit_name = dup(ar, st, c++);
    u->password_hash = dup(ar, st, c++);
    u->must_change = (int)store_col_int(st, c++);
    u->failed_count = (int)store_col_int(st, c++);
    u->locked_until = dup(ar, st, c++);
    u->disabled = (int)store_col_int(st, c++);
    u->password_changed_at = dup(ar, st, c++);
    u->last_login_at = dup(ar, st, c++);
    u->created_at = dup(ar, st, c++);
    u->updated_at = dup(ar, st, c++);
}

int authdb_user_insert(store *db, struct authdb_user *u, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_INSERT, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, u->username);
    store_bind_text(st, 2, u->display_name);
    store_bind_text(st, 3, u->role);
    bind_opt_id(st, 4, u->authority_id);
    bind_opt_id(st, 5, u->unit_id);
    bind_opt_id(st, 6, u->inspector_id);
    store_bind_text(st, 7, u->password_hash);
    store_bind_int(st, 8, u->must_change ? 1 : 0);
    store_bind_text(st, 9, now);
    store_bind_text(st, 10, now);
    store_bind_text(st, 11, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        u->id = store_col_int(st, 0);
    store_reset(st);
    if (rc == STORE_ROW)
        return MS_OK;
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "username", "duplicate", u->username);
    return step_fail(err);
}

int authdb_user_update(store *db, const struct authdb_user *u, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_UPDATE, err);
    int64_t changed = 0;
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, u->display_name);
    store_bind_text(st, 2, u->role);
    bind_opt_id(st, 3, u->authority_id);
    bind_opt_id(st, 4, u->unit_id);
    bind_opt_id(st, 5, u->inspector_id);
    store_bind_text(st, 6, now);
    store_bind_int(st, 7, u->id);
    rc = run(st, &changed, err);
    if (rc == MS_OK && changed == 0)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)u->id);
    return rc;
}

/* Run a single-row user query bound by the caller. */
static int user_one(store_stmt *st, arena *ar, struct authdb_user *out, const char *field,
                    const char *what, ms_err *err)
{
    int rc = store_step(st, err);

    if (rc == STORE_ROW)
        read_user(st, 0, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, field, "not_found", what);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_user_get(store *db, int64_t id, arena *ar, struct authdb_user *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_GET, err);
    char what[24];

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, id);
    snprintf(what, sizeof what, "%lld", (long long)id);
    return user_one(st, ar, out, "id", what, err);
}

int authdb_user_by_name(store *db, const char *username, arena *ar, struct authdb_user *out,
                        ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_BY_NAME, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, username);
    return user_one(st, ar, out, "username", username, err);
}

int authdb_user_list(store *db, const char *role, const struct store_page *pg, arena *ar,
                     struct authdb_user **items, int *n, int64_t *total, ms_err *err)
{
    int per = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;
    int page = pg && pg->page > 0 ? pg->page : 1;
    store_stmt *st;
    int rc;

    *n = 0;
    *total = 0;
    if (role && !*role)
        role = NULL;
    *items = arena_alloc(ar, sizeof **items * (size_t)per);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    st = store_prepare(db, SQL_USER_COUNT, err);
    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, role);
    store_bind_text(st, 2, role);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return step_fail(err);
    st = store_prepare(db, SQL_USER_LIST, err);
    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, role);
    store_bind_text(st, 2, role);
    store_bind_int(st, 3, per);
    store_bind_int(st, 4, (int64_t)(page - 1) * per);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < per)
        read_user(st, 0, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? step_fail(err) : MS_OK;
}

int authdb_user_set_password(store *db, int64_t id, const char *hash, int must_change,
                             const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_SET_PASSWORD, err);
    int64_t changed = 0;
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, hash);
    store_bind_int(st, 2, must_change ? 1 : 0);
    store_bind_text(st, 3, now);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, id);
    rc = run(st, &changed, err);
    if (rc == MS_OK && changed == 0)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc;
}

int authdb_user_set_disabled(store *db, int64_t id, int disabled, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_SET_DISABLED, err);
    int64_t changed = 0;
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, disabled ? 1 : 0);
    store_bind_int(st, 2, disabled ? 1 : 0);
    store_bind_int(st, 3, disabled ? 1 : 0);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, id);
    rc = run(st, &changed, err);
    if (rc == MS_OK && changed == 0)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc;
}

int authdb_user_login_failed(store *db, int64_t id, int max_failures, const char *lock_until,
                             const char *now, int *locked, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_FAILED, err);
    int64_t count = 0;
    int rc;

    *locked = 0;
    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        count = store_col_int(st, 0);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    if (rc != STORE_ROW)
        return step_fail(err);
    if (count < max_failures)
        return MS_OK;
    st = store_prepare(db, SQL_USER_LOCK, err);
    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, lock_until);
    store_bind_text(st, 2, now);
    store_bind_int(st, 3, id);
    rc = run(st, NULL, err);
    if (rc == MS_OK)
        *locked = 1;
    return rc;
}

int authdb_user_login_ok(store *db, int64_t id, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_USER_LOGIN_OK, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_int(st, 2, id);
    return run(st, NULL, err);
}

int authdb_inspector_authority(store *db, int64_t id, int64_t *authority_id, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSPECTOR_AUTHORITY, err);
    int rc;

    *authority_id = 0;
    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *authority_id = store_col_int(st, 0);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "inspector_id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

/* ------------------------------------------------------------- sessions */

#define SESSION_COLS                                                                               \
    "s.id, s.user_id, s.token_hash, s.csrf_hash, s.client_addr, s.created_at, s.last_seen_at,"     \
    " s.expires_at, s.ended_at, s.end_reason"
#define SESSION_NCOLS 10

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (user_id, token_hash, csrf_hash, client_addr, created_at,"
    " last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_SESSION_FIND[] =
    "SELECT " SESSION_COLS ", " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
    " LEFT JOIN authorities a ON a.id = u.authority_id"
    " LEFT JOIN units un ON un.id = u.unit_id"
    " WHERE s.token_hash = ?";
static const char SQL_SESSION_TOUCH[] =
    "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?";
static const char SQL_SESSION_END[] =
    "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL";
static const char SQL_SESSION_END_USER[] =
    "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND id <> ?"
    " AND ended_at IS NULL";
static const char SQL_SESSION_PRUNE[] = "DELETE FROM sessions WHERE ended_at < ? OR expires_at < ?";

static void read_session(store_stmt *st, arena *ar, struct authdb_session *s)
{
    s->id = store_col_int(st, 0);
    s->user_id = store_col_int(st, 1);
    s->token_hash = dup(ar, st, 2);
    s->csrf_hash = dup(ar, st, 3);
    s->client_addr = dup(ar, st, 4);
    s->created_at = dup(ar, st, 5);
    s->last_seen_at = dup(ar, st, 6);
    s->expires_at = dup(ar, st, 7);
    s->ended_at = dup(ar, st, 8);
    s->end_reason = dup(ar, st, 9);
}

int authdb_session_insert(store *db, struct authdb_session *s, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_INSERT, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, s->user_id);
    store_bind_text(st, 2, s->token_hash);
    store_bind_text(st, 3, s->csrf_hash);
    store_bind_text(st, 4, s->client_addr);
    store_bind_text(st, 5, s->created_at);
    store_bind_text(st, 6, s->last_seen_at);
    store_bind_text(st, 7, s->expires_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        s->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_session_find(store *db, const char *token_hash, arena *ar, struct authdb_session *s,
                        struct authdb_user *u, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_FIND, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, token_hash);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        read_session(st, ar, s);
        read_user(st, SESSION_NCOLS, ar, u);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "session", "not_found", NULL);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_session_touch(store *db, int64_t id, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_TOUCH, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_int(st, 2, id);
    store_bind_text(st, 3, now);
    return run(st, NULL, err);
}

int authdb_session_end(store *db, int64_t id, const char *reason, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_END, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_text(st, 2, reason);
    store_bind_int(st, 3, id);
    return run(st, NULL, err);
}

int authdb_session_end_user(store *db, int64_t user_id, int64_t except_id, const char *reason,
                            const char *now, int64_t *ended, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_END_USER, err);

    if (ended)
        *ended = 0;
    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_text(st, 2, reason);
    store_bind_int(st, 3, user_id);
    store_bind_int(st, 4, except_id);
    return run(st, ended, err);
}

int authdb_session_prune(store *db, const char *before, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SESSION_PRUNE, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, before);
    store_bind_text(st, 2, before);
    return run(st, NULL, err);
}

/* ----------------------------------------------------------- API tokens */

#define TOKEN_COLS                                                                                 \
    "t.id, t.user_id, t.name, t.token_hash, t.prefix, t.created_at, t.expires_at,"                 \
    " t.last_used_at, t.revoked_at"
#define TOKEN_NCOLS 9

static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_TOKEN_FIND[] =
    "SELECT " TOKEN_COLS ", " USER_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id"
    " LEFT JOIN authorities a ON a.id = u.authority_id"
    " LEFT JOIN units un ON un.id = u.unit_id"
    " WHERE t.token_hash = ?";
static const char SQL_TOKEN_GET[] = "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.id = ?";
static const char SQL_TOKEN_LIST[] =
    "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.user_id = ? ORDER BY t.id DESC LIMIT 500";
static const char SQL_TOKEN_REVOKE[] =
    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
static const char SQL_TOKEN_USED[] = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?";

static void read_token(store_stmt *st, arena *ar, struct authdb_token *t)
{
    t->id = store_col_int(st, 0);
    t->user_id = store_col_int(st, 1);
    t->name = dup(ar, st, 2);
    t->token_hash = dup(ar, st, 3);
    t->prefix = dup(ar, st, 4);
    t->created_at = dup(ar, st, 5);
    t->expires_at = dup(ar, st, 6);
    t->last_used_at = dup(ar, st, 7);
    t->revoked_at = dup(ar, st, 8);
}

int authdb_token_insert(store *db, struct authdb_token *t, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_INSERT, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, t->user_id);
    store_bind_text(st, 2, t->name);
    store_bind_text(st, 3, t->token_hash);
    store_bind_text(st, 4, t->prefix);
    store_bind_text(st, 5, t->created_at);
    store_bind_text(st, 6, t->expires_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        t->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_token_find(store *db, const char *token_hash, arena *ar, struct authdb_token *t,
                      struct authdb_user *u, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_FIND, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, token_hash);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        read_token(st, ar, t);
        read_user(st, TOKEN_NCOLS, ar, u);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "token", "not_found", NULL);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_token_get(store *db, int64_t id, arena *ar, struct authdb_token *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_GET, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_token(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_token_list(store *db, int64_t user_id, arena *ar, struct authdb_token **items, int *n,
                      ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_LIST, err);
    int rc, cap = 16;

    *n = 0;
    *items = NULL;
    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, user_id);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        if (!*items || *n == cap) {
            struct authdb_token *grown;
            if (*items)
                cap *= 2;
            grown = arena_alloc(ar, sizeof *grown * (size_t)cap);
            if (!grown) {
                store_reset(st);
                return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            }
            if (*items)
                memcpy(grown, *items, sizeof *grown * (size_t)*n);
            *items = grown;
        }
        read_token(st, ar, &(*items)[(*n)++]);
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : step_fail(err);
}

int authdb_token_revoke(store *db, int64_t id, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_REVOKE, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_int(st, 2, id);
    return run(st, NULL, err);
}

int authdb_token_used(store *db, int64_t id, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TOKEN_USED, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_int(st, 2, id);
    return run(st, NULL, err);
}

/* ---------------------------------------------------------- rate limits */

/* One statement on both dialects: the upsert moves the window on and
 * returns the counts, atomically, so several servers share the counter. */
static const char SQL_RATE_HIT[] =
    "INSERT INTO rate_limits (bucket, client, window_start, hits, prev_hits, expires_at)"
    " VALUES (?, ?, ?, 1, 0, ?) ON CONFLICT (bucket, client) DO UPDATE SET"
    " prev_hits = CASE WHEN rate_limits.window_start = excluded.window_start"
    " THEN rate_limits.prev_hits WHEN rate_limits.window_start = ? THEN rate_limits.hits"
    " ELSE 0 END,"
    " hits = CASE WHEN rate_limits.window_start = excluded.window_start"
    " THEN rate_limits.hits + 1 ELSE 1 END,"
    " window_start = excluded.window_start, expires_at = excluded.expires_at"
    " RETURNING hits, prev_hits";
static const char SQL_RATE_PRUNE[] = "DELETE FROM rate_limits WHERE expires_at < ?";

int authdb_rate_hit(store *db, const char *bucket, const char *client, const char *window_start,
                    const char *prev_start, const char *expires_at, int64_t *hits,
                    int64_t *prev_hits, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_RATE_HIT, err);
    int rc;

    *hits = *prev_hits = 0;
    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, bucket);
    store_bind_text(st, 2, client);
    store_bind_text(st, 3, window_start);
    store_bind_text(st, 4, expires_at);
    store_bind_text(st, 5, prev_start);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        *hits = store_col_int(st, 0);
        *prev_hits = store_col_int(st, 1);
        /* Drain the statement so that the write completes on SQLite. */
        rc = store_step(st, err) == STORE_DONE ? STORE_ROW : STORE_ERROR;
    }
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int authdb_rate_prune(store *db, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_RATE_PRUNE, err);

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, now);
    return run(st, NULL, err);
}

/* ----------------------------------------------------------------- demo */

static const char SQL_DEMO_INSPECTOR[] =
    "SELECT i.id, i.authority_id FROM inspectors i JOIN authorities a ON a.id = i.authority_id"
    " WHERE i.active = 1 AND a.path LIKE ?"
    " ORDER BY CASE WHEN i.authority_id = ? THEN 0 ELSE 1 END, i.id LIMIT 1";
static const char SQL_DEMO_UNITS[] =
    "SELECT u.id, u.uscc, u.authority_id FROM units u JOIN authorities a ON a.id = u.authority_id"
    " WHERE u.status = 'active' AND a.path LIKE ? ORDER BY u.id LIMIT 1000";

int authdb_demo_inspector(store *db, int64_t authority_id, const char *path, int64_t *id,
                          int64_t *inspector_authority, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DEMO_INSPECTOR, err);
    char pattern[200];
    int rc;

    *id = *inspector_authority = 0;
    if (!st)
        return step_fail(err);
    snprintf(pattern, sizeof pattern, "%s%%", path);
    store_bind_text(st, 1, pattern);
    store_bind_int(st, 2, authority_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        *id = store_col_int(st, 0);
        *inspector_authority = store_col_int(st, 1);
    }
    store_reset(st);
    return rc == STORE_ERROR ? step_fail(err) : MS_OK;
}

int authdb_demo_units(store *db, const char *path, arena *ar, int64_t id[2], const char *uscc[2],
                      ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DEMO_UNITS, err);
    char pattern[200];
    int64_t first_authority = 0;
    int rc;

    id[0] = id[1] = 0;
    uscc[0] = uscc[1] = NULL;
    if (!st)
        return step_fail(err);
    snprintf(pattern, sizeof pattern, "%s%%", path);
    store_bind_text(st, 1, pattern);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t authority = store_col_int(st, 2);
        if (!id[0]) {
            id[0] = store_col_int(st, 0);
            uscc[0] = dup(ar, st, 1);
            first_authority = authority;
        } else if (authority != first_authority) {
            id[1] = store_col_int(st, 0);
            uscc[1] = dup(ar, st, 1);
            break;
        }
    }
    store_reset(st);
    return rc == STORE_ERROR ? step_fail(err) : MS_OK;
}
