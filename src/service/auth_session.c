/* auth_session.c - login and lockout, sessions, CSRF, API tokens and rate
 * limits (see auth.h). */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/date.h"
#include "core/sm3.h"
#include "core/text.h"
#include "core/uscc.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/auth_int.h"

/* --------------------------------------------------------------- sessions */

/* Fill the actor of U into OUT (strings in AR). */
static int fill_session(const struct authdb_user *u, enum ms_lang lang, const char *client,
                        arena *ar, auth_session *out, ms_err *err)
{
    ms_actor *a = &out->actor;

    a->name = u->username;
    a->role = u->role;
    a->user_id = u->id;
    a->lang = lang;
    a->client_addr = arena_strdup(ar, client ? client : "");
    a->session_id = out->session_id;
    if (auth_uses_authority(u->role)) {
        a->authority_id = u->authority_id;
        if (!u->authority_path || strlen(u->authority_path) >= sizeof a->authority_path)
            return ms_fail(err, MS_EINTERNAL, "", "internal", "authority path");
        snprintf(a->authority_path, sizeof a->authority_path, "%s", u->authority_path);
    }
    if (strcmp(u->role, "unit") == 0)
        a->unit_id = u->unit_id;
    out->password_change_required = u->must_change;
    return a->client_addr ? MS_OK : auth_oom(err);
}

struct login_tx {
    const ms_actor *who; /* for the audit row */
    const struct authdb_user *u;
    int ok;
    const char *failure; /* key of a refused login */
    struct authdb_session s;
    const char *lock_until, *now;
    int max_failures;
    int locked; /* out */
};

static int tx_login(store *db, void *ctx, ms_err *err)
{
    struct login_tx *t = ctx;
    int64_t id = t->u ? t->u->id : 0;
    int rc = MS_OK;

    if (t->ok) {
        rc = authdb_user_login_ok(db, id, t->now, err);
        if (rc == MS_OK)
            rc = authdb_session_insert(db, &t->s, err);
        if (rc == MS_OK)
            rc = auth_audit(db, t->who, "session.login", "session", t->s.id,
                            json_pack("{s:I}", "user_id", (json_int_t)id), err);
        return rc;
    }
    t->locked = 0;
    if (t->u && strcmp(t->failure, "bad_credentials") == 0)
        rc = authdb_user_login_failed(db, id, t->max_failures, t->lock_until, t->now, &t->locked,
                                      err);
    if (rc == MS_OK)
        rc = auth_audit(db, t->who, "session.login_failed", "user", id,
                        json_pack("{s:s, s:s, s:b}", "username", t->who->name, "reason", t->failure,
                                  "locked", t->locked),
                        err);
    return rc;
}

