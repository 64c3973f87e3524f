/* test_audit.c - the audit trail over a real database, run once on SQLite
 * and once on PostgreSQL (MSUP_TEST_BACKEND): append inside transactions,
 * rollback, verify, every kind of tampering, export, list, permissions,
 * and two connections appending at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "service/audit.h"
#include "testdb.h"

static int is_pg(void)
{
    return strcmp(testdb_backend(), "pg") == 0;
}

static void actor(ms_actor *a, const char *name, const char *role)
{
    memset(a, 0, sizeof *a);
    a->name = name;
    a->role = role;
    a->client_addr = "127.0.0.1";
}

/* Append one row in a transaction of its own. */
static void append_one(store *db, const ms_actor *who, const char *action, int64_t id,
                       const char *name)
{
    json_t *change = json_pack("{s:s,s:I}", "name", name, "id", (json_int_t)id);
    ms_err err = {0};

    assert_int_equal(store_begin(db, &err), MS_OK);
    if (audit_append(db, who, action, "unit", id, change, &err) != MS_OK)
        fail_msg("audit_append: %s %s", err.key, err.arg);
    assert_int_equal(store_commit(db, &err), MS_OK);
    json_decref(change);
}

/* A fresh database with N rows by two actors. */
static store *chain(int n)
{
    store *db = testdb_open("audit");
    ms_actor a, b;
    char name[32];

    actor(&a, "张三", "authority");
    actor(&b, "li4", "unit");
    for (int i = 1; i <= n; i++) {
        snprintf(name, sizeof name, "单位%d", i);
        append_one(db, i % 2 ? &a : &b, i % 3 ? "unit.update" : "unit.create", i, name);
    }
    return db;
}

static void verify(store *db, struct audit_verify_result *res)
{
    ms_actor sys;
    ms_err err = {0};

    svc_actor_system(&sys, MS_LANG_ZH);
    if (audit_verify(db, &sys, res, &err) != MS_OK)
        fail_msg("audit_verify: %s %s", err.key, err.arg);
}

static void head(store *db, int64_t *seq, char hash[SM3_HEX_LEN + 1])
{
    ms_err err = {0};
    assert_int_equal(audit_db_head(db, seq, hash, &err), MS_OK);
}

static int64_t rows(store *db)
{
    ms_err err = {0};
    return store_query_int(db, "SELECT count(*) FROM audit", -1, &err);
}

/* ------------------------------------------------------------------ format */

static void canonical_golden(void **state)
{
    struct audit_row r = {
        .seq = 1,
        .time = "2026-11-27T10:38:42Z",
        .actor = "张三",
        .role = "authority",
        .client = "127.0.0.1",
        .action = "unit.create",
        .entity = "unit",
        .entity_id = 42,
        .change = "{\"uscc\":\"91320102MA1WXY1200\", \"name\":\"南京玄武精密仪器有限公司\"}",
        .prev_hash = AUDIT_GENESIS,
    };
    char *canonical = NULL, hash[SM3_HEX_LEN + 1];
    size_t len;
    ms_err err = {0};

    (void)state;
    assert_int_equal(audit_canonical(&r, &canonical, &len, &err), MS_OK);
    assert_string_equal(
        canonical,
        "{\"action\":\"unit.create\",\"actor\":\"张三\",\"change\":{\"name\":"
        "\"南京玄武精密仪器有限公司\",\"uscc\":\"91320102MA1WXY1200\"},\"client\":"
        "\"127.0.0.1\",\"entity\":\"unit\",\"entity_id\":42,\"prev_hash\":\"" AUDIT_GENESIS
        "\",\"role\":\"authority\",\"seq\":1,\"time\":\"2026-11-27T10:38:42Z\"}");
    assert_int_equal(len, strlen(canonical));
    /* printf '%s' "$prev$canonical" | openssl dgst -sm3 */
    assert_int_equal(audit_hash(AUDIT_GENESIS, canonical, len, hash), MS_OK);
    assert_string_equal(hash, "01aec2a4a13830918b8b07abe07da36b7c418e3c95cdeccb08f7dbdcf694424d");
    ms_free(canonical);

    r.change = "{\"a\":1,\"a\":2}";
    assert_int_equal(audit_canonical(&r, &canonical, &len, &err), MS_EINVAL);
    assert_null(canonical);
    r.change = "{}";
    r.actor = "\xff";
    assert_int_equal(audit_canonical(&r, &canonical, &len, &err), MS_EINVAL);
}

