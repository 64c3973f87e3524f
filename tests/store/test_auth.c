/* test_auth.c - accounts, passwords, login and lockout, sessions, CSRF,
 * bearer tokens, rate limits and the demo accounts over a real database,
 * run once on SQLite and once on PostgreSQL (MSUP_TEST_BACKEND). Time is
 * injected: every call takes NOW. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/registry.h"
#include "testdb.h"

#define T0  ((time_t)1800000000) /* 2027-01-15T08:00:00Z */
#define MIN 60
#define PW  "Kestrel-42-alpha"

struct fx {
    store *db;
    arena ar;
    ms_actor sys;
    struct auth_config cfg;
    int64_t nation, js, nj, xw, zj; /* authorities */
    int64_t unit_xw, unit_nj;       /* units of two authorities in 320000 */
    const char *uscc_xw, *uscc_nj;
};

static const char *make_uscc(arena *ar, const char *first17)
{
    char *u = arena_alloc(ar, 19);
    memcpy(u, first17, 17);
    u[17] = uscc_check_char(first17);
    return u;
}

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent)
{
    struct ms_authority a = {.code = code, .name = name, .level = level, .parent_id = parent};
    ms_err err = {0};
    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s %s", code, err.key, err.field, err.arg);
    return a.id;
}

static int64_t add_unit(struct fx *f, const char *uscc, const char *name, const char *division,
                        int64_t authority)
{
    struct ms_unit u = {.uscc = uscc,
                        .name = name,
                        .division_code = division,
                        .kind = "enterprise",
                        .sectors = "",
                        .authority_id = authority};
    ms_err err = {0};
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit %s: %s %s %s", name, err.key, err.field, err.arg);
    return u.id;
}

static int64_t add_inspector(struct fx *f, int64_t authority, const char *name)
{
    struct ms_inspector i = {
        .authority_id = authority, .name = name, .kind = "enforcement", .active = 1};
    ms_err err = {0};
    if (reg_inspector_insert(f->db, &i, "2027-01-01T00:00:00Z", &err) != MS_OK)
        fail_msg("inspector: %s %s", err.key, err.arg);
    return i.id;
}

static int setup(void **state)
{
    static struct fx fx;
    struct fx *f = &fx;

    memset(f, 0, sizeof *f);
    f->db = testdb_open("auth");
    arena_init(&f->ar);
    svc_actor_system(&f->sys, MS_LANG_ZH);
    auth_config_default(&f->cfg);
    f->cfg.login_limit = 0; /* tested on its own */
    f->nation = add_authority(f, "000000", "国家市场监督管理总局", "national", 0);
    f->js = add_authority(f, "320000", "江苏省市场监督管理局", "provincial", f->nation);
    f->nj = add_authority(f, "320100", "南京市市场监督管理局", "municipal", f->js);
    f->xw = add_authority(f, "320102", "南京市玄武区市场监督管理局", "county", f->nj);
    f->zj = add_authority(f, "330000", "浙江省市场监督管理局", "provincial", f->nation);
    f->uscc_xw = make_uscc(&f->ar, "91320102MA1WXY120");
    f->uscc_nj = make_uscc(&f->ar, "91320100MA1NJK560");
    f->unit_xw = add_unit(f, f->uscc_xw, "南京玄武精密仪器有限公司", "320102", f->xw);
    f->unit_nj = add_unit(f, f->uscc_nj, "南京计量器具有限公司", "320100", f->nj);
    add_unit(f, make_uscc(&f->ar, "91330100MA2ABC340"), "杭州西湖计量器具有限公司", "330100",
             f->zj);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->db);
    arena_free(&f->ar);
    return 0;
}

/* ------------------------------------------------------------ helpers */

static const char SQL_USERS[] = "SELECT count(*) FROM users";
static const char SQL_AUDIT[] = "SELECT count(*) FROM audit";
static const char SQL_AUDIT_ACTION[] = "SELECT count(*) FROM audit WHERE action = ?";
static const char SQL_SESSION_BY_HASH[] =
    "SELECT count(*) FROM sessions WHERE token_hash = ? OR csrf_hash = ?";
static const char SQL_SESSION_CLEAR[] = "SELECT count(*) FROM sessions WHERE token_hash = ?"
                                        " OR csrf_hash = ? OR token_hash = ? OR csrf_hash = ?";
static const char SQL_TOKEN_CLEAR[] =
    "SELECT count(*) FROM api_tokens WHERE token_hash = ? OR prefix = ?";
static const char SQL_PW_HASH[] = "SELECT password_hash FROM users WHERE username = ?";

static int64_t count(struct fx *f, const char *sql)
{
    return store_query_int(f->db, sql, -1, NULL);
}

static int64_t count_action(struct fx *f, const char *action)
{
    store_stmt *st = store_prepare(f->db, SQL_AUDIT_ACTION, NULL);
    int64_t n = -1;

    assert_non_null(st);
    store_bind_text(st, 1, action);
    if (store_step(st, NULL) == STORE_ROW)
        n = store_col_int(st, 0);
    store_reset(st);
    return n;
}

