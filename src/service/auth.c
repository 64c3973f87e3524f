/* auth.c - use cases of identification and access (see auth.h): accounts,
 * passwords, login and lockout, sessions, API tokens, rate limits and the
 * demo accounts. Every write runs in one transaction with its audit row. */
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

#define TOKEN_BYTES    32 /* session, CSRF and API token secrets */
#define USERNAME_MIN   3
#define USERNAME_MAX   32
#define DISPLAY_MAX    50
#define TOKEN_NAME_MAX 100
#define PRUNE_AFTER_S  86400

static const char *const roles[] = {"sysadmin",  "secadmin", "auditor", "authority",
                                    "inspector", "unit",     NULL};

/* --------------------------------------------------------------- basics */

void auth_config_default(struct auth_config *c)
{
    static const struct {
        const char *env;
        size_t off;
    } envs[] = {
        {"MSUP_LOCKOUT_FAILURES", offsetof(struct auth_config, max_failures)},
        {"MSUP_LOCKOUT_S", offsetof(struct auth_config, lockout_s)},
        {"MSUP_SESSION_IDLE_S", offsetof(struct auth_config, idle_s)},
        {"MSUP_SESSION_MAX_S", offsetof(struct auth_config, absolute_s)},
        {"MSUP_LOGIN_LIMIT", offsetof(struct auth_config, login_limit)},
        {"MSUP_LOGIN_WINDOW_S", offsetof(struct auth_config, login_window_s)},
    };

    c->max_failures = 5;
    c->lockout_s = 15 * 60;
    c->idle_s = 30 * 60;
    c->absolute_s = 12 * 3600;
    c->touch_s = 60;
    c->login_limit = 30;
    c->login_window_s = 300;
    for (size_t i = 0; i < MS_ARRAY_LEN(envs); i++) {
        const char *v = getenv(envs[i].env);
        char *end;
        long n;
        if (!v || !*v)
            continue;
        n = strtol(v, &end, 10);
        if (!*end && n > 0 && n < 100000000)
            *(int *)((char *)c + envs[i].off) = (int)n;
    }
}

int auth_role_valid(const char *role)
{
    return role && model_index(roles, role) >= 0;
}

int auth_role_is_admin(const char *role)
{
    return role && (strcmp(role, "sysadmin") == 0 || strcmp(role, "secadmin") == 0 ||
                    strcmp(role, "auditor") == 0);
}

int auth_is_unauthenticated(const ms_err *err)
{
    static const char *const keys[] = {"bad_credentials", "account_locked",  "account_disabled",
                                       "unauthenticated", "session_expired", NULL};

    return err && err->code == MS_EFORBIDDEN && model_index(keys, err->key) >= 0;
}

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

static int uses_authority(const char *role)
{
    return strcmp(role, "authority") == 0 || strcmp(role, "inspector") == 0;
}

static void fmt_time(time_t t, char out[32])
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

/* AUDIT: the one place where this module reaches the audit trail. CHANGE
 * (may be NULL) is stolen. Runs inside the caller's transaction. */
static int audit(store *db, const ms_actor *who, const char *action, const char *entity, int64_t id,
                 json_t *change, ms_err *err)
{
    int rc = audit_append(db, who, action, entity, id, change, err);

    json_decref(change);
    return rc;
}

/* The audit description of an account (never a secret). */
static json_t *user_json(const struct authdb_user *u)
{
    return json_pack("{s:s, s:s?, s:s, s:I, s:I, s:I}", "username", u->username, "display_name",
                     u->display_name, "role", u->role, "authority_id", (json_int_t)u->authority_id,
                     "unit_id", (json_int_t)u->unit_id, "inspector_id",
                     (json_int_t)u->inspector_id);
}

/* ----------------------------------------------------------- permissions */

/* Account management: the operator's CLI and secadmin; administrator
 * accounts (TARGET_ROLE, and NEW_ROLE of a change) only from the CLI. */