/* ------------------------------------------------------------ transactions */

static void needs_transaction(void **state)
{
    store *db = testdb_open("audit");
    ms_actor a;
    ms_err err = {0};

    (void)state;
    actor(&a, "张三", "authority");
    assert_int_equal(audit_append(db, &a, "unit.create", "unit", 1, NULL, &err), MS_EINTERNAL);
    assert_string_equal(err.key, "audit_no_tx");
    assert_int_equal(rows(db), 0);
    store_close(db);
}

static void append_and_verify(void **state)
{
    store *db = testdb_open("audit");
    struct audit_verify_result res;
    char h[SM3_HEX_LEN + 1];
    int64_t seq;
    ms_actor a;
    ms_err err = {0};

    (void)state;
    verify(db, &res); /* empty chain */
    assert_true(res.intact);
    assert_int_equal(res.rows, 0);
    assert_string_equal(res.head_hash, AUDIT_GENESIS);

    actor(&a, "张三", "authority");
    /* Several rows in one transaction, then more in others. */
    assert_int_equal(store_begin(db, &err), MS_OK);
    assert_int_equal(audit_append(db, &a, "unit.create", "unit", 7, NULL, &err), MS_OK);
    assert_int_equal(audit_append(db, &a, "standard.create", "standard", 9, NULL, &err), MS_OK);
    assert_int_equal(store_commit(db, &err), MS_OK);
    append_one(db, &a, "unit.update", 7, "南京\"玄武\"\n精密/仪器");

    verify(db, &res);
    assert_true(res.intact);
    assert_int_equal(res.rows, 3);
    assert_int_equal(res.broken_seq, 0);
    assert_null(res.reason);
    head(db, &seq, h);
    assert_int_equal(seq, 3);
    assert_string_equal(h, res.head_hash);
    assert_int_equal(store_query_int(db, "SELECT max(seq) FROM audit", -1, &err), 3);
    store_close(db);
}

static void rollback_leaves_nothing(void **state)
{
    store *db = chain(2);
    struct audit_verify_result res;
    char before[SM3_HEX_LEN + 1], after[SM3_HEX_LEN + 1];
    int64_t s0, s1;
    ms_actor a;
    ms_err err = {0};

    (void)state;
    actor(&a, "张三", "authority");
    head(db, &s0, before);
    assert_int_equal(store_begin(db, &err), MS_OK);
    assert_int_equal(audit_append(db, &a, "unit.create", "unit", 3, NULL, &err), MS_OK);
    assert_int_equal(audit_append(db, &a, "unit.create", "unit", 4, NULL, &err), MS_OK);
    store_rollback(db);
    head(db, &s1, after);
    assert_int_equal(s1, s0);
    assert_string_equal(after, before);
    assert_int_equal(rows(db), 2);
    /* The next append takes seq 3 and links to row 2. */
    append_one(db, &a, "unit.create", 5, "x");
    verify(db, &res);
    assert_true(res.intact);
    assert_int_equal(res.rows, 3);
    store_close(db);
}

struct tx_ctx {
    const ms_actor *who;
    int fail;
};

static int tx_write(store *db, void *ctx, ms_err *err)
{
    struct tx_ctx *c = ctx;
    int rc = audit_append(db, c->who, "unit.create", "unit", 1, NULL, err);

    if (rc == MS_OK && c->fail)
        rc = ms_fail(err, MS_EINVAL, "uscc", "required", NULL);
    return rc;
}