/* Count rows of SQL with every parameter bound to the texts given. */
static int64_t count_bound(struct fx *f, const char *sql, int nparams, ...)
{
    store_stmt *st = store_prepare(f->db, sql, NULL);
    int64_t n = -1;
    va_list ap;

    assert_non_null(st);
    va_start(ap, nparams);
    for (int i = 1; i <= nparams; i++)
        store_bind_text(st, i, va_arg(ap, const char *));
    va_end(ap);
    if (store_step(st, NULL) == STORE_ROW)
        n = store_col_int(st, 0);
    store_reset(st);
    return n;
}

static int64_t mkuser(struct fx *f, const char *name, const char *role, const char *authority,
                      const char *uscc)
{
    struct auth_user_input in = {.username = name,
                                 .role = role,
                                 .authority_code = authority,
                                 .unit_uscc = uscc,
                                 .password = PW};
    struct authdb_user u;
    ms_err err = {0};
    if (auth_user_create(f->db, &f->sys, &in, T0, &f->ar, &u, &err) != MS_OK)
        fail_msg("user %s: %s %s %s", name, err.key, err.field, err.arg);
    assert_true(u.must_change);
    return u.id;
}

static void login_ok(struct fx *f, const char *name, const char *pw, time_t now, auth_session *s)
{
    ms_err err = {0};
    if (auth_login(f->db, &f->cfg, name, pw, "192.0.2.1", MS_LANG_ZH, now, &f->ar, s, &err) !=
        MS_OK)
        fail_msg("login %s: %s %s %s", name, err.key, err.field, err.arg);
}

static int login(struct fx *f, const char *name, const char *pw, time_t now, ms_err *err)
{
    auth_session s;
    ms_err_clear(err);
    return auth_login(f->db, &f->cfg, name, pw, "192.0.2.1", MS_LANG_ZH, now, &f->ar, &s, err);
}

static int check(struct fx *f, const char *token, time_t now, auth_session *s, ms_err *err)
{
    ms_err_clear(err);
    return auth_session_check(f->db, &f->cfg, token, "192.0.2.1", MS_LANG_EN, now, &f->ar, s, err);
}

/* An actor for account ID as a session would give it. */
static ms_actor actor_of(struct fx *f, int64_t id)
{
    struct authdb_user u;
    ms_actor a = {0};
    ms_err err = {0};
    assert_int_equal(authdb_user_get(f->db, id, &f->ar, &u, &err), MS_OK);
    a.name = u.username;
    a.role = u.role;
    a.user_id = u.id;
    a.authority_id = u.authority_id;
    if (u.authority_path)
        snprintf(a.authority_path, sizeof a.authority_path, "%s", u.authority_path);
    a.unit_id = u.unit_id;
    a.client_addr = "192.0.2.9";
    return a;
}

/* Clear the first-login flag of NAME by changing its password to NEW_PW. */
static void first_change(struct fx *f, const char *name, const char *new_pw, time_t now)
{
    auth_session s;
    ms_err err = {0};
    login_ok(f, name, PW, now, &s);
    assert_true(s.password_change_required);
    if (auth_password_change(f->db, &s.actor, s.actor.user_id, PW, new_pw, now, &err) != MS_OK)
        fail_msg("password change %s: %s %s", name, err.key, err.field);
}

/* -------------------------------------------------------------- tests */