static int may_manage(const ms_actor *who, const char *target_role, const char *new_role,
                      ms_err *err)
{
    if (!is_role(who, "system") && !is_role(who, "secadmin"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!is_role(who, "system") &&
        (auth_role_is_admin(target_role) || auth_role_is_admin(new_role)))
        return ms_fail(err, MS_EFORBIDDEN, "role", "admin_accounts_cli", NULL);
    return MS_OK;
}

static int is_self(const ms_actor *who, int64_t id)
{
    return who && who->user_id > 0 && who->user_id == id;
}

/* ------------------------------------------------------------ validation */

static int norm_username(const char *in, arena *ar, const char **out, ms_err *err)
{
    size_t n;
    char *s;

    if (text_blank(in))
        return ms_fail(err, MS_EINVAL, "username", "required", NULL);
    n = strlen(in);
    if (n < USERNAME_MIN || n > USERNAME_MAX)
        return ms_fail(err, MS_EINVAL, "username", "invalid_username", in);
    s = arena_strdup(ar, in);
    if (!s)
        return oom(err);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = s[i] = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))))
            return ms_fail(err, MS_EINVAL, "username", "invalid_username", in);
    }
    *out = s;
    return MS_OK;
}

static int check_role(const char *role, ms_err *err)
{
    if (text_blank(role))
        return ms_fail(err, MS_EINVAL, "role", "required", NULL);
    if (!auth_role_valid(role))
        return ms_fail(err, MS_EINVAL, "role", "invalid_enum", role);
    return MS_OK;
}

/* Resolve the references of IN into U for U->role: authority (id or code),
 * unit (id or USCC), inspector. U may hold stored references (update):
 * those the role does not use are dropped first. */
static int resolve_refs(store *db, const struct auth_user_input *in, arena *ar,
                        struct authdb_user *u, ms_err *err)
{
    int want_auth = uses_authority(u->role), want_unit = strcmp(u->role, "unit") == 0;
    int want_insp = strcmp(u->role, "inspector") == 0;
    char what[32];
    int rc;

    if (!want_auth)
        u->authority_id = 0, u->authority_code = u->authority_path = NULL;
    if (!want_unit)
        u->unit_id = 0, u->unit_uscc = u->unit_name = NULL;
    if (!want_insp)
        u->inspector_id = 0;

    if (in->authority_id > 0 || !text_blank(in->authority_code)) {
        const char *field = in->authority_id > 0 ? "authority_id" : "authority_code";
        struct ms_authority a;
        if (!want_auth)
            return ms_fail(err, MS_EINVAL, field, "field_not_allowed", u->role);
        snprintf(what, sizeof what, "%lld", (long long)in->authority_id);
        rc = in->authority_id > 0 ? reg_authority_get(db, NULL, in->authority_id, ar, &a, err)
                                  : reg_authority_by_code(db, in->authority_code, ar, &a, err);
        if (rc == MS_ENOTFOUND)
            return ms_fail(err, MS_EINVAL, field, "unknown_authority",
                           in->authority_id > 0 ? what : in->authority_code);
        if (rc != MS_OK)
            return rc;
        u->authority_id = a.id;
        u->authority_code = a.code;
        u->authority_path = a.path;
    } else if (want_auth && !u->authority_id) {
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    }

    if (in->unit_id > 0 || !text_blank(in->unit_uscc)) {
        const char *field = in->unit_id > 0 ? "unit_id" : "unit_uscc";
        char uscc[USCC_LEN + 1];
        struct ms_unit un;
        if (!want_unit)
            return ms_fail(err, MS_EINVAL, field, "field_not_allowed", u->role);
        snprintf(what, sizeof what, "%lld", (long long)in->unit_id);
        if (in->unit_id > 0)
            rc = reg_unit_get(db, NULL, in->unit_id, ar, &un, err);
        else if (uscc_normalize(in->unit_uscc, uscc, NULL) != MS_OK)
            rc = MS_ENOTFOUND;
        else
            rc = reg_unit_by_uscc(db, NULL, uscc, ar, &un, err);
        if (rc == MS_ENOTFOUND)
            return ms_fail(err, MS_EINVAL, field, "unknown_unit",
                           in->unit_id > 0 ? what : in->unit_uscc);
        if (rc != MS_OK)
            return rc;
        u->unit_id = un.id;
        u->unit_uscc = un.uscc;
        u->unit_name = un.name;
    } else if (want_unit && !u->unit_id) {
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    }