static void store_tx_and_read(void **state)
{
    store *db = testdb_open("audit");
    struct audit_verify_result res;
    struct tx_ctx ok, bad;
    json_t *detail = json_pack("{s:s}", "fields", "contact_phone");
    ms_actor a;
    ms_err err = {0};

    (void)state;
    actor(&a, "张三", "authority");
    ok = (struct tx_ctx){&a, 0};
    bad = (struct tx_ctx){&a, 1};
    assert_int_equal(store_tx(db, tx_write, &bad, &err), MS_EINVAL);
    assert_int_equal(rows(db), 0);
    assert_int_equal(store_tx(db, tx_write, &ok, &err), MS_OK);
    /* A read outside a transaction gets one of its own. */
    assert_int_equal(audit_read(db, &a, "unit", 1, detail, &err), MS_OK);
    assert_int_equal(rows(db), 2);
    assert_int_equal(store_query_int(db,
                                     "SELECT count(*) FROM audit WHERE action = 'read'"
                                     " AND entity = 'unit' AND entity_id = 1 AND seq = 2",
                                     -1, &err),
                     1);
    /* And inside one, it joins it. */
    assert_int_equal(store_begin(db, &err), MS_OK);
    assert_int_equal(audit_read(db, &a, "unit", 1, NULL, &err), MS_OK);
    store_rollback(db);
    assert_int_equal(rows(db), 2);
    verify(db, &res);
    assert_true(res.intact);
    json_decref(detail);
    store_close(db);
}

/* Appends whose allocations fail one by one roll back cleanly. */
static void allocation_failures(void **state)
{
    store *db = chain(1);
    struct audit_verify_result res;
    json_t *change = json_pack("{s:s}", "name", "计量");
    ms_actor a;
    int rc = MS_EINTERNAL, failed = 0;

    (void)state;
    actor(&a, "张三", "authority");
    for (long n = 1; n < 200 && rc != MS_OK; n++) {
        ms_err err = {0};
        assert_int_equal(store_begin(db, &err), MS_OK);
        alloc_fail_after(n);
        rc = audit_append(db, &a, "unit.create", "unit", 2, change, &err);
        alloc_fail_after(0);
        if (rc == MS_OK) {
            assert_int_equal(store_commit(db, &err), MS_OK);
        } else {
            failed++;
            store_rollback(db);
            assert_int_equal(rows(db), 1);
        }
    }
    assert_int_equal(rc, MS_OK);
    assert_true(failed > 0);
    verify(db, &res);
    assert_true(res.intact);
    assert_int_equal(res.rows, 2);
    json_decref(change);
    store_close(db);
}

/* ---------------------------------------------------------------- tamper */

/* The triggers refuse UPDATE and DELETE; an attacker with the database
 * file drops them, which is what these tests do. */
static void guards(void **state)
{
    store *db = chain(2);
    ms_err err = {0};

    (void)state;
    assert_int_not_equal(store_exec(db, "UPDATE audit SET actor = 'x' WHERE seq = 1", &err), MS_OK);
    assert_int_not_equal(store_exec(db, "DELETE FROM audit WHERE seq = 2", &err), MS_OK);
    assert_int_not_equal(store_exec(db, "DELETE FROM audit_head", &err), MS_OK);
    assert_int_not_equal(store_exec(db, "UPDATE audit_head SET seq = 1", &err), MS_OK);
    assert_int_equal(rows(db), 2);
    store_close(db);
}

static void drop_guards(store *db)
{
    ms_err err = {0};
    const char *sql = is_pg() ? "DROP TRIGGER audit_no_change ON audit;"
                                "DROP TRIGGER audit_head_forward ON audit_head"
                              : "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                                "DROP TRIGGER audit_head_forward";
    if (store_exec(db, sql, &err) != MS_OK)
        fail_msg("drop triggers: %s", err.arg);
}

/* A 5-row chain, SQL run on it, then verify must break at WANT_SEQ. */
static void tamper(const char *sql, int64_t want_seq, const char *want_reason)
{
    store *db = chain(5);
    struct audit_verify_result res;
    ms_err err = {0};

    verify(db, &res);
    assert_true(res.intact);
    drop_guards(db);
    if (store_exec(db, sql, &err) != MS_OK)
        fail_msg("tamper %s: %s", sql, err.arg);
    verify(db, &res);
    if (res.intact || res.broken_seq != want_seq || strcmp(res.reason, want_reason) != 0)
        fail_msg("after \"%s\": intact %d, broken at %lld (%s), expected %lld (%s)", sql,
                 res.intact, (long long)res.broken_seq, res.reason ? res.reason : "-",
                 (long long)want_seq, want_reason);
    assert_int_equal(res.rows, want_seq - 1);
    store_close(db);
}