static void test_admin_separation(void **state)
{
    struct fx *f = *state;
    int64_t sec = mkuser(f, "sec1", "secadmin", NULL, NULL);
    int64_t aud = mkuser(f, "aud1", "auditor", NULL, NULL);
    int64_t sys = mkuser(f, "sys1", "sysadmin", NULL, NULL);
    int64_t staff = mkuser(f, "js.staff", "authority", "320000", NULL);
    ms_actor asec = actor_of(f, sec), aaud = actor_of(f, aud), asys = actor_of(f, sys);
    ms_actor astaff = actor_of(f, staff);
    struct auth_user_input in = {
        .username = "xw.staff", .role = "authority", .authority_code = "320102", .password = PW};
    struct auth_user_input patch = {0};
    struct authdb_user u, *items;
    struct ms_unit unit;
    int64_t users, audit_rows, total;
    ms_err err = {0};
    int n;

    /* one role per account, as given */
    assert_int_equal(authdb_user_get(f->db, sec, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.role, "secadmin");
    assert_string_equal(asys.role, "sysadmin");

    /* secadmin manages business accounts ... */
    assert_int_equal(auth_user_create(f->db, &asec, &in, T0, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.authority_code, "320102");
    assert_null(u.password_hash);
    users = count(f, SQL_USERS);
    audit_rows = count(f, SQL_AUDIT);
    /* ... but not administrator accounts, and the others manage none */
    in.username = "aud2";
    in.role = "auditor";
    in.authority_code = NULL;
    assert_int_equal(auth_user_create(f->db, &asec, &in, T0, &f->ar, &u, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "admin_accounts_cli");
    in.username = "other";
    in.role = "unit";
    in.unit_uscc = f->uscc_xw;
    assert_int_equal(auth_user_create(f->db, &asys, &in, T0, &f->ar, &u, &err), MS_EFORBIDDEN);
    assert_int_equal(auth_user_create(f->db, &aaud, &in, T0, &f->ar, &u, &err), MS_EFORBIDDEN);
    assert_int_equal(auth_user_create(f->db, &astaff, &in, T0, &f->ar, &u, &err), MS_EFORBIDDEN);
    assert_int_equal(auth_user_list(f->db, &aaud, NULL, NULL, &f->ar, &items, &n, &total, &err),
                     MS_EFORBIDDEN);
    assert_int_equal(auth_user_lock(f->db, &asys, staff, 1, T0, &err), MS_EFORBIDDEN);
    assert_int_equal(auth_password_change(f->db, &asec, sys, NULL, "Other-pass-77", T0, &err),
                     MS_EFORBIDDEN);
    /* an administrator keeps its role; nobody becomes one */
    patch.role = "auditor";
    assert_int_equal(auth_user_update(f->db, &f->sys, sec, &patch, T0, &f->ar, &u, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "role");
    assert_string_equal(err.key, "admin_role_fixed");
    patch.role = "sysadmin";
    assert_int_equal(auth_user_update(f->db, &f->sys, staff, &patch, T0, &f->ar, &u, &err),
                     MS_EINVAL);
    assert_string_equal(err.key, "admin_role_fixed");
    assert_int_equal(auth_user_update(f->db, &asec, sec, &patch, T0, &f->ar, &u, &err),
                     MS_EFORBIDDEN);
    assert_int_equal(auth_user_lock(f->db, &asec, sec, 1, T0, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "self_admin");
    assert_int_equal(count(f, SQL_USERS), users);
    assert_int_equal(count(f, SQL_AUDIT), audit_rows);

    /* business role changes are allowed (and audited) */
    patch.role = "unit";
    patch.unit_uscc = f->uscc_nj;
    assert_int_equal(auth_user_update(f->db, &asec, staff, &patch, T0, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.role, "unit");
    assert_int_equal(u.unit_id, f->unit_nj);
    assert_int_equal(u.authority_id, 0);
    assert_int_equal(count_action(f, "user.role_change"), 1);

    /* secadmin and auditor read no business data; the auditor reads the trail */
    assert_int_not_equal(registry_unit_get(f->db, &asec, f->unit_xw, &f->ar, &unit, &err), MS_OK);
    assert_int_not_equal(registry_unit_get(f->db, &aaud, f->unit_xw, &f->ar, &unit, &err), MS_OK);
    assert_true(audit_may_read(&aaud));
    assert_false(audit_may_read(&asec));
    assert_false(audit_may_read(&asys));
    /* lists: secadmin sees accounts, without hashes */
    assert_int_equal(auth_user_list(f->db, &asec, NULL, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 5);
    assert_null(items[0].password_hash);
    assert_int_equal(
        auth_user_list(f->db, &asec, "secadmin", NULL, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].username, "sec1");
    assert_true(count_action(f, "user.create") >= 5);
}

/* Expect create to fail with CODE on FIELD/KEY and write nothing. */
static void refused(struct fx *f, const struct auth_user_input *in, int code, const char *field,
                    const char *key)
{
    int64_t users = count(f, SQL_USERS), audit_rows = count(f, SQL_AUDIT);
    struct authdb_user u;
    ms_err err = {0};
    int rc = auth_user_create(f->db, &f->sys, in, T0, &f->ar, &u, &err);

    if (rc != code || strcmp(err.field, field) != 0 || strcmp(err.key, key) != 0)
        fail_msg("%s: got %d %s/%s, expected %d %s/%s", in->username ? in->username : "(null)", rc,
                 err.field, err.key, code, field, key);
    assert_int_equal(count(f, SQL_USERS), users);
    assert_int_equal(count(f, SQL_AUDIT), audit_rows);
}

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    struct auth_user_input in = {.username = "zhang.san",
                                 .role = "authority",
                                 .authority_code = "320000",
                                 .password = "weakpass"};
    int64_t insp = add_inspector(f, f->zj, "王五");

    refused(f, &in, MS_EINVAL, "password", "password_classes");
    in.password = "Ab1!";
    refused(f, &in, MS_EINVAL, "password", "password_too_short");
    in.password = "Zhang.San-99";
    refused(f, &in, MS_EINVAL, "password", "password_has_username");
    in.password = NULL;
    refused(f, &in, MS_EINVAL, "password", "required");
    in.password = PW;
    in.role = "admin";
    refused(f, &in, MS_EINVAL, "role", "invalid_enum");
    in.role = NULL;
    refused(f, &in, MS_EINVAL, "role", "required");
    in.role = "authority";
    in.authority_code = NULL;
    refused(f, &in, MS_EINVAL, "authority_id", "required");
    in.authority_code = "329999";
    refused(f, &in, MS_EINVAL, "authority_code", "unknown_authority");
    in.authority_code = NULL;
    in.authority_id = 424242;
    refused(f, &in, MS_EINVAL, "authority_id", "unknown_authority");
    in.authority_id = 0;
    in.role = "unit";
    refused(f, &in, MS_EINVAL, "unit_id", "required");
    in.unit_uscc = make_uscc(&f->ar, "91320102MA1ZZZ990"); /* valid, not registered */
    refused(f, &in, MS_EINVAL, "unit_uscc", "unknown_unit");
    in.unit_uscc = "not-a-uscc";
    refused(f, &in, MS_EINVAL, "unit_uscc", "unknown_unit");
    in.unit_uscc = f->uscc_xw;
    in.authority_code = "320000";
    refused(f, &in, MS_EINVAL, "authority_code", "field_not_allowed");
    in.authority_code = NULL;
    in.role = "secadmin";
    refused(f, &in, MS_EINVAL, "unit_uscc", "field_not_allowed");
    in.unit_uscc = NULL;
    in.role = "inspector";
    in.authority_code = "320000";
    in.inspector_id = insp;
    refused(f, &in, MS_EINVAL, "inspector_id", "inspector_mismatch");
    in.inspector_id = 999999;
    refused(f, &in, MS_EINVAL, "inspector_id", "unknown_inspector");
    in.inspector_id = 0;
    in.username = "1abc";
    refused(f, &in, MS_EINVAL, "username", "invalid_username");
    in.username = "ab";
    refused(f, &in, MS_EINVAL, "username", "invalid_username");
    in.username = "张三";
    refused(f, &in, MS_EINVAL, "username", "invalid_username");
    in.username = "Zhang.San"; /* folded to lower case */
    in.display_name = "张三";
    in.password = "Jiangsu#2027";
    {
        struct authdb_user u;
        ms_err err = {0};
        assert_int_equal(auth_user_create(f->db, &f->sys, &in, T0, &f->ar, &u, &err), MS_OK);
        assert_string_equal(u.username, "zhang.san");
        assert_string_equal(u.role, "inspector");
        assert_string_equal(u.display_name, "张三");
    }
    refused(f, &in, MS_ECONFLICT, "username", "duplicate");
    /* the inspector link must be of the same authority */
    in.username = "wang.wu";
    in.authority_code = "330000";
    in.inspector_id = insp;
    {
        struct authdb_user u;
        ms_err err = {0};
        assert_int_equal(auth_user_create(f->db, &f->sys, &in, T0, &f->ar, &u, &err), MS_OK);
        assert_int_equal(u.inspector_id, insp);
    }
}

static void test_lockout(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    auth_session s;
    int64_t id = mkuser(f, "li.si", "authority", "320102", NULL);
    struct authdb_user u;

    for (int i = 0; i < 4; i++) {
        assert_int_equal(login(f, "li.si", "Wrong-pass-1", T0 + i, &err), MS_EFORBIDDEN);
        assert_string_equal(err.key, "bad_credentials");
        assert_true(auth_is_unauthenticated(&err));
    }
    /* an unknown user answers exactly alike */
    assert_int_equal(login(f, "nobody", "Wrong-pass-1", T0, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "bad_credentials");
    /* the 5th failure locks for 15 minutes */
    assert_int_equal(login(f, "li.si", "Wrong-pass-1", T0 + 10, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "account_locked");
    assert_string_equal(err.arg, "2027-01-15T08:15:10Z");
    assert_int_equal(authdb_user_get(f->db, id, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.locked_until, "2027-01-15T08:15:10Z");
    /* even the right password is refused meanwhile */
    assert_int_equal(login(f, "li.si", PW, T0 + 10 + 14 * MIN, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "account_locked");
    /* 15 minutes later it works, and success resets the counter */
    login_ok(f, "li.si", PW, T0 + 10 + 15 * MIN, &s);
    assert_int_equal(s.actor.user_id, id);
    for (int i = 0; i < 4; i++)
        assert_int_equal(login(f, "li.si", "Wrong-pass-1", T0 + 20 * MIN, &err), MS_EFORBIDDEN);
    login_ok(f, "li.si", PW, T0 + 21 * MIN, &s);
    assert_int_equal(login(f, "li.si", "Wrong-pass-1", T0 + 22 * MIN, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "bad_credentials");
    assert_int_equal(count_action(f, "session.login_failed"), 12);
    assert_int_equal(count_action(f, "session.login"), 2);

    /* administrator lock: refused at login, sessions end; unlock clears */
    assert_int_equal(auth_user_lock(f->db, &f->sys, id, 1, T0 + 30 * MIN, &err), MS_OK);
    assert_int_equal(check(f, s.token, T0 + 30 * MIN, &s, &err), MS_EFORBIDDEN);
    assert_int_equal(login(f, "li.si", PW, T0 + 31 * MIN, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "account_disabled");
    assert_int_equal(auth_user_lock(f->db, &f->sys, id, 0, T0 + 32 * MIN, &err), MS_OK);
    login_ok(f, "li.si", PW, T0 + 33 * MIN, &s);
    assert_int_equal(count_action(f, "user.lock"), 1);
    assert_int_equal(count_action(f, "user.unlock"), 1);
}

static void test_timeouts(void **state)
{
    struct fx *f = *state;
    auth_session s, c;
    ms_err err = {0};
    const char *token;
    time_t t;

    mkuser(f, "wang", "authority", "320100", NULL);
    login_ok(f, "wang", PW, T0, &s);
    token = s.token;
    assert_string_equal(s.expires_at, "2027-01-15T20:00:00Z");
    /* idle: 29 minutes is fine (and counts as activity), 30 is not */
    assert_int_equal(check(f, token, T0 + 29 * MIN, &c, &err), MS_OK);
    assert_int_equal(c.session_id, s.session_id);
    assert_int_equal(check(f, token, T0 + 58 * MIN, &c, &err), MS_OK);
    assert_int_equal(check(f, token, T0 + 88 * MIN, &c, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "session_expired");
    assert_true(auth_is_unauthenticated(&err));
    /* and it stays ended */
    assert_int_equal(check(f, token, T0 + 89 * MIN, &c, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "unauthenticated");

    /* absolute: active every 20 minutes, still over after 12 hours */
    login_ok(f, "wang", PW, T0, &s);
    for (t = T0 + 20 * MIN; t < T0 + 12 * 3600; t += 20 * MIN)
        assert_int_equal(check(f, s.token, t, &c, &err), MS_OK);
    assert_int_equal(check(f, s.token, T0 + 12 * 3600, &c, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "session_expired");

    /* configurable */
    f->cfg.idle_s = 60;
    login_ok(f, "wang", PW, T0, &s);
    assert_int_equal(check(f, s.token, T0 + 59, &c, &err), MS_OK);
    assert_int_equal(check(f, s.token, T0 + 59 + 60, &c, &err), MS_EFORBIDDEN);

    /* logout ends the session */
    f->cfg.idle_s = 1800;
    login_ok(f, "wang", PW, T0, &s);
    assert_int_equal(auth_logout(f->db, &s, T0 + 1, &err), MS_OK);
    assert_int_equal(check(f, s.token, T0 + 2, &c, &err), MS_EFORBIDDEN);
    assert_int_equal(count_action(f, "session.logout"), 1);
    /* garbage tokens */
    assert_int_equal(check(f, NULL, T0, &c, &err), MS_EFORBIDDEN);
    assert_int_equal(check(f, "", T0, &c, &err), MS_EFORBIDDEN);
    assert_int_equal(check(f, "abc", T0, &c, &err), MS_EFORBIDDEN);
    assert_string_equal(err.key, "unauthenticated");
}

static void test_first_login(void **state)
{
    struct fx *f = *state;
    auth_session s, other, c;
    ms_err err = {0};
    int64_t id = mkuser(f, "unit.xw", "unit", NULL, f->uscc_xw);

    login_ok(f, "unit.xw", PW, T0, &other);
    login_ok(f, "unit.xw", PW, T0 + 1, &s);
    assert_true(s.password_change_required);
    assert_string_equal(s.actor.role, "unit");
    assert_int_equal(s.actor.unit_id, f->unit_xw);
    assert_int_equal(check(f, s.token, T0 + 2, &c, &err), MS_OK);
    assert_true(c.password_change_required);
    /* a token cannot be made meanwhile */
    {
        const char *tok;
        assert_int_equal(
            auth_token_create(f->db, &s.actor, "ci", NULL, T0, &f->ar, NULL, &tok, &err),
            MS_EFORBIDDEN);
        assert_string_equal(err.key, "password_change_required");
    }
    /* wrong old password, weak or unchanged new one */
    assert_int_equal(
        auth_password_change(f->db, &s.actor, id, "Not-the-1-pass", "Brand-new-pass-9", T0, &err),
        MS_EINVAL);
    assert_string_equal(err.field, "old_password");
    assert_string_equal(err.key, "wrong_password");
    assert_int_equal(auth_password_change(f->db, &s.actor, id, PW, "short", T0, &err), MS_EINVAL);
    assert_string_equal(err.field, "password");
    assert_int_equal(auth_password_change(f->db, &s.actor, id, PW, PW, T0, &err), MS_EINVAL);
    assert_string_equal(err.key, "password_reused");
    /* another user may not change it */
    {
        ms_actor stranger = s.actor;
        stranger.user_id = id + 100;
        stranger.role = "authority";
        assert_int_equal(
            auth_password_change(f->db, &stranger, id, PW, "Brand-new-pass-9", T0, &err),
            MS_EFORBIDDEN);
    }
    assert_int_equal(
        auth_password_change(f->db, &s.actor, id, PW, "Brand-new-pass-9", T0 + 3, &err), MS_OK);
    /* this session goes on without the flag; the other one ended */
    assert_int_equal(check(f, s.token, T0 + 4, &c, &err), MS_OK);
    assert_false(c.password_change_required);
    assert_int_equal(check(f, other.token, T0 + 4, &c, &err), MS_EFORBIDDEN);
    assert_int_equal(login(f, "unit.xw", PW, T0 + 5, &err), MS_EFORBIDDEN);
    login_ok(f, "unit.xw", "Brand-new-pass-9", T0 + 6, &c);
    assert_false(c.password_change_required);
    /* a reset by the operator: change required again, sessions end */
    assert_int_equal(
        auth_password_change(f->db, &f->sys, id, NULL, "Reset-pass-2027", T0 + 7, &err), MS_OK);
    assert_int_equal(check(f, s.token, T0 + 8, &c, &err), MS_EFORBIDDEN);
    login_ok(f, "unit.xw", "Reset-pass-2027", T0 + 9, &c);
    assert_true(c.password_change_required);
    assert_int_equal(count_action(f, "user.password_change"), 1);
    assert_int_equal(count_action(f, "user.password_reset"), 1);
    assert_int_equal(count_action(f, "user.password_failed"), 1);
}

static void test_secrets_not_stored(void **state)
{
    struct fx *f = *state;
    auth_session s;
    char th[PASSWORD_DIGEST_HEX], ch[PASSWORD_DIGEST_HEX];
    store_stmt *st;

    mkuser(f, "zhao", "authority", "320000", NULL);
    login_ok(f, "zhao", PW, T0, &s);
    assert_int_equal(strlen(s.token), 64);
    assert_int_equal(strlen(s.csrf_token), 64);
    assert_string_not_equal(s.token, s.csrf_token);
    /* neither secret is in the table; their SM3 digests are */
    assert_int_equal(
        count_bound(f, SQL_SESSION_CLEAR, 4, s.token, s.token, s.csrf_token, s.csrf_token), 0);
    password_digest(s.token, th);
    password_digest(s.csrf_token, ch);
    assert_int_equal(count_bound(f, SQL_SESSION_BY_HASH, 2, th, ch), 1);
    /* the password is a PBKDF2-HMAC-SM3 string */
    st = store_prepare(f->db, SQL_PW_HASH, NULL);
    store_bind_text(st, 1, "zhao");
    assert_int_equal(store_step(st, NULL), STORE_ROW);
    assert_int_equal(strncmp(store_col_text(st, 0), "pbkdf2-sm3$", 11), 0);
    assert_null(strstr(store_col_text(st, 0), PW));
    assert_true(password_verify(PW, store_col_text(st, 0)));
    store_reset(st);
}

static void test_csrf(void **state)
{
    struct fx *f = *state;
    auth_session s, c;
    ms_err err = {0};
    char upper[65];

    mkuser(f, "qian", "authority", "320000", NULL);
    login_ok(f, "qian", PW, T0, &s);
    assert_true(auth_csrf_ok(&s, s.csrf_token));
    assert_false(auth_csrf_ok(&s, NULL));
    assert_false(auth_csrf_ok(&s, ""));
    assert_false(auth_csrf_ok(&s, s.token));
    for (int i = 0; i < 64; i++)
        upper[i] = (char)(s.csrf_token[i] >= 'a' ? s.csrf_token[i] - 32 : s.csrf_token[i]);
    upper[64] = '\0';
    assert_false(auth_csrf_ok(&s, upper));
    /* a later request of the same session checks the token from login */
    assert_int_equal(check(f, s.token, T0 + 5, &c, &err), MS_OK);
    assert_null(c.csrf_token);
    assert_true(auth_csrf_ok(&c, s.csrf_token));
    upper[0] = upper[0] == '0' ? '1' : '0';
    assert_false(auth_csrf_ok(&c, upper));
    assert_false(auth_csrf_ok(NULL, s.csrf_token));
}

static void test_tokens(void **state)
{
    struct fx *f = *state;
    auth_session s, b;
    struct authdb_token t, *items;
    const char *tok, *tok2;
    ms_err err = {0};
    int64_t other_id;
    ms_actor other;
    int n;

    mkuser(f, "sun.li", "authority", "320100", NULL);
    first_change(f, "sun.li", "Moon-new-pass-1", T0);
    login_ok(f, "sun.li", "Moon-new-pass-1", T0 + 1, &s);
    assert_int_equal(
        auth_token_create(f->db, &s.actor, "nightly import", NULL, T0 + 2, &f->ar, &t, &tok, &err),
        MS_OK);
    assert_int_equal(strncmp(tok, "msup_", 5), 0);
    assert_int_equal(strlen(tok), 69);
    assert_null(t.token_hash);
    assert_string_equal(t.name, "nightly import");
    assert_null(t.expires_at);
    assert_int_equal(count_bound(f, SQL_TOKEN_CLEAR, 2, tok, tok), 0);
    /* the bearer is the owner, without CSRF */
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok, "198.51.100.7", MS_LANG_EN, T0 + 3, &f->ar, &b, &err),
        MS_OK);
    assert_int_equal(b.actor.user_id, s.actor.user_id);
    assert_string_equal(b.actor.role, "authority");
    assert_string_equal(b.actor.authority_path, s.actor.authority_path);
    assert_string_equal(b.actor.client_addr, "198.51.100.7");
    assert_int_equal(b.session_id, 0);
    assert_int_equal(b.token_id, t.id);
    assert_true(auth_csrf_ok(&b, NULL));
    assert_false(b.password_change_required);
    /* listing shows it without the digest */
    assert_int_equal(auth_token_list(f->db, &s.actor, &f->ar, &items, &n, &err), MS_OK);
    assert_int_equal(n, 1);
    assert_null(items[0].token_hash);
    /* someone else cannot revoke it; the owner can, then it is refused */
    other_id = mkuser(f, "zhou", "authority", "320000", NULL);
    other = actor_of(f, other_id);
    assert_int_equal(auth_token_revoke(f->db, &other, t.id, T0 + 4, &err), MS_ENOTFOUND);
    assert_int_equal(auth_token_revoke(f->db, &s.actor, t.id, T0 + 4, &err), MS_OK);
    assert_int_equal(auth_token_revoke(f->db, &s.actor, t.id, T0 + 5, &err), MS_OK);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok, "198.51.100.7", MS_LANG_EN, T0 + 6, &f->ar, &b, &err),
        MS_EFORBIDDEN);
    assert_string_equal(err.key, "unauthenticated");
    assert_int_equal(count_action(f, "token.create"), 1);
    assert_int_equal(count_action(f, "token.revoke"), 1);
    /* expiry: valid through the day given */
    assert_int_equal(
        auth_token_create(f->db, &s.actor, "short", "2027-01-15", T0, &f->ar, &t, &tok2, &err),
        MS_OK);
    assert_string_equal(t.expires_at, "2027-01-16T00:00:00Z");
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok2, NULL, MS_LANG_ZH, T0 + 15 * 3600, &f->ar, &b, &err),
        MS_OK);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok2, NULL, MS_LANG_ZH, T0 + 16 * 3600, &f->ar, &b, &err),
        MS_EFORBIDDEN);
    assert_int_equal(
        auth_token_create(f->db, &s.actor, "old", "2027-01-14", T0, &f->ar, &t, &tok2, &err),
        MS_EINVAL);
    assert_string_equal(err.field, "expires_on");
    assert_int_equal(auth_token_create(f->db, &s.actor, "", NULL, T0, &f->ar, &t, &tok2, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "name");
    assert_int_equal(auth_token_create(f->db, &f->sys, "op", NULL, T0, &f->ar, &t, &tok2, &err),
                     MS_EFORBIDDEN);
    /* garbage bearer values */
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, "msup_xyz", NULL, MS_LANG_ZH, T0, &f->ar, &b, &err),
        MS_EFORBIDDEN);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, s.token, NULL, MS_LANG_ZH, T0, &f->ar, &b, &err),
        MS_EFORBIDDEN);
}

/* Accepted tokens are cached per thread (auth_session.c): a change through
 * another connection still applies at once on SQLite (data_version) and
 * through the service layer on either backend (commit epoch); a raw write
 * by another connection on PostgreSQL within TOKEN_CACHE_TTL_S = 2 s. */
static void test_token_cache(void **state)
{
    struct fx *f = *state;
    auth_session s, b;
    struct authdb_token t;
    const char *tok, *tok2;
    ms_err err = {0};
    store *db2 = NULL;
    int64_t uid;
    int sqlite = strcmp(testdb_backend(), "sqlite") == 0;

    uid = mkuser(f, "qian.wu", "authority", "320100", NULL);
    first_change(f, "qian.wu", "Moon-new-pass-1", T0);
    login_ok(f, "qian.wu", "Moon-new-pass-1", T0 + 1, &s);
    assert_int_equal(
        auth_token_create(f->db, &s.actor, "one", NULL, T0 + 2, &f->ar, &t, &tok, &err), MS_OK);
    assert_int_equal(
        auth_token_create(f->db, &s.actor, "two", NULL, T0 + 2, &f->ar, &t, &tok2, &err), MS_OK);
    for (int i = 0; i < 3; i++) { /* the first fills the cache, the others hit it */
        assert_int_equal(
            auth_token_check(f->db, &f->cfg, tok, NULL, MS_LANG_EN, T0 + 3, &f->ar, &b, &err),
            MS_OK);
        assert_string_equal(b.actor.name, "qian.wu");
        assert_string_equal(b.actor.role, "authority");
        assert_string_equal(b.actor.authority_path, s.actor.authority_path);
        assert_int_equal(b.actor.user_id, uid);
    }
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok2, NULL, MS_LANG_EN, T0 + 3, &f->ar, &b, &err), MS_OK);

    /* revoked through the service layer on another connection: refused at once */
    assert_int_equal(store_open(store_url_of_test(), &db2, &err), MS_OK);
    assert_int_equal(auth_token_revoke(db2, &s.actor, t.id, T0 + 3, &err), MS_OK);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok2, NULL, MS_LANG_EN, T0 + 3, &f->ar, &b, &err),
        MS_EFORBIDDEN);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok, NULL, MS_LANG_EN, T0 + 3, &f->ar, &b, &err), MS_OK);

    /* locked by a raw write of another connection (as another process would) */
    assert_int_equal(authdb_user_set_disabled(db2, uid, 1, "2027-01-15T08:00:03Z", &err), MS_OK);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok, NULL, MS_LANG_EN, T0 + 3, &f->ar, &b, &err),
        sqlite ? MS_EFORBIDDEN : MS_OK);
    assert_int_equal(
        auth_token_check(f->db, &f->cfg, tok, NULL, MS_LANG_EN, T0 + 5, &f->ar, &b, &err),
        MS_EFORBIDDEN);
    assert_string_equal(err.key, "account_disabled");
    store_close(db2);
}