    if (in->inspector_id > 0) {
        if (!want_insp)
            return ms_fail(err, MS_EINVAL, "inspector_id", "field_not_allowed", u->role);
        u->inspector_id = in->inspector_id;
    }
    if (u->inspector_id > 0) {
        int64_t of = 0;
        snprintf(what, sizeof what, "%lld", (long long)u->inspector_id);
        rc = authdb_inspector_authority(db, u->inspector_id, &of, err);
        if (rc == MS_ENOTFOUND)
            return ms_fail(err, MS_EINVAL, "inspector_id", "unknown_inspector", what);
        if (rc != MS_OK)
            return rc;
        if (of != u->authority_id)
            return ms_fail(err, MS_EINVAL, "inspector_id", "inspector_mismatch", what);
    }
    return MS_OK;
}

/* -------------------------------------------------------------- accounts */

struct user_tx {
    const ms_actor *who;
    struct authdb_user *u;
    const char *action;
    const char *now;
    int64_t end_sessions; /* user whose sessions end (0 = none) */
    int64_t keep_session; /* except this one */
    const char *end_reason;
    int lock; /* for lock/unlock: -1 = not a lock change */
};

static int tx_user_create(store *db, void *ctx, ms_err *err)
{
    struct user_tx *t = ctx;
    int rc = authdb_user_insert(db, t->u, t->now, err);

    if (rc == MS_OK)
        rc = audit(db, t->who, t->action, "user", t->u->id, user_json(t->u), err);
    return rc;
}

/* Create U (validated, password hashed) with MUST_CHANGE. */
static int create_checked(store *db, const ms_actor *who, struct authdb_user *u, const char *action,
                          const char *now, ms_err *err)
{
    struct user_tx t = {.who = who, .u = u, .action = action, .now = now, .lock = -1};

    return store_tx(db, tx_user_create, &t, err);
}

int auth_user_create(store *db, const ms_actor *who, const struct auth_user_input *in, time_t now,
                     arena *ar, struct authdb_user *out, ms_err *err)
{
    struct authdb_user u = {0};
    char hash[PASSWORD_HASH_MAX], now_s[32];
    int rc;

    hash[0] = '\0';
    if ((rc = may_manage(who, NULL, in->role, err)) != MS_OK ||
        (rc = norm_username(in->username, ar, &u.username, err)) != MS_OK ||
        (rc = check_role(in->role, err)) != MS_OK ||
        (rc = text_check("display_name", in->display_name, DISPLAY_MAX, 0, 0, err)) != MS_OK)
        goto out;
    u.role = in->role;
    u.display_name = text_blank(in->display_name) ? NULL : in->display_name;
    if ((rc = resolve_refs(db, in, ar, &u, err)) != MS_OK ||
        (rc = password_check_policy(in->password, u.username, err)) != MS_OK ||
        (rc = password_hash(in->password, 0, hash, err)) != MS_OK)
        goto out;
    u.password_hash = hash;
    u.must_change = 1;
    fmt_time(now, now_s);
    rc = create_checked(db, who, &u, "user.create", now_s, err);
    if (rc == MS_OK && out)
        rc = auth_user_get(db, who, u.id, ar, out, err);
out:
    memset(hash, 0, sizeof hash);
    return rc;
}

static int tx_user_update(store *db, void *ctx, ms_err *err)
{
    struct user_tx *t = ctx;
    int rc = authdb_user_update(db, t->u, t->now, err);

    if (rc == MS_OK)
        rc = audit(db, t->who, t->action, "user", t->u->id, user_json(t->u), err);
    return rc;
}

int auth_user_update(store *db, const ms_actor *who, int64_t id,
                     const struct auth_user_input *patch, time_t now, arena *ar,
                     struct authdb_user *out, ms_err *err)
{
    struct authdb_user u;
    struct user_tx t = {.who = who, .u = &u, .action = "user.update", .lock = -1};
    char now_s[32];
    int rc;