static void tamper_content(void **state)
{
    (void)state;
    tamper("UPDATE audit SET change = '{\"id\":3,\"name\":\"单位X\"}' WHERE seq = 3", 3,
           "audit_hash_mismatch");
    tamper("UPDATE audit SET actor = 'root' WHERE seq = 2", 2, "audit_hash_mismatch");
    tamper("UPDATE audit SET time = '2020-01-01T00:00:00Z' WHERE seq = 4", 4,
           "audit_hash_mismatch");
    tamper("UPDATE audit SET entity_id = 99 WHERE seq = 1", 1, "audit_hash_mismatch");
    tamper("UPDATE audit SET hash = '" AUDIT_GENESIS "' WHERE seq = 5", 5, "audit_hash_mismatch");
    tamper("UPDATE audit SET change = 'not json' WHERE seq = 2", 2, "audit_row_invalid");
    /* Same JSON, other bytes: still canonical the same, so not a break. */
}

static void tamper_structure(void **state)
{
    (void)state;
    tamper("DELETE FROM audit WHERE seq = 3", 3, "audit_seq_gap");
    tamper("DELETE FROM audit WHERE seq = 1", 1, "audit_seq_gap");
    /* The last row: only the head knows it existed. */
    tamper("DELETE FROM audit WHERE seq = 5", 5, "audit_tail_missing");
    tamper("DELETE FROM audit WHERE seq >= 4", 4, "audit_tail_missing");
    /* Swap two rows' seq. */
    tamper("UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3;"
           " UPDATE audit SET seq = 3 WHERE seq = -2",
           2, "audit_prev_mismatch");
    /* Relink: row 3 given row 1's prev_hash. */
    tamper("UPDATE audit SET prev_hash = (SELECT a.prev_hash FROM audit a WHERE a.seq = 1)"
           " WHERE seq = 3",
           3, "audit_prev_mismatch");
    /* Cut the tail and move the head back: the hash the head keeps is not
     * the new last row's. */
    tamper("DELETE FROM audit WHERE seq = 5; UPDATE audit_head SET seq = 4", 4,
           "audit_head_mismatch");
}

/* Rewrite row SEQ's actor and give it a correct new hash: the row itself
 * checks out, the break shows at the next link (or the head). */
static void rehash(store *db, int64_t seq, char out[SM3_HEX_LEN + 1])
{
    static const char SQL_ROW[] = "SELECT seq, time, actor, role, client, action, entity,"
                                  " entity_id, change, prev_hash, hash FROM audit WHERE seq = ?";
    static const char SQL_SET[] = "UPDATE audit SET actor = 'mallory', hash = ? WHERE seq = ?";
    struct audit_row r;
    store_stmt *st;
    char *canonical = NULL, *copy[5];
    size_t len;
    ms_err err = {0};

    st = store_prepare(db, SQL_ROW, &err);
    assert_non_null(st);
    store_bind_int(st, 1, seq);
    assert_int_equal(store_step(st, &err), STORE_ROW);
    for (int i = 0; i < 5; i++)
        copy[i] = ms_strdup(store_col_text(st, i == 0 ? 1 : i + 2));
    r = (struct audit_row){.seq = seq,
                           .time = copy[0],
                           .actor = "mallory",
                           .role = copy[1],
                           .client = copy[2],
                           .action = copy[3],
                           .entity = copy[4],
                           .entity_id = store_col_int(st, 7)};
    r.change = ms_strdup(store_col_text(st, 8));
    r.prev_hash = ms_strdup(store_col_text(st, 9));
    store_reset(st);
    assert_int_equal(audit_canonical(&r, &canonical, &len, &err), MS_OK);
    assert_int_equal(audit_hash(r.prev_hash, canonical, len, out), MS_OK);
    st = store_prepare(db, SQL_SET, &err);
    store_bind_text(st, 1, out);
    store_bind_int(st, 2, seq);
    assert_int_equal(store_step(st, &err), STORE_DONE);
    store_reset(st);
    ms_free(canonical);
    ms_free((char *)r.change);
    ms_free((char *)r.prev_hash);
    for (int i = 0; i < 5; i++)
        ms_free(copy[i]);
}