static void test_rate_limit(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    time_t t = T0 + 5; /* windows of 60 s start at T0 */

    for (int i = 0; i < 3; i++)
        assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, t, &err),
                         MS_OK);
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, t + 1, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "rate_limited");
    assert_string_equal(err.arg, "54");
    /* other clients and other buckets are counted apart */
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.6", 3, 60, t, &err), MS_OK);
    assert_int_equal(auth_rate_check(f->db, "login", "203.0.113.5", 3, 60, t, &err), MS_OK);
    /* the next window still remembers most of the last one ... */
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, T0 + 61, &err),
                     MS_ECONFLICT);
    /* ... less as it ages, and nothing two windows on */
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, T0 + 115, &err),
                     MS_OK);
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, T0 + 240, &err),
                     MS_OK);
    assert_int_equal(auth_rate_check(f->db, "complaints", "203.0.113.5", 3, 60, T0 + 241, &err),
                     MS_OK);
    assert_int_equal(auth_prune(f->db, T0 + 100000, &err), MS_OK);

    /* login counts attempts per address */
    mkuser(f, "wu.gang", "authority", "320000", NULL);
    f->cfg.login_limit = 2;
    f->cfg.login_window_s = 300;
    assert_int_equal(login(f, "wu.gang", "Wrong-pass-1", T0, &err), MS_EFORBIDDEN);
    assert_int_equal(login(f, "wu.gang", PW, T0, &err), MS_OK);
    assert_int_equal(login(f, "wu.gang", PW, T0 + 1, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "rate_limited");
}