    if ((rc = may_manage(who, NULL, patch->role, err)) != MS_OK)
        return rc;
    if ((rc = authdb_user_get(db, id, ar, &u, err)) != MS_OK)
        return rc;
    if ((rc = may_manage(who, u.role, patch->role, err)) != MS_OK)
        return rc;
    if (patch->username)
        return ms_fail(err, MS_EINVAL, "username", "field_not_allowed", "PATCH");
    if (patch->password)
        return ms_fail(err, MS_EINVAL, "password", "field_not_allowed", "PATCH");
    if (patch->role && strcmp(patch->role, u.role) != 0) {
        if ((rc = check_role(patch->role, err)) != MS_OK)
            return rc;
        if (is_self(who, id))
            return ms_fail(err, MS_EFORBIDDEN, "role", "self_admin", NULL);
        if (auth_role_is_admin(u.role) || auth_role_is_admin(patch->role))
            return ms_fail(err, MS_EINVAL, "role", "admin_role_fixed", u.role);
        u.role = patch->role;
        t.action = "user.role_change";
    }
    if (patch->display_name) {
        if ((rc = text_check("display_name", patch->display_name, DISPLAY_MAX, 0, 0, err)) != MS_OK)
            return rc;
        u.display_name = text_blank(patch->display_name) ? NULL : patch->display_name;
    }
    if ((rc = resolve_refs(db, patch, ar, &u, err)) != MS_OK)
        return rc;
    fmt_time(now, now_s);
    t.now = now_s;
    rc = store_tx(db, tx_user_update, &t, err);
    if (rc == MS_OK && out)
        rc = auth_user_get(db, who, id, ar, out, err);
    return rc;
}

int auth_user_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct authdb_user *out,
                  ms_err *err)
{
    int rc;

    if (!is_self(who, id) && (rc = may_manage(who, NULL, NULL, err)) != MS_OK)
        return rc;
    rc = authdb_user_get(db, id, ar, out, err);
    if (rc == MS_OK)
        out->password_hash = NULL;
    return rc;
}

int auth_user_get_by_name(store *db, const ms_actor *who, const char *username, arena *ar,
                          struct authdb_user *out, ms_err *err)
{
    const char *name = NULL;
    int rc;

    if ((rc = norm_username(username, ar, &name, err)) != MS_OK) {
        if (rc == MS_EINVAL)
            rc = ms_fail(err, MS_ENOTFOUND, "username", "not_found", username);
        return rc;
    }
    rc = authdb_user_by_name(db, name, ar, out, err);
    if (rc != MS_OK)
        return rc;
    if (!is_self(who, out->id) && (rc = may_manage(who, NULL, NULL, err)) != MS_OK) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->password_hash = NULL;
    return MS_OK;
}

int auth_user_list(store *db, const ms_actor *who, const char *role, const struct store_page *pg,
                   arena *ar, struct authdb_user **items, int *n, int64_t *total, ms_err *err)
{
    int rc;

    *n = 0;
    *total = 0;
    *items = NULL;
    if ((rc = may_manage(who, NULL, NULL, err)) != MS_OK)
        return rc;
    if (role && *role && !auth_role_valid(role))
        return ms_fail(err, MS_EINVAL, "role", "invalid_enum", role);
    rc = authdb_user_list(db, role, pg, ar, items, n, total, err);
    for (int i = 0; rc == MS_OK && i < *n; i++)
        (*items)[i].password_hash = NULL;
    return rc;
}

static int tx_user_lock(store *db, void *ctx, ms_err *err)
{
    struct user_tx *t = ctx;
    int rc = authdb_user_set_disabled(db, t->u->id, t->lock, t->now, err);

    if (rc == MS_OK && t->lock)
        rc = authdb_session_end_user(db, t->u->id, 0, "locked", t->now, NULL, err);
    if (rc == MS_OK)
        rc = audit(db, t->who, t->action, "user", t->u->id,
                   json_pack("{s:s}", "username", t->u->username), err);
    return rc;
}

int auth_user_lock(store *db, const ms_actor *who, int64_t id, int lock, time_t now, ms_err *err)
{
    arena ar = ARENA_INIT;
    struct authdb_user u;
    struct user_tx t = {.who = who, .u = &u, .action = lock ? "user.lock" : "user.unlock"};
    char now_s[32];
    int rc;

    if ((rc = may_manage(who, NULL, NULL, err)) != MS_OK)
        goto out;
    if (is_self(who, id)) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "self_admin", NULL);
        goto out;
    }
    if ((rc = authdb_user_get(db, id, &ar, &u, err)) != MS_OK ||
        (rc = may_manage(who, u.role, NULL, err)) != MS_OK)
        goto out;
    fmt_time(now, now_s);
    t.now = now_s;
    t.lock = lock ? 1 : 0;
    rc = store_tx(db, tx_user_lock, &t, err);