static void tamper_rehashed(void **state)
{
    struct audit_verify_result res;
    char h[SM3_HEX_LEN + 1];
    store *db;

    (void)state;
    db = chain(5);
    drop_guards(db);
    rehash(db, 3, h);
    verify(db, &res);
    assert_false(res.intact);
    assert_int_equal(res.broken_seq, 4);
    assert_string_equal(res.reason, "audit_prev_mismatch");
    store_close(db);

    /* The last row rehashed: the head still holds the old hash. */
    db = chain(5);
    drop_guards(db);
    rehash(db, 5, h);
    verify(db, &res);
    assert_false(res.intact);
    assert_int_equal(res.broken_seq, 5);
    assert_string_equal(res.reason, "audit_head_mismatch");
    store_close(db);
}

/* A well-formed row appended behind the head's back. */
static void tamper_forged_tail(void **state)
{
    static const char SQL_FORGE[] =
        "INSERT INTO audit (seq, time, actor, role, client, action, entity, entity_id, change,"
        " prev_hash, hash) VALUES (?, '2026-01-01T00:00:00Z', 'mallory', 'system', 'cli',"
        " 'unit.create', 'unit', 1, 'null', ?, ?)";
    struct audit_verify_result res;
    struct audit_row r = {.seq = 4,
                          .time = "2026-01-01T00:00:00Z",
                          .actor = "mallory",
                          .role = "system",
                          .client = "cli",
                          .action = "unit.create",
                          .entity = "unit",
                          .entity_id = 1,
                          .change = "null"};
    char prev[SM3_HEX_LEN + 1], hash[SM3_HEX_LEN + 1], *canonical;
    store *db = chain(3);
    store_stmt *st;
    int64_t seq;
    size_t len;
    ms_err err = {0};

    (void)state;
    head(db, &seq, prev);
    r.prev_hash = prev;
    assert_int_equal(audit_canonical(&r, &canonical, &len, &err), MS_OK);
    assert_int_equal(audit_hash(prev, canonical, len, hash), MS_OK);
    ms_free(canonical);
    st = store_prepare(db, SQL_FORGE, &err);
    store_bind_int(st, 1, 4);
    store_bind_text(st, 2, prev);
    store_bind_text(st, 3, hash);
    assert_int_equal(store_step(st, &err), STORE_DONE);
    store_reset(st);
    verify(db, &res);
    assert_false(res.intact);
    assert_int_equal(res.broken_seq, 4);
    assert_string_equal(res.reason, "audit_head_behind");
    store_close(db);
}

/* ---------------------------------------------------------------- export */

static void export_lines(void **state)
{
    store *db = chain(4);
    char *buf = NULL, *line, *save = NULL, prev[SM3_HEX_LEN + 1] = AUDIT_GENESIS;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    int64_t n = 0, seq = 0;
    ms_actor sys;
    ms_err err = {0};

    (void)state;
    svc_actor_system(&sys, MS_LANG_ZH);
    assert_non_null(f);
    assert_int_equal(audit_export(db, &sys, f, &n, &err), MS_OK);
    fclose(f);
    assert_int_equal(n, 4);
    /* Each line: canonical bytes + ,"hash":"<64 hex>"} - check as an outside
     * tool would: strip the last member, hash prev || rest. */
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(line);
        const size_t tail = strlen(",\"hash\":\"\"}") + SM3_HEX_LEN;
        char hash[SM3_HEX_LEN + 1], *body;
        json_t *j = json_loads(line, 0, NULL);

        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(j, "seq")), ++seq);
        assert_string_equal(json_string_value(json_object_get(j, "prev_hash")), prev);
        assert_true(len > tail);
        assert_memory_equal(line + len - tail, ",\"hash\":\"", 9);
        body = ms_strndup(line, len - tail + 1);
        body[len - tail] = '}';
        assert_int_equal(audit_hash(prev, body, len - tail + 1, hash), MS_OK);
        assert_string_equal(hash, json_string_value(json_object_get(j, "hash")));
        memcpy(prev, hash, sizeof prev);
        ms_free(body);
        json_decref(j);
    }
    assert_int_equal(seq, 4);
    free(buf); /* from open_memstream */
    store_close(db);
}

/* ------------------------------------------------------------ permissions */