static void read_file(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "r");
    size_t n;

    assert_non_null(fp);
    n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

/* The password column of USERNAME's line of the TSV text. */
static const char *tsv_password(const char *tsv, const char *username, char out[64])
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof pat, "\t%s\t", username);
    p = strstr(tsv, pat);
    assert_non_null(p);
    p += strlen(pat);
    snprintf(out, 64, "%.*s", (int)strcspn(p, "\t"), p);
    return out;
}

static void test_demo_accounts(void **state)
{
    struct fx *f = *state;
    char path[256], first[4096], second[4096], want[256], pw[64];
    static const char *const names[] = {"sysadmin", "secadmin", "auditor", "national", "provincial",
                                        "county",   "unit1",    "unit2",   "inspector"};
    ms_err err = {0};
    auth_session s;
    int64_t users;

    snprintf(path, sizeof path, "%s/msup-demo-accounts-%d.tsv",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    /* without an inspector in the province, nothing is created */
    assert_int_equal(auth_demo_accounts(f->db, path, &err), MS_ENOTFOUND);
    assert_string_equal(err.key, "demo_missing");
    assert_int_equal(count(f, SQL_USERS), 0);
    add_inspector(f, f->zj, "浙江检查员");
    add_inspector(f, f->js, "江苏检查员");

    assert_int_equal(auth_demo_accounts(f->db, path, &err), MS_OK);
    assert_int_equal(count(f, SQL_USERS), 9);
    read_file(path, first, sizeof first);
    assert_int_equal(strncmp(first, "role\tusername\tpassword\tauthority_or_unit\n", 41), 0);
    snprintf(want, sizeof want, "unit\tunit1\t%s\t%s\n", tsv_password(first, "unit1", pw),
             f->uscc_xw);
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "unit\tunit2\t%s\t%s\n", tsv_password(first, "unit2", pw),
             f->uscc_nj);
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "authority\tnational\t%s\t000000\n",
             tsv_password(first, "national", pw));
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "authority\tprovincial\t%s\t320000\n",
             tsv_password(first, "provincial", pw));
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "authority\tcounty\t%s\t320102\n",
             tsv_password(first, "county", pw));
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "inspector\tinspector\t%s\t320000\n",
             tsv_password(first, "inspector", pw));
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "auditor\tauditor\t%s\t\n", tsv_password(first, "auditor", pw));
    assert_non_null(strstr(first, want));
    /* strong passwords, no first-login change, each logs in as its role */
    for (size_t i = 0; i < MS_ARRAY_LEN(names); i++) {
        tsv_password(first, names[i], pw);
        assert_int_equal(password_check_policy(pw, names[i], &err), MS_OK);
        login_ok(f, names[i], pw, T0, &s);
        assert_false(s.password_change_required);
        assert_string_equal(s.actor.name, names[i]);
    }
    assert_int_equal(s.actor.authority_id, f->js); /* the inspector */
    /* idempotent: the same file, no duplicates */
    users = count(f, SQL_USERS);
    assert_int_equal(auth_demo_accounts(f->db, path, &err), MS_OK);
    assert_int_equal(count(f, SQL_USERS), users);
    read_file(path, second, sizeof second);
    assert_string_equal(first, second);
    /* a password changed since reads "-" */
    login_ok(f, "unit1", tsv_password(first, "unit1", pw), T0, &s);
    assert_int_equal(
        auth_password_change(f->db, &s.actor, s.actor.user_id, pw, "Changed-by-me-1", T0, &err),
        MS_OK);
    assert_int_equal(auth_demo_accounts(f->db, path, &err), MS_OK);
    read_file(path, second, sizeof second);
    snprintf(want, sizeof want, "unit\tunit1\t-\t%s\n", f->uscc_xw);
    assert_non_null(strstr(second, want));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_admin_separation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets_not_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_accounts, setup, teardown),
    };

    setenv("MSUP_PBKDF2_ITER", "1000", 1); /* fast hashes for tests */
    return cmocka_run_group_tests_name(testdb_backend(), tests, NULL, NULL);
}