out:
    arena_free(&ar);
    return rc;
}

/* -------------------------------------------------------------- passwords */

struct password_tx {
    const ms_actor *who;
    const struct authdb_user *u;
    const char *hash; /* NULL: record a wrong old password */
    int must_change;
    int64_t keep_session;
    const char *now, *lock_until;
    int max_failures;
    int locked; /* out */
};

static int tx_password(store *db, void *ctx, ms_err *err)
{
    struct password_tx *t = ctx;
    int rc;

    if (!t->hash) {
        rc = authdb_user_login_failed(db, t->u->id, t->max_failures, t->lock_until, t->now,
                                      &t->locked, err);
        if (rc == MS_OK)
            rc = audit(db, t->who, "user.password_failed", "user", t->u->id,
                       json_pack("{s:s, s:b}", "username", t->u->username, "locked", t->locked),
                       err);
        return rc;
    }
    rc = authdb_user_set_password(db, t->u->id, t->hash, t->must_change, t->now, err);
    if (rc == MS_OK)
        rc = authdb_session_end_user(db, t->u->id, t->keep_session, "password_changed", t->now,
                                     NULL, err);
    if (rc == MS_OK)
        rc = audit(db, t->who, t->must_change ? "user.password_reset" : "user.password_change",
                   "user", t->u->id, json_pack("{s:s}", "username", t->u->username), err);
    return rc;
}