static void permissions(void **state)
{
    store *db = chain(2);
    struct audit_verify_result res;
    struct audit_row *items;
    arena ar = ARENA_INIT;
    int64_t total;
    int n;
    ms_actor who;
    ms_err err = {0};
    static const char *const denied[] = {"authority", "unit", "inspector", "sysadmin", "secadmin"};

    (void)state;
    for (size_t i = 0; i < MS_ARRAY_LEN(denied); i++) {
        actor(&who, "x", denied[i]);
        assert_false(audit_may_read(&who));
        assert_int_equal(audit_verify(db, &who, &res, &err), MS_EFORBIDDEN);
        assert_int_equal(audit_export(db, &who, stderr, NULL, &err), MS_EFORBIDDEN);
        assert_int_equal(audit_list(db, &who, NULL, NULL, &ar, &items, &n, &total, &err),
                         MS_EFORBIDDEN);
    }
    actor(&who, "aud", "auditor");
    assert_true(audit_may_read(&who));
    assert_int_equal(audit_verify(db, &who, &res, &err), MS_OK);
    assert_true(res.intact);
    assert_int_equal(audit_list(db, &who, NULL, NULL, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 2);
    arena_free(&ar);
    store_close(db);
}

/* ------------------------------------------------------------------- list */

static void list_filters(void **state)
{
    store *db = chain(7); /* odd seqs by 张三, even by li4; seq%3==0 unit.create */
    struct audit_row *items;
    struct audit_filter f;
    struct store_page pg = {1, 2};
    arena ar = ARENA_INIT;
    int64_t total;
    int n;
    ms_actor aud;
    ms_err err = {0};

    (void)state;
    actor(&aud, "aud", "auditor");
    assert_int_equal(audit_list(db, &aud, NULL, &pg, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 7);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].seq, 7); /* newest first */
    assert_int_equal(items[1].seq, 6);
    assert_string_equal(items[0].actor, "张三");
    assert_string_equal(items[0].change, "{\"id\":7,\"name\":\"单位7\"}");
    assert_true(sm3_is_hex(items[0].hash));
    {
        json_t *j = audit_row_json(&items[0]);
        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(j, "seq")), 7);
        assert_string_equal(json_string_value(json_object_get(j, "actor")), "张三");
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(j, "change"), "name")), "单位7");
        assert_string_equal(json_string_value(json_object_get(j, "hash")), items[0].hash);
        json_decref(j);
    }
    pg.page = 4;
    assert_int_equal(audit_list(db, &aud, NULL, &pg, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].seq, 1);

    f = (struct audit_filter){.actor = "li4"};
    assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 3);
    f = (struct audit_filter){.action = "unit.create", .actor = "张三"};
    assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].seq, 3);
    f = (struct audit_filter){.entity = "unit", .entity_id = 5};
    assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].entity_id, 5);
    f = (struct audit_filter){.entity = "standard"};
    assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 0);
    assert_int_equal(n, 0);
    /* Time: everything is "now"; a from in the future finds nothing, a to
     * of today's date finds everything. */
    {
        char now[32];
        svc_now(now);
        now[10] = '\0';
        f = (struct audit_filter){.to = now, .from = "2000-01-01"};
        assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
        assert_int_equal(total, 7);
        f = (struct audit_filter){.to = "2000-01-01"};
        assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
        assert_int_equal(total, 0);
        f = (struct audit_filter){.from = "9999-01-01T00:00:00Z"};
        assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_OK);
        assert_int_equal(total, 0);
    }
    f = (struct audit_filter){.from = "yesterday"};
    assert_int_equal(audit_list(db, &aud, &f, NULL, &ar, &items, &n, &total, &err), MS_EINVAL);
    assert_string_equal(err.field, "from");
    pg = (struct store_page){1, 501};
    assert_int_equal(audit_list(db, &aud, NULL, &pg, &ar, &items, &n, &total, &err), MS_EINVAL);
    arena_free(&ar);
    store_close(db);
}

/* ------------------------------------------------------------ concurrency */

struct worker {
    const char *url;
    const char *name;
    int count;
    int failures;
    ms_err err;
};

static int tx_one(store *db, void *ctx, ms_err *err)
{
    const struct worker *w = ctx;
    ms_actor a;

    actor(&a, w->name, "authority");
    return audit_append(db, &a, "unit.update", "unit", 1, NULL, err);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    store *db = NULL;

    if (store_open(w->url, &db, &w->err) != MS_OK) {
        w->failures = w->count;
        return NULL;
    }
    for (int i = 0; i < w->count; i++)
        if (store_tx(db, tx_one, w, &w->err) != MS_OK)
            w->failures++;
    store_close(db);
    return NULL;
}

