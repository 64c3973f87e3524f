/* h_auth.c - authentication of requests (session cookie or bearer token),
 * CSRF, and the handlers of /session, /me, /users, /tokens and /audit. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/h.h"
#include "service/audit.h"
#include "service/auth.h"

#define COOKIE "msup_session"

static const struct auth_config *auth_cfg(void)
{
    static struct auth_config cfg;
    static int ready;

    if (!ready) { /* idempotent; a race only computes the same values twice */
        auth_config_default(&cfg);
        ready = 1;
    }
    return &cfg;
}

/* The value of cookie NAME from the Cookie header, or NULL. */
static const char *cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* The session of this request, kept for CSRF and logout. */
struct req_auth {
    auth_session s;
    int by_cookie;
};

int http_authenticate(struct req *r, ms_err *err)
{
    const char *authz = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *tok = cookie(r, COOKIE);
    struct req_auth *ra;
    ms_err e = {0};
    int rc;

    (void)err;
    r->authenticated = 0;
    r->actor.role = NULL;
    r->actor.name = "anonymous";
    if (!authz && !tok)
        return MS_OK;
    ra = arena_alloc(&r->ar, sizeof *ra);
    if (!ra)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        rc = auth_token_check(r->db, auth_cfg(), authz + 7, r->client, r->lang, time(NULL), &r->ar,
                              &ra->s, &e);
    } else if (tok) {
        rc = auth_session_check(r->db, auth_cfg(), tok, r->client, r->lang, time(NULL), &r->ar,
                                &ra->s, &e);
        ra->by_cookie = 1;
    } else {
        return MS_OK; /* another Authorization scheme: anonymous */
    }
    if (rc != MS_OK) {
        if (!auth_is_unauthenticated(&e) && (rc == MS_EINTERNAL || rc == MS_ECONFLICT))
            return ms_fail(err, e.code, e.field, e.key, e.arg);
        /* An expired or unknown credential makes the request anonymous; a
         * route that needs a login answers 401 with the reason. */
        r->auth_error = arena_strdup(&r->ar, e.key);
        return MS_OK;
    }
    r->actor = ra->s.actor;
    r->actor.client_addr = r->client;
    r->actor.lang = r->lang;
    r->authenticated = 1;
    r->pw_change_pending = ra->s.password_change_required;
    r->auth = ra;
    return MS_OK;
}

int http_csrf_ok(struct req *r)
{
    struct req_auth *ra = r->auth;

    if (!r->authenticated || !ra || !ra->by_cookie)
        return 1; /* no ambient credential: nothing to forge */
    return auth_csrf_ok(&ra->s, req_header(r, "X-CSRF-Token"));
}

/* ------------------------------------------------------------- JSON */

static json_t *user_json(const struct authdb_user *u)
{
    json_t *o = json_object();
    char now[32];
    int locked;

    svc_now(now);
    locked = u->disabled || (u->locked_until && strcmp(u->locked_until, now) > 0);
    jset_int(o, "id", u->id);
    jset_str(o, "username", u->username);
    jset_str(o, "display_name", u->display_name);
    jset_str(o, "role", u->role);
    jset_id(o, "authority_id", u->authority_id);
    jset_str(o, "authority_code", u->authority_code);
    jset_id(o, "unit_id", u->unit_id);
    jset_str(o, "unit_uscc", u->unit_uscc);
    jset_str(o, "unit_name", u->unit_name);
    jset_id(o, "inspector_id", u->inspector_id);
    json_object_set_new(o, "locked", json_boolean(locked));
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    json_object_set_new(o, "must_change_password", json_boolean(u->must_change));
    jset_str(o, "last_login_at", u->last_login_at);
    jset_str(o, "created_at", u->created_at);
    return o;
}

static json_t *actor_json(const ms_actor *a)
{
    json_t *o = json_object();
    jset_id(o, "id", a->user_id);
    jset_str(o, "username", a->name);
    jset_str(o, "role", a->role);
    jset_id(o, "authority_id", a->authority_id);
    jset_id(o, "unit_id", a->unit_id);
    return o;
}

/* ------------------------------------------------------------- session */