int auth_password_change(store *db, const ms_actor *who, int64_t id, const char *old_password,
                         const char *new_password, time_t now, ms_err *err)
{
    arena ar = ARENA_INIT;
    struct authdb_user u;
    struct auth_config cfg;
    struct password_tx t = {.who = who, .u = &u};
    char hash[PASSWORD_HASH_MAX], now_s[32], until[32];
    int self = is_self(who, id), rc;

    hash[0] = '\0';
    auth_config_default(&cfg);
    fmt_time(now, now_s);
    fmt_time(now + cfg.lockout_s, until);
    t.now = now_s;
    t.lock_until = until;
    t.max_failures = cfg.max_failures;
    if (!self && (rc = may_manage(who, NULL, NULL, err)) != MS_OK)
        goto out;
    if ((rc = authdb_user_get(db, id, &ar, &u, err)) != MS_OK)
        goto out;
    if (!self && (rc = may_manage(who, u.role, NULL, err)) != MS_OK)
        goto out;
    if (self) {
        if (text_blank(old_password)) {
            rc = ms_fail(err, MS_EINVAL, "old_password", "required", NULL);
            goto out;
        }
        if (!password_verify(old_password, u.password_hash)) {
            rc = store_tx(db, tx_password, &t, err);
            if (rc == MS_OK)
                rc = t.locked ? ms_fail(err, MS_EFORBIDDEN, "old_password", "account_locked", until)
                              : ms_fail(err, MS_EINVAL, "old_password", "wrong_password", NULL);
            goto out;
        }
    }
    if ((rc = password_check_policy(new_password, u.username, err)) != MS_OK)
        goto out;
    if (password_verify(new_password, u.password_hash)) {
        rc = ms_fail(err, MS_EINVAL, "password", "password_reused", NULL);
        goto out;
    }
    if ((rc = password_hash(new_password, 0, hash, err)) != MS_OK)
        goto out;
    t.hash = hash;
    t.must_change = !self;
    t.keep_session = self ? who->session_id : 0;
    rc = store_tx(db, tx_password, &t, err);
out:
    memset(hash, 0, sizeof hash);
    arena_free(&ar);
    return rc;
}

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
    if (uses_authority(u->role)) {
        a->authority_id = u->authority_id;
        if (!u->authority_path || strlen(u->authority_path) >= sizeof a->authority_path)
            return ms_fail(err, MS_EINTERNAL, "", "internal", "authority path");
        snprintf(a->authority_path, sizeof a->authority_path, "%s", u->authority_path);
    }
    if (strcmp(u->role, "unit") == 0)
        a->unit_id = u->unit_id;
    out->password_change_required = u->must_change;
    return a->client_addr ? MS_OK : oom(err);
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
            rc = audit(db, t->who, "session.login", "session", t->s.id,
                       json_pack("{s:I}", "user_id", (json_int_t)id), err);
        return rc;
    }
    t->locked = 0;
    if (t->u && strcmp(t->failure, "bad_credentials") == 0)
        rc = authdb_user_login_failed(db, id, t->max_failures, t->lock_until, t->now, &t->locked,
                                      err);
    if (rc == MS_OK)
        rc = audit(db, t->who, "session.login_failed", "user", id,
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
    fmt_time(now, now_s);
    fmt_time(now + cfg->lockout_s, until);
    fmt_time(now + cfg->absolute_s, expires);
    t.now = now_s;
    t.lock_until = until;
    t.max_failures = cfg->max_failures;
    t.who = &who;
    if (norm_username(username, ar, &name, NULL) == MS_OK) {
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
        rc = oom(err);
out:
    memset(token, 0, sizeof token);
    memset(csrf, 0, sizeof csrf);
    if (rc != MS_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

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
    fmt_time(now, now_s);
    fmt_time(now - cfg->idle_s, idle_cut);
    fmt_time(now - cfg->touch_s, touch_cut);
    if (s.ended_at)
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (strcmp(now_s, s.expires_at) >= 0)
        end = "expired", key = "session_expired";
    else if (strcmp(s.last_seen_at, idle_cut) <= 0)
        end = "idle", key = "session_expired";
    else if (u.disabled)
        end = "locked", key = "account_disabled";
    if (end) {
        rc = authdb_session_end(db, s.id, end, now_s, err);
        return rc != MS_OK ? rc : ms_fail(err, MS_EFORBIDDEN, "", key, NULL);
    }
    if (strcmp(s.last_seen_at, touch_cut) <= 0 &&
        (rc = authdb_session_touch(db, s.id, now_s, err)) != MS_OK)
        return rc;
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
        rc = audit(db, &t->s->actor, "session.logout", "session", t->s->session_id, NULL, err);
    return rc;
}

int auth_logout(store *db, const auth_session *s, time_t now, ms_err *err)
{
    struct logout_tx t = {.s = s};
    char now_s[32];

    if (!s || s->session_id <= 0)
        return MS_OK;
    fmt_time(now, now_s);
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
            rc = audit(
                db, x->who, "token.revoke", "api_token", x->t->id,
                json_pack("{s:s, s:I}", "name", x->t->name, "user_id", (json_int_t)x->t->user_id),
                err);
        return rc;
    }
    rc = authdb_token_insert(db, x->t, err);
    if (rc == MS_OK)
        rc = audit(db, x->who, "token.create", "api_token", x->t->id,
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
    fmt_time(now, now_s);
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
        rc = oom(err);
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

    if (!who || (who->user_id <= 0 && !is_role(who, "system"))) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    rc = authdb_token_get(db, id, &ar, &t, err);
    if (rc == MS_OK && t.user_id != who->user_id && !is_role(who, "system") &&
        !is_role(who, "secadmin"))
        rc = ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    if (rc != MS_OK || t.revoked_at)
        goto out;
    fmt_time(now, now_s);
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

int auth_token_check(store *db, const struct auth_config *cfg, const char *token,
                     const char *client_addr, enum ms_lang lang, time_t now, arena *ar,
                     auth_session *out, ms_err *err)
{
    struct auth_config defaults;
    struct authdb_token t;
    struct authdb_user u;
    char hash[PASSWORD_DIGEST_HEX], now_s[32], touch_cut[32];
    size_t plen = sizeof AUTH_TOKEN_PREFIX - 1;
    int rc;

    memset(out, 0, sizeof *out);
    if (!cfg) {
        auth_config_default(&defaults);
        cfg = &defaults;
    }
    if (!token || strncmp(token, AUTH_TOKEN_PREFIX, plen) != 0 || !sm3_is_hex(token + plen))
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    password_digest(token, hash);
    rc = authdb_token_find(db, hash, ar, &t, &u, err);
    if (rc == MS_ENOTFOUND)
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (rc != MS_OK)
        return rc;
    fmt_time(now, now_s);
    fmt_time(now - cfg->touch_s, touch_cut);
    if (t.revoked_at || (t.expires_at && strcmp(now_s, t.expires_at) >= 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "unauthenticated", NULL);
    if (u.disabled)
        return ms_fail(err, MS_EFORBIDDEN, "", "account_disabled", NULL);
    if ((!t.last_used_at || strcmp(t.last_used_at, touch_cut) <= 0) &&
        (rc = authdb_token_used(db, t.id, now_s, err)) != MS_OK)
        return rc;
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
    fmt_time(ws, start);
    fmt_time(ws - window_s, prev);
    fmt_time(ws + 2 * (time_t)window_s, expires);
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

    fmt_time(now - PRUNE_AFTER_S, before);
    fmt_time(now, now_s);
    rc = authdb_session_prune(db, before, err);
    if (rc == MS_OK)
        rc = authdb_rate_prune(db, now_s, err);
    return rc;
}

/* ------------------------------------------------------------------ demo */

struct demo_account {
    const char *role, *username;
    int64_t authority_id, unit_id, inspector_id;
    const char *scope; /* authority code or unit USCC for the file */
    char password[24];
    char hash[PASSWORD_HASH_MAX];
    int exists;
};

/* A strong password that is a function of the user name:
 * Upper + 4 lower, 4 digits, Upper + 3 lower, joined by '-'. */
static void demo_password(const char *username, char out[24])
{
    static const char upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower[] = "abcdefghijkmnpqrstuvwxyz";
    unsigned char d[SM3_LEN];
    char seed[64];
    int i = 0;

    snprintf(seed, sizeof seed, "msup-demo-password|%s", username);
    sm3_digest(seed, strlen(seed), d);
    out[i++] = upper[d[0] % 24];
    for (int k = 1; k <= 4; k++)
        out[i++] = lower[d[k] % 24];
    out[i++] = '-';
    for (int k = 5; k <= 8; k++)
        out[i++] = (char)('0' + d[k] % 10);
    out[i++] = '-';
    out[i++] = upper[d[9] % 24];
    for (int k = 10; k <= 12; k++)
        out[i++] = lower[d[k] % 24];
    out[i] = '\0';
}

/* The first of N authorities by code. */
static const struct ms_authority *first_by_code(const struct ms_authority *a, int n)
{
    const struct ms_authority *best = NULL;

    for (int i = 0; i < n; i++)
        if (!best || strcmp(a[i].code, best->code) < 0)
            best = &a[i];
    return best;
}

/* Pick the registry records of the demo accounts into ACC[9]. */
static int demo_pick(store *db, arena *ar, struct demo_account *acc, ms_err *err)
{
    static const struct store_page all = {1, 500};
    struct ms_authority nat, insp_of, *list = NULL;
    const struct ms_authority *prov, *county;
    const struct store_scope any = {NULL, 0};
    struct store_scope sub = {NULL, 0};
    int64_t unit_ids[2], insp = 0, insp_auth = 0, total;
    const char *usccs[2];
    int n = 0, rc;

    if ((rc = reg_authority_by_code(db, "000000", ar, &nat, err)) != MS_OK)
        return rc == MS_ENOTFOUND ? ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "000000") : rc;
    if ((rc = reg_authority_list(db, &any, 0, "provincial", &all, ar, &list, &n, &total, err)) !=
        MS_OK)
        return rc;
    if (!(prov = first_by_code(list, n)))
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "provincial");
    sub.authority_path = prov->path;
    if ((rc = reg_authority_list(db, &sub, 0, "county", &all, ar, &list, &n, &total, err)) != MS_OK)
        return rc;
    if (!(county = first_by_code(list, n)))
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "county");
    if ((rc = authdb_demo_units(db, prov->path, ar, unit_ids, usccs, err)) != MS_OK)
        return rc;
    if (!unit_ids[1])
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "unit");
    if ((rc = authdb_demo_inspector(db, prov->id, prov->path, &insp, &insp_auth, err)) != MS_OK)
        return rc;
    if (!insp)
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "inspector");
    acc[3].authority_id = nat.id, acc[3].scope = nat.code;
    acc[4].authority_id = prov->id, acc[4].scope = prov->code;
    acc[5].authority_id = county->id, acc[5].scope = county->code;
    acc[6].unit_id = unit_ids[0], acc[6].scope = usccs[0];
    acc[7].unit_id = unit_ids[1], acc[7].scope = usccs[1];
    acc[8].authority_id = insp_auth, acc[8].inspector_id = insp;
    if ((rc = reg_authority_get(db, NULL, insp_auth, ar, &insp_of, err)) != MS_OK)
        return rc;
    acc[8].scope = insp_of.code;
    return MS_OK;
}

