/* auth.c - use cases of identification and access (see auth.h): accounts,
 * roles, passwords. Sessions, tokens and rate limits are in auth_session.c,
 * the demo accounts in auth_demo.c. Every write runs in one transaction
 * with its audit row. */
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

int auth_is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

int auth_uses_authority(const char *role)
{
    return strcmp(role, "authority") == 0 || strcmp(role, "inspector") == 0;
}

void auth_fmt_time(time_t t, char out[32])
{
    /* Every request formats "now" and "now - touch": the last two are kept
     * per thread. */
    static _Thread_local time_t last[2] = {-1, -1};
    static _Thread_local char text[2][32];
    static _Thread_local unsigned next;
    struct tm tm;

    for (int i = 0; i < 2; i++)
        if (last[i] == t) {
            memcpy(out, text[i], 32);
            return;
        }
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    memcpy(text[next], out, 32);
    last[next] = t;
    next ^= 1;
}

int auth_oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

/* AUDIT: the one place where this module reaches the audit trail. CHANGE
 * (may be NULL) is stolen. Runs inside the caller's transaction. */
int auth_audit(store *db, const ms_actor *who, const char *action, const char *entity, int64_t id,
               json_t *change, ms_err *err)
{
    int rc = audit_append(db, who, action, entity, id, change, err);

    json_decref(change);
    return rc;
}

/* The audit description of an account (never a secret). */
json_t *auth_user_json(const struct authdb_user *u)
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
    if (!auth_is_role(who, "system") && !auth_is_role(who, "secadmin"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!auth_is_role(who, "system") &&
        (auth_role_is_admin(target_role) || auth_role_is_admin(new_role)))
        return ms_fail(err, MS_EFORBIDDEN, "role", "admin_accounts_cli", NULL);
    return MS_OK;
}

static int is_self(const ms_actor *who, int64_t id)
{
    return who && who->user_id > 0 && who->user_id == id;
}

/* ------------------------------------------------------------ validation */

int auth_norm_username(const char *in, arena *ar, const char **out, ms_err *err)
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
        return auth_oom(err);
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
    int want_auth = auth_uses_authority(u->role), want_unit = strcmp(u->role, "unit") == 0;
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
        rc = auth_audit(db, t->who, t->action, "user", t->u->id, auth_user_json(t->u), err);
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
        (rc = auth_norm_username(in->username, ar, &u.username, err)) != MS_OK ||
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
    auth_fmt_time(now, now_s);
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
        rc = auth_audit(db, t->who, t->action, "user", t->u->id, auth_user_json(t->u), err);
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
    auth_fmt_time(now, now_s);
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

    if ((rc = auth_norm_username(username, ar, &name, err)) != MS_OK) {
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
        rc = auth_audit(db, t->who, t->action, "user", t->u->id,
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
    auth_fmt_time(now, now_s);
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
            rc = auth_audit(
                db, t->who, "user.password_failed", "user", t->u->id,
                json_pack("{s:s, s:b}", "username", t->u->username, "locked", t->locked), err);
        return rc;
    }
    rc = authdb_user_set_password(db, t->u->id, t->hash, t->must_change, t->now, err);
    if (rc == MS_OK)
        rc = authdb_session_end_user(db, t->u->id, t->keep_session, "password_changed", t->now,
                                     NULL, err);
    if (rc == MS_OK)
        rc = auth_audit(db, t->who, t->must_change ? "user.password_reset" : "user.password_change",
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
    auth_fmt_time(now, now_s);
    auth_fmt_time(now + cfg.lockout_s, until);
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