int h_session_create(struct req *r)
{
    static const char *const allowed[] = {"username", "password", NULL};
    const char *user = NULL, *pw = NULL;
    auth_session s;
    ms_err err = {0};
    char ck[200];
    json_t *o, *u;

    if (jbody_only(r, allowed, &err) || jbody_str(r, "username", &user, &err) ||
        jbody_str(r, "password", &pw, &err))
        return reply_err(r, &err);
    if (!user || !*user)
        return reply_fail(r, 422, "required", "username", NULL);
    if (!pw || !*pw)
        return reply_fail(r, 422, "required", "password", NULL);
    if (auth_login(r->db, auth_cfg(), user, pw, r->client, r->lang, time(NULL), &r->ar, &s, &err)) {
        if (auth_is_unauthenticated(&err) || strcmp(err.key, "bad_credentials") == 0 ||
            strcmp(err.key, "account_locked") == 0 || strcmp(err.key, "account_disabled") == 0) {
            reply_err(r, &err);
            r->status = strcmp(err.key, "rate_limited") == 0 ? 429 : 401;
            return MHD_YES;
        }
        return reply_err(r, &err);
    }
    snprintf(ck, sizeof ck, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", s.token,
             r->cfg->tls_cert || r->via_https ? "; Secure" : "");
    r->set_cookie = arena_strdup(&r->ar, ck);
    o = json_object();
    {
        struct authdb_user full;
        u = auth_user_get(r->db, &s.actor, s.actor.user_id, &r->ar, &full, &err) == MS_OK
                ? user_json(&full)
                : actor_json(&s.actor);
    }
    json_object_set_new(o, "user", u);
    jset_str(o, "csrf_token", s.csrf_token);
    json_object_set_new(o, "password_change_required", json_boolean(s.password_change_required));
    jset_str(o, "expires_at", s.expires_at);
    return reply_json(r, 200, o);
}

int h_session_delete(struct req *r)
{
    struct req_auth *ra = r->auth;
    ms_err err = {0};

    if (ra && auth_logout(r->db, &ra->s, time(NULL), &err))
        return reply_err(r, &err);
    r->set_cookie = COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    return reply_bytes(r, 204, NULL, "", 0);
}

int h_me(struct req *r)
{
    struct authdb_user u;
    ms_err err = {0};
    json_t *o;

    if (auth_user_get(r->db, &r->actor, r->actor.user_id, &r->ar, &u, &err))
        return reply_err(r, &err);
    o = json_object();
    json_object_set_new(o, "user", user_json(&u));
    json_object_set_new(o, "password_change_required", json_boolean(r->pw_change_pending));
    if (r->actor.authority_path[0])
        jset_str(o, "authority_path", r->actor.authority_path);
    return reply_json(r, 200, o);
}

/* ------------------------------------------------------------- users */

static int user_input(struct req *r, struct auth_user_input *in, ms_err *err)
{
    static const char *const allowed[] = {
        "username", "display_name", "role",         "authority_id", "authority_code",
        "unit_id",  "unit_uscc",    "inspector_id", "password",     NULL};
    if (jbody_only(r, allowed, err) || jbody_str(r, "username", &in->username, err) ||
        jbody_str(r, "display_name", &in->display_name, err) ||
        jbody_str(r, "role", &in->role, err) ||
        jbody_id(r, "authority_id", &in->authority_id, err) ||
        jbody_str(r, "authority_code", &in->authority_code, err) ||
        jbody_id(r, "unit_id", &in->unit_id, err) ||
        jbody_str(r, "unit_uscc", &in->unit_uscc, err) ||
        jbody_id(r, "inspector_id", &in->inspector_id, err) ||
        jbody_str(r, "password", &in->password, err))
        return err->code;
    return MS_OK;
}