struct demo_tx {
    const ms_actor *who;
    struct demo_account *acc;
    const char *now;
};

static int tx_demo(store *db, void *ctx, ms_err *err)
{
    struct demo_tx *t = ctx;
    int rc = MS_OK;

    for (int i = 0; rc == MS_OK && i < 9; i++) {
        struct demo_account *a = &t->acc[i];
        struct authdb_user u = {.username = a->username,
                                .role = a->role,
                                .authority_id = a->authority_id,
                                .unit_id = a->unit_id,
                                .inspector_id = a->inspector_id,
                                .password_hash = a->hash,
                                .must_change = 0};
        json_t *change;
        if (a->exists)
            continue;
        rc = authdb_user_insert(db, &u, t->now, err);
        change = user_json(&u);
        json_object_set_new(change, "demo", json_true());
        if (rc == MS_OK)
            rc = audit(db, t->who, "user.create", "user", u.id, change, err);
        else
            json_decref(change);
    }
    return rc;
}

static int demo_write(const char *path, const struct demo_account *acc, ms_err *err)
{
    FILE *f = NULL;
    int fd, rc = MS_OK;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600); /* passwords inside */
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    }
    fprintf(f, "role\tusername\tpassword\tauthority_or_unit\n");
    for (int i = 0; i < 9; i++)
        fprintf(f, "%s\t%s\t%s\t%s\n", acc[i].role, acc[i].username, acc[i].password,
                acc[i].scope ? acc[i].scope : "");
    if (ferror(f))
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    if (fclose(f) != 0 && rc == MS_OK)
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    return rc;
}