int auth_login(store *db, const struct auth_config *cfg, const char *username, const char *password,
               const char *client_addr, enum ms_lang lang, time_t now, arena *ar, auth_session *out,
               ms_err *err)
{
    struct auth_config defaults;
    struct authdb_user u;
    struct login_tx t = {0};
    ms_actor who = {.role = "anonymous", .name = "?", .lang = lang};
    char now_s[32], until[32], expires[32];
    char token[2 * TOKEN_BYTES + 1], csrf[2 * TOKEN_BYTES + 1];
    char token_hash[PASSWORD_DIGEST_HEX], csrf_hash[PASSWORD_DIGEST_HEX];
    const char *name = NULL;
    int rc, found = 0;

    memset(out, 0, sizeof *out);
    token[0] = csrf[0] = '\0';
    if (!cfg) {
        auth_config_default(&defaults);
        cfg = &defaults;
    }
    who.client_addr = client_addr ? client_addr : "";
    if (client_addr && cfg->login_limit > 0 &&
        (rc = auth_rate_check(db, "login", client_addr, cfg->login_limit, cfg->login_window_s, now,
                              err)) != MS_OK)
        goto out;
    if (text_blank(username)) {
        rc = ms_fail(err, MS_EINVAL, "username", "required", NULL);
        goto out;
    }
    if (!password || !*password) {
        rc = ms_fail(err, MS_EINVAL, "password", "required", NULL);
        goto out;
    }
    auth_fmt_time(now, now_s);
    auth_fmt_time(now + cfg->lockout_s, until);
    auth_fmt_time(now + cfg->absolute_s, expires);
    t.now = now_s;
    t.lock_until = until;
    t.max_failures = cfg->max_failures;
    t.who = &who;
    if (auth_norm_username(username, ar, &name, NULL) == MS_OK) {
        who.name = name;
        rc = authdb_user_by_name(db, name, ar, &u, err);
        if (rc == MS_OK)
            found = 1;
        else if (rc != MS_ENOTFOUND)
            goto out;
        ms_err_clear(err);
    }
    if (!found) {
        password_verify_dummy(password);
        t.failure = "bad_credentials";
    } else {
        t.u = &u;
        who.role = u.role;
        who.user_id = u.id;
        if (u.disabled)
            t.failure = "account_disabled";
        else if (u.locked_until && strcmp(now_s, u.locked_until) < 0)
            t.failure = "account_locked";
        else if (!password_verify(password, u.password_hash))
            t.failure = "bad_credentials";
        else
            t.ok = 1;
    }
    if (t.ok) {
        if ((rc = password_random_hex(TOKEN_BYTES, token, err)) != MS_OK ||
            (rc = password_random_hex(TOKEN_BYTES, csrf, err)) != MS_OK)
            goto out;
        password_digest(token, token_hash);
        password_digest(csrf, csrf_hash);
        t.s.user_id = u.id;
        t.s.token_hash = token_hash;
        t.s.csrf_hash = csrf_hash;
        t.s.client_addr = client_addr;
        t.s.created_at = t.s.last_seen_at = now_s;
        t.s.expires_at = expires;
    }
    rc = store_tx(db, tx_login, &t, err);
    if (rc != MS_OK)
        goto out;
    if (!t.ok) {
        if (t.locked || strcmp(t.failure, "account_locked") == 0)
            rc = ms_fail(err, MS_EFORBIDDEN, "", "account_locked",
                         t.locked ? until : u.locked_until);
        else
            rc = ms_fail(err, MS_EFORBIDDEN, "", t.failure, NULL);
        goto out;
    }
    out->session_id = t.s.id;
    rc = fill_session(&u, lang, client_addr, ar, out, err);
    if (rc != MS_OK)
        goto out;
    snprintf(out->csrf_hash, sizeof out->csrf_hash, "%s", csrf_hash);
    out->expires_at = arena_strdup(ar, expires);
    out->token = arena_strdup(ar, token);
    out->csrf_token = arena_strdup(ar, csrf);
    if (!out->expires_at || !out->token || !out->csrf_token)
        rc = auth_oom(err);
out:
    memset(token, 0, sizeof token);
    memset(csrf, 0, sizeof csrf);
    if (rc != MS_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* write_outside_snapshot: a request reads in one SQLite snapshot
 * (store_read_begin); a write inside it must upgrade the snapshot, which
 * SQLite refuses at once, without the busy timeout (SQLITE_BUSY_SNAPSHOT),
 * when another connection committed since it began. So the writes of a
 * credential check end the snapshot, write on their own (waiting for the
 * lock like any writer) and take a new snapshot. No-ops on PostgreSQL. */

int auth_session_check(store *db, const struct auth_config *cfg, const char *token,
                       const char *client_addr, enum ms_lang lang, time_t now, arena *ar,
                       auth_session *out, ms_err *err)
{
    struct auth_config defaults;
    struct authdb_session s;
    struct authdb_user u;
    char hash[PASSWORD_DIGEST_HEX], now_s[32], idle_cut[32], touch_cut[32];
    const char *end = NULL, *key = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (!cfg) {
        auth_config_default(&defaults);
        cfg = &defaults;
    }
    if (!token || !sm3_is_hex(token))
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    password_digest(token, hash);
    rc = authdb_session_find(db, hash, ar, &s, &u, err);
    if (rc == MS_ENOTFOUND)
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (rc != MS_OK)
        return rc;
    auth_fmt_time(now, now_s);
    auth_fmt_time(now - cfg->idle_s, idle_cut);
    auth_fmt_time(now - cfg->touch_s, touch_cut);
    if (s.ended_at)
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (strcmp(now_s, s.expires_at) >= 0)
        end = "expired", key = "session_expired";
    else if (strcmp(s.last_seen_at, idle_cut) <= 0)
        end = "idle", key = "session_expired";
    else if (u.disabled)
        end = "locked", key = "account_disabled";
    if (end) {
        int snap = store_in_read(db); /* see write_outside_snapshot */
        store_read_end(db);
        rc = authdb_session_end(db, s.id, end, now_s, err);
        if (snap)
            store_read_begin(db);
        return rc != MS_OK ? rc : ms_fail(err, MS_EFORBIDDEN, "", key, NULL);
    }
    if (strcmp(s.last_seen_at, touch_cut) <= 0) {
        /* Bookkeeping, best effort: a busy database must not log anyone out. */
        ms_err ignored = {0};
        int snap = store_in_read(db); /* see write_outside_snapshot */
        store_read_end(db);
        authdb_session_touch(db, s.id, now_s, &ignored);
        if (snap)
            store_read_begin(db);
    }
    out->session_id = s.id;
    snprintf(out->csrf_hash, sizeof out->csrf_hash, "%s", s.csrf_hash);
    out->expires_at = s.expires_at;
    rc = fill_session(&u, lang, client_addr, ar, out, err);
    if (rc != MS_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int auth_csrf_ok(const auth_session *s, const char *header)
{
    char hash[PASSWORD_DIGEST_HEX];

    if (!s)
        return 0;
    if (s->token_id > 0 && s->session_id == 0)
        return 1;
    if (!header || !s->csrf_hash[0] || !sm3_is_hex(header))
        return 0;
    password_digest(header, hash);
    return password_equal(hash, s->csrf_hash);
}

struct logout_tx {
    const auth_session *s;
    const char *now;
};

static int tx_logout(store *db, void *ctx, ms_err *err)
{
    struct logout_tx *t = ctx;
    int rc = authdb_session_end(db, t->s->session_id, "logout", t->now, err);

    if (rc == MS_OK)
        rc = auth_audit(db, &t->s->actor, "session.logout", "session", t->s->session_id, NULL, err);
    return rc;
}

int auth_logout(store *db, const auth_session *s, time_t now, ms_err *err)
{
    struct logout_tx t = {.s = s};
    char now_s[32];

    if (!s || s->session_id <= 0)
        return MS_OK;
    auth_fmt_time(now, now_s);
    t.now = now_s;
    return store_tx(db, tx_logout, &t, err);
}

/* ------------------------------------------------------------- API tokens */

struct token_tx {
    const ms_actor *who;
    struct authdb_token *t;
    const char *now;
    int revoke;
};

static int tx_token(store *db, void *ctx, ms_err *err)
{
    struct token_tx *x = ctx;
    int rc;

    if (x->revoke) {
        rc = authdb_token_revoke(db, x->t->id, x->now, err);
        if (rc == MS_OK)
            rc = auth_audit(
                db, x->who, "token.revoke", "api_token", x->t->id,
                json_pack("{s:s, s:I}", "name", x->t->name, "user_id", (json_int_t)x->t->user_id),
                err);
        return rc;
    }
    rc = authdb_token_insert(db, x->t, err);
    if (rc == MS_OK)
        rc = auth_audit(db, x->who, "token.create", "api_token", x->t->id,
                        json_pack("{s:s, s:s, s:s?}", "name", x->t->name, "prefix", x->t->prefix,
                                  "expires_at", x->t->expires_at),
                        err);
    return rc;
}

int auth_token_create(store *db, const ms_actor *who, const char *name, const char *expires_on,
                      time_t now, arena *ar, struct authdb_token *out, const char **token,
                      ms_err *err)
{
    struct authdb_user u;
    struct authdb_token t = {0};
    struct token_tx x = {.who = who, .t = &t};
    char secret[sizeof AUTH_TOKEN_PREFIX + 2 * TOKEN_BYTES], hash[PASSWORD_DIGEST_HEX];
    char now_s[32], today[DATE_LEN + 1], until[32], *tok = NULL;
    ms_date d;
    int rc;

    *token = NULL;
    secret[0] = '\0';
    if (!who || who->user_id <= 0) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    if ((rc = authdb_user_get(db, who->user_id, ar, &u, err)) != MS_OK)
        goto out;
    if (u.disabled || u.must_change) {
        rc = u.disabled ? ms_fail(err, MS_EFORBIDDEN, "", "account_disabled", NULL)
                        : ms_fail(err, MS_EFORBIDDEN, "password", "password_change_required", NULL);
        goto out;
    }
    if ((rc = text_check("name", name, TOKEN_NAME_MAX, 1, 0, err)) != MS_OK)
        goto out;
    auth_fmt_time(now, now_s);
    if (!text_blank(expires_on)) {
        if ((rc = date_parse(expires_on, &d, "expires_on", err)) != MS_OK)
            goto out;
        memcpy(today, now_s, DATE_LEN);
        today[DATE_LEN] = '\0';
        if (strcmp(expires_on, today) < 0) {
            rc = ms_fail(err, MS_EINVAL, "expires_on", "date_in_past", today);
            goto out;
        }
        date_format(date_add_days(d, 1), today);
        snprintf(until, sizeof until, "%sT00:00:00Z", today);
        t.expires_at = until;
    }
    memcpy(secret, AUTH_TOKEN_PREFIX, sizeof AUTH_TOKEN_PREFIX - 1);
    if ((rc = password_random_hex(TOKEN_BYTES, secret + sizeof AUTH_TOKEN_PREFIX - 1, err)) !=
        MS_OK)
        goto out;
    password_digest(secret, hash);
    t.user_id = u.id;
    t.name = name;
    t.token_hash = hash;
    t.prefix = arena_strndup(ar, secret, sizeof AUTH_TOKEN_PREFIX - 1 + 8);
    t.created_at = now_s;
    x.now = now_s;
    tok = arena_strdup(ar, secret);
    if (!t.prefix || !tok) {
        rc = auth_oom(err);
        goto out;
    }
    rc = store_tx(db, tx_token, &x, err);
    if (rc != MS_OK)
        goto out;
    *token = tok;
    if (out)
        rc = authdb_token_get(db, t.id, ar, out, err);
    if (rc == MS_OK && out)
        out->token_hash = NULL;
out:
    memset(secret, 0, sizeof secret);
    return rc;
}

int auth_token_revoke(store *db, const ms_actor *who, int64_t id, time_t now, ms_err *err)
{
    arena ar = ARENA_INIT;
    struct authdb_token t;
    struct token_tx x = {.who = who, .t = &t, .revoke = 1};
    char now_s[32];
    int rc;

    if (!who || (who->user_id <= 0 && !auth_is_role(who, "system"))) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    rc = authdb_token_get(db, id, &ar, &t, err);
    if (rc == MS_OK && t.user_id != who->user_id && !auth_is_role(who, "system") &&
        !auth_is_role(who, "secadmin"))
        rc = ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    if (rc != MS_OK || t.revoked_at)
        goto out;
    auth_fmt_time(now, now_s);
    x.now = now_s;
    rc = store_tx(db, tx_token, &x, err);
out:
    arena_free(&ar);
    return rc;
}

int auth_token_list(store *db, const ms_actor *who, arena *ar, struct authdb_token **items, int *n,
                    ms_err *err)
{
    int rc;

    *items = NULL;
    *n = 0;
    if (!who || who->user_id <= 0)
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    rc = authdb_token_list(db, who->user_id, ar, items, n, err);
    for (int i = 0; rc == MS_OK && i < *n; i++)
        (*items)[i].token_hash = NULL;
    return rc;
}

/* ------------------------------------------------------- bearer-token cache
 *
 * Checking a token costs a digest and a joined query per request. Each thread
 * keeps the last TOKEN_CACHE_SLOTS tokens it accepted, each for at most
 * TOKEN_CACHE_TTL_S seconds and only while the data is unchanged: every
 * commit made through this process (store_commit_epoch) and, on SQLite, every
 * commit of any other connection or process (data_version) empties it. So a
 * revocation, lock, role or password change made through the server applies
 * to the very next request, and one made by another process (the CLI) too on
 * SQLite; on PostgreSQL a change made by another process applies within
 * TOKEN_CACHE_TTL_S seconds. Expiry is checked against the clock on every
 * request. */
#define TOKEN_CACHE_SLOTS 8
#define TOKEN_CACHE_TTL_S 2
/* Keyed by the token itself, compared in constant time, so a hit costs no
 * digest; a token that does not fit is simply not cached. */
#define TOKEN_CACHE_KEY 96

struct token_cached {
    char token[TOKEN_CACHE_KEY]; /* the token itself; "" = empty slot */
    const store *db;             /* the connection it was read through */
    int has_version;
    uint64_t version, epoch;
    time_t at;
    int64_t token_id, user_id, authority_id, unit_id;
    int must_change;
    char expires_at[32], last_used_at[32]; /* "" = none */
    char username[128], role[16], authority_path[160];
};

static _Thread_local struct token_cached token_cache[TOKEN_CACHE_SLOTS];
static _Thread_local unsigned token_cache_next;

static int copy_field(char *dst, size_t size, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= size)
        return 0;
    memcpy(dst, src ? src : "", n + 1);
    return 1;
}

/* The cached entry of TOKEN still valid at NOW, or NULL. */
static struct token_cached *token_cache_find(store *db, const char *token, time_t now)
{
    for (unsigned i = 0; i < TOKEN_CACHE_SLOTS; i++) {
        struct token_cached *c = &token_cache[i];
        uint64_t v;
        if (!c->token[0] || !password_equal(c->token, token))
            continue;
        if (c->db != db || now < c->at || now - c->at >= TOKEN_CACHE_TTL_S ||
            c->epoch != store_commit_epoch() || c->has_version != store_data_version(db, &v) ||
            (c->has_version && v != c->version)) {
            c->token[0] = '\0';
            return NULL;
        }
        return c;
    }
    return NULL;
}

/* Remember an accepted token T of user U, read at the data VERSION (HAS
 * 1) and EPOCH taken before the lookup; the entry, or NULL when a field
 * does not fit (not cached). */
static struct token_cached *token_cache_put(store *db, const char *token, int has_version,
                                            uint64_t version, uint64_t epoch, time_t now,
                                            const struct authdb_token *t,
                                            const struct authdb_user *u)
{
    struct token_cached *c = NULL;

    for (unsigned i = 0; i < TOKEN_CACHE_SLOTS && !c; i++)
        if (token_cache[i].token[0] && password_equal(token_cache[i].token, token))
            c = &token_cache[i];
    if (!c)
        c = &token_cache[token_cache_next++ % TOKEN_CACHE_SLOTS];
    c->token[0] = '\0';
    if (strlen(token) >= sizeof c->token)
        return NULL;
    if (!copy_field(c->expires_at, sizeof c->expires_at, t->expires_at) ||
        !copy_field(c->last_used_at, sizeof c->last_used_at, t->last_used_at) ||
        !copy_field(c->username, sizeof c->username, u->username) ||
        !copy_field(c->role, sizeof c->role, u->role) ||
        !copy_field(c->authority_path, sizeof c->authority_path, u->authority_path))
        return NULL;
    c->db = db;
    c->has_version = has_version;
    c->version = version;
    c->epoch = epoch;
    c->at = now;
    c->token_id = t->id;
    c->user_id = u->id;
    c->authority_id = u->authority_id;
    c->unit_id = u->unit_id;
    c->must_change = u->must_change;
    memcpy(c->token, token, strlen(token) + 1);
    return c;
}

int auth_token_check(store *db, const struct auth_config *cfg, const char *token,
                     const char *client_addr, enum ms_lang lang, time_t now, arena *ar,
                     auth_session *out, ms_err *err)
{
    struct auth_config defaults;
    struct authdb_token t;
    struct authdb_user u;
    struct token_cached *c;
    char hash[PASSWORD_DIGEST_HEX], now_s[32], touch_cut[32];
    size_t plen = sizeof AUTH_TOKEN_PREFIX - 1;
    uint64_t version = 0, epoch;
    int rc, has_version;

    memset(out, 0, sizeof *out);
    if (!cfg) {
        auth_config_default(&defaults);
        cfg = &defaults;
    }
    if (!token || strncmp(token, AUTH_TOKEN_PREFIX, plen) != 0 || !sm3_is_hex(token + plen))
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    auth_fmt_time(now, now_s);
    auth_fmt_time(now - cfg->touch_s, touch_cut);
    if ((c = token_cache_find(db, token, now)) != NULL) {
        memset(&t, 0, sizeof t);
        memset(&u, 0, sizeof u);
        t.id = c->token_id;
        t.expires_at = c->expires_at[0] ? arena_strdup(ar, c->expires_at) : NULL;
        t.last_used_at = c->last_used_at[0] ? c->last_used_at : NULL;
        u.id = c->user_id;
        u.username = arena_strdup(ar, c->username);
        u.role = arena_strdup(ar, c->role);
        u.authority_id = c->authority_id;
        u.authority_path = c->authority_path[0] ? c->authority_path : NULL;
        u.unit_id = c->unit_id;
        u.must_change = c->must_change;
        if (!u.username || !u.role || (c->expires_at[0] && !t.expires_at))
            return auth_oom(err);
    } else {
        epoch = store_commit_epoch();
        has_version = store_data_version(db, &version);
        password_digest(token, hash);
        rc = authdb_token_find(db, hash, ar, &t, &u, err);
        if (rc == MS_ENOTFOUND)
            return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
        if (rc != MS_OK)
            return rc;
        if (t.revoked_at || (t.expires_at && strcmp(now_s, t.expires_at) >= 0))
            return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
        if (u.disabled)
            return ms_fail(err, MS_EFORBIDDEN, "", "account_disabled", NULL);
        c = token_cache_put(db, token, has_version, version, epoch, now, &t, &u);
    }
    if (t.expires_at && strcmp(now_s, t.expires_at) >= 0)
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (!t.last_used_at || strcmp(t.last_used_at, touch_cut) <= 0) {
        /* Bookkeeping, best effort: a busy database must not turn a valid
         * token away (it did, as 401 db_busy, under the crash test's load). */
        ms_err ignored = {0};
        int snap = store_in_read(db); /* see write_outside_snapshot */
        store_read_end(db);
        if (authdb_token_used(db, t.id, now_s, &ignored) == MS_OK && c)
            copy_field(c->last_used_at, sizeof c->last_used_at, now_s);
        if (snap)
            store_read_begin(db);
    }
    out->token_id = t.id;
    out->expires_at = t.expires_at;
    rc = fill_session(&u, lang, client_addr, ar, out, err);
    if (rc != MS_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ------------------------------------------------------------ rate limits */

int auth_rate_check(store *db, const char *bucket, const char *client, int limit, int window_s,
                    time_t now, ms_err *err)
{
    char start[32], prev[32], expires[32];
    int64_t hits = 0, prev_hits = 0;
    time_t ws;
    double elapsed, estimate;
    int rc;

    if (limit <= 0 || window_s <= 0 || now < 0)
        return MS_OK;
    ws = now - now % window_s;
    auth_fmt_time(ws, start);
    auth_fmt_time(ws - window_s, prev);
    auth_fmt_time(ws + 2 * (time_t)window_s, expires);
    rc = authdb_rate_hit(db, bucket ? bucket : "", client ? client : "", start, prev, expires,
                         &hits, &prev_hits, err);
    if (rc != MS_OK)
        return rc;
    elapsed = (double)(now - ws);
    estimate = (double)prev_hits * (window_s - elapsed) / window_s + (double)hits;
    if (estimate <= limit)
        return MS_OK;
    return ms_failf(err, MS_ECONFLICT, "", "rate_limited", "%ld", (long)(window_s - elapsed));
}

int auth_prune(store *db, time_t now, ms_err *err)
{
    char before[32], now_s[32];
    int rc;

    auth_fmt_time(now - PRUNE_AFTER_S, before);
    auth_fmt_time(now, now_s);
    rc = authdb_session_prune(db, before, err);
    if (rc == MS_OK)
        rc = authdb_rate_prune(db, now_s, err);
    return rc;
}