int h_users_list(struct req *r)
{
    struct store_page pg;
    struct authdb_user *items;
    int n;
    int64_t total;
    ms_err err = {0};
    json_t *a;

    if (req_page(r, &pg, &err) || auth_user_list(r->db, &r->actor, req_query(r, "role"), &pg,
                                                 &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, user_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_users_create(struct req *r)
{
    struct auth_user_input in = {0};
    struct authdb_user u;
    ms_err err = {0};

    if (user_input(r, &in, &err) ||
        auth_user_create(r->db, &r->actor, &in, time(NULL), &r->ar, &u, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, user_json(&u));
}

int h_users_patch(struct req *r)
{
    struct auth_user_input in = {0};
    struct authdb_user u;
    int lock = -1;
    ms_err err = {0};
    json_t *locked = r->json ? json_object_get(r->json, "locked") : NULL;

    if (locked) {
        if (!json_is_boolean(locked))
            return reply_fail(r, 422, "invalid_type", "locked", "boolean");
        lock = json_is_true(locked);
        json_object_del(r->json, "locked");
    }
    if (user_input(r, &in, &err))
        return reply_err(r, &err);
    if (in.password || in.username)
        return reply_fail(r, 422, "unknown_field", in.password ? "password" : "username",
                          in.password ? "password" : "username");
    if (lock >= 0 && auth_user_lock(r->db, &r->actor, req_param_id(r, 0), lock, time(NULL), &err))
        return reply_err(r, &err);
    if ((in.display_name || in.role || in.authority_id || in.authority_code || in.unit_id ||
         in.unit_uscc || in.inspector_id) &&
        auth_user_update(r->db, &r->actor, req_param_id(r, 0), &in, time(NULL), &r->ar, &u, &err))
        return reply_err(r, &err);
    if (auth_user_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &u, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, user_json(&u));
}

int h_users_password(struct req *r)
{
    static const char *const allowed[] = {"old_password", "new_password", "password", NULL};
    const char *old = NULL, *nw = NULL;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "old_password", &old, &err) ||
        jbody_str(r, "new_password", &nw, &err) || (!nw && jbody_str(r, "password", &nw, &err)))
        return reply_err(r, &err);
    if (!nw)
        return reply_fail(r, 422, "required", "new_password", NULL);
    if (auth_password_change(r->db, &r->actor, req_param_id(r, 0), old, nw, time(NULL), &err))
        return reply_err(r, &err);
    return reply_bytes(r, 204, NULL, "", 0);
}

/* ------------------------------------------------------------- tokens */

static json_t *token_json(const struct authdb_token *t)
{
    json_t *o = json_object();
    jset_int(o, "id", t->id);
    jset_str(o, "name", t->name);
    jset_str(o, "prefix", t->prefix);
    jset_str(o, "created_at", t->created_at);
    jset_str(o, "expires_at", t->expires_at);
    jset_str(o, "last_used_at", t->last_used_at);
    jset_str(o, "revoked_at", t->revoked_at);
    return o;
}

int h_tokens_list(struct req *r)
{
    struct authdb_token *items;
    int n;
    ms_err err = {0};
    json_t *a;

    if (auth_token_list(r->db, &r->actor, &r->ar, &items, &n, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, token_json(&items[i]));
    struct store_page pg = {1, n};
    return reply_json(r, 200, jlist(a, n, &pg));
}

int h_tokens_create(struct req *r)
{
    static const char *const allowed[] = {"name", "expires_on", NULL};
    const char *name = NULL, *exp = NULL, *secret = NULL;
    struct authdb_token t;
    ms_err err = {0};
    json_t *o;

    if (jbody_only(r, allowed, &err) || jbody_str(r, "name", &name, &err) ||
        jbody_str(r, "expires_on", &exp, &err) ||
        auth_token_create(r->db, &r->actor, name, exp, time(NULL), &r->ar, &t, &secret, &err))
        return reply_err(r, &err);
    o = token_json(&t);
    jset_str(o, "token", secret); /* shown once */
    return reply_json(r, 201, o);
}

int h_tokens_delete(struct req *r)
{
    ms_err err = {0};

    if (auth_token_revoke(r->db, &r->actor, req_param_id(r, 0), time(NULL), &err))
        return reply_err(r, &err);
    return reply_bytes(r, 204, NULL, "", 0);
}

/* ------------------------------------------------------------- audit */

int h_audit_list(struct req *r)
{
    struct store_page pg;
    struct audit_filter f = {0};
    struct audit_row *items;
    int n;
    int64_t total;
    ms_err err = {0};
    json_t *a;

    f.actor = req_query(r, "actor");
    f.entity = req_query(r, "entity");
    f.action = req_query(r, "action");
    f.from = req_query(r, "from");
    f.to = req_query(r, "to");
    if (req_page(r, &pg, &err) || req_query_int(r, "entity_id", &f.entity_id, &err) ||
        audit_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = audit_row_json(&items[i]);
        if (x)
            json_array_append_new(a, x);
    }
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_audit_verify(struct req *r)
{
    struct audit_verify_result v;
    ms_err err = {0};
    json_t *o;

    if (audit_verify(r->db, &r->actor, &v, &err))
        return reply_err(r, &err);
    o = json_object();
    json_object_set_new(o, "intact", json_boolean(v.intact));
    jset_int(o, "rows", v.rows);
    jset_id(o, "broken_seq", v.broken_seq);
    jset_str(o, "reason", v.reason);
    jset_str(o, "head_hash", v.head_hash[0] ? v.head_hash : NULL);
    return reply_json(r, 200, o);
}