int auth_demo_accounts(store *db, const char *tsv_path, ms_err *err)
{
    struct demo_account acc[9] = {
        {.role = "sysadmin", .username = "sysadmin"},
        {.role = "secadmin", .username = "secadmin"},
        {.role = "auditor", .username = "auditor"},
        {.role = "authority", .username = "national"},
        {.role = "authority", .username = "provincial"},
        {.role = "authority", .username = "county"},
        {.role = "unit", .username = "unit1"},
        {.role = "unit", .username = "unit2"},
        {.role = "inspector", .username = "inspector"},
    };
    arena ar = ARENA_INIT;
    ms_actor sys;
    struct demo_tx t = {.who = &sys, .acc = acc};
    char now_s[32];
    int rc;

    svc_actor_system(&sys, MS_LANG_ZH);
    fmt_time(time(NULL), now_s);
    t.now = now_s;
    if ((rc = demo_pick(db, &ar, acc, err)) != MS_OK)
        goto out;
    for (int i = 0; i < 9; i++) {
        struct demo_account *a = &acc[i];
        struct authdb_user u;
        demo_password(a->username, a->password);
        if ((rc = password_check_policy(a->password, a->username, err)) != MS_OK) {
            rc = ms_fail(err, MS_EINTERNAL, "", "internal", "demo password policy");
            goto out;
        }
        rc = authdb_user_by_name(db, a->username, &ar, &u, err);
        if (rc == MS_OK) {
            if (strcmp(u.role, a->role) != 0) {
                rc = ms_fail(err, MS_ECONFLICT, "username", "demo_account_conflict", a->username);
                goto out;
            }
            a->exists = 1;
            a->scope = u.unit_uscc ? u.unit_uscc : u.authority_code;
            if (!password_verify(a->password, u.password_hash))
                snprintf(a->password, sizeof a->password, "-");
            continue;
        }
        if (rc != MS_ENOTFOUND)
            goto out;
        ms_err_clear(err);
        if ((rc = password_hash(a->password, 0, a->hash, err)) != MS_OK)
            goto out;
    }
    if ((rc = store_tx(db, tx_demo, &t, err)) != MS_OK)
        goto out;
    rc = demo_write(tsv_path, acc, err);
out:
    for (int i = 0; i < 9; i++)
        memset(acc[i].hash, 0, sizeof acc[i].hash);
    arena_free(&ar);
    return rc;
}