/* Two connections appending at once produce one linear chain. */
static void concurrent_writers(void **state)
{
    char *url = ms_strdup(testdb_url("audit_conc"));
    struct audit_verify_result res;
    struct worker w[2];
    pthread_t t[2];
    store *db = NULL;
    ms_err err = {0};

    (void)state;
    assert_int_equal(store_open(url, &db, &err), MS_OK);
    assert_int_equal(store_migrate(db, &err), MS_OK);
    for (int i = 0; i < 2; i++) {
        w[i] = (struct worker){.url = url, .name = i ? "b" : "a", .count = 60};
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        if (w[i].failures)
            fail_msg("worker %d: %d failures, last %s %s", i, w[i].failures, w[i].err.key,
                     w[i].err.arg);
    }
    verify(db, &res);
    assert_true(res.intact);
    assert_int_equal(res.rows, 120);
    assert_int_equal(store_query_int(db, "SELECT count(DISTINCT prev_hash) FROM audit", -1, &err),
                     120);
    ms_free(url);
    store_close(db);
}

struct blocked {
    const char *url;
    int done;
    int rc;
    ms_err err;
    pthread_mutex_t mu;
};

static void *append_b(void *arg)
{
    struct blocked *b = arg;
    struct worker w = {.name = "b"};
    store *db = NULL;
    int rc = store_open(b->url, &db, &b->err);

    if (rc == MS_OK)
        rc = store_tx(db, tx_one, &w, &b->err);
    store_close(db);
    pthread_mutex_lock(&b->mu);
    b->rc = rc;
    b->done = 1;
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* A holds the head in an open transaction; B's append waits for it and
 * then links to A's row. */
static void interleaved(void **state)
{
    struct blocked b = {.mu = PTHREAD_MUTEX_INITIALIZER};
    struct audit_verify_result res;
    struct timespec pause = {0, 300 * 1000000L};
    char *url = ms_strdup(testdb_url("audit_il"));
    char a_hash[SM3_HEX_LEN + 1];
    store *a = NULL;
    pthread_t t;
    int64_t seq;
    int done;
    ms_actor who;
    ms_err err = {0};

    (void)state;
    assert_int_equal(store_open(url, &a, &err), MS_OK);
    assert_int_equal(store_migrate(a, &err), MS_OK);
    b.url = url;
    actor(&who, "a", "authority");
    assert_int_equal(store_begin(a, &err), MS_OK);
    assert_int_equal(audit_append(a, &who, "unit.update", "unit", 1, NULL, &err), MS_OK);
    assert_int_equal(pthread_create(&t, NULL, append_b, &b), 0);
    nanosleep(&pause, NULL);
    pthread_mutex_lock(&b.mu);
    done = b.done;
    pthread_mutex_unlock(&b.mu);
    assert_false(done); /* B waits for A's transaction */
    assert_int_equal(store_commit(a, &err), MS_OK);
    pthread_join(t, NULL);
    if (b.rc != MS_OK)
        fail_msg("B: %s %s", b.err.key, b.err.arg);
    assert_int_equal(store_query_int(a,
                                     "SELECT count(*) FROM audit a JOIN audit b"
                                     " ON b.prev_hash = a.hash WHERE a.seq = 1 AND b.seq = 2"
                                     " AND a.actor = 'a' AND b.actor = 'b'",
                                     -1, &err),
                     1);
    head(a, &seq, a_hash);
    assert_int_equal(seq, 2);
    verify(a, &res);
    assert_true(res.intact);
    assert_int_equal(res.rows, 2);
    store_close(a);
    ms_free(url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_golden),
        cmocka_unit_test(needs_transaction),
        cmocka_unit_test(append_and_verify),
        cmocka_unit_test(rollback_leaves_nothing),
        cmocka_unit_test(store_tx_and_read),
        cmocka_unit_test(allocation_failures),
        cmocka_unit_test(guards),
        cmocka_unit_test(tamper_content),
        cmocka_unit_test(tamper_structure),
        cmocka_unit_test(tamper_rehashed),
        cmocka_unit_test(tamper_forged_tail),
        cmocka_unit_test(export_lines),
        cmocka_unit_test(permissions),
        cmocka_unit_test(list_filters),
        cmocka_unit_test(concurrent_writers),
        cmocka_unit_test(interleaved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
