/* test_backup.c - whole-database copies (store/backup.c, service/backup.c)
 * over a real database, run once on SQLite and once on PostgreSQL
 * (MSUP_TEST_BACKEND): row counts, the known schema version, a backup and
 * restore round trip that keeps every count and the audit head, and the
 * refusals (non-empty or existing target, garbage input) that write nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "service/audit.h"
#include "service/backup.h"
#include "testdb.h"

static char tmpdir[512];

static const char *tmp_path(const char *name)
{
    static char buf[4][700];
    static int k;
    char *p = buf[k++ % 4];

    if (!tmpdir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/msup-backup-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmpdir))
            fail_msg("mkdtemp");
    }
    snprintf(p, 700, "%s/%s", tmpdir, name);
    return p;
}

static int64_t rows_of(const struct store_table_count *t, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return t[i].rows;
    return -1;
}

static int tx_audit(store *db, void *ctx, ms_err *err)
{
    ms_actor who;

    (void)ctx;
    svc_actor_system(&who, MS_LANG_EN);
    return audit_append(db, &who, "test.backup", "test", 1, NULL, err);
}

/* Two rate-limit rows and one audit row on a fresh database. */
static store *seeded(const char *name)
{
    store *db = testdb_open(name);
    ms_err err = {0};

    assert_int_equal(store_exec(db,
                                "INSERT INTO rate_limits (bucket, client, window_start, hits,"
                                " prev_hits, expires_at) VALUES ('login', 'a', 'w', 1, 0, 'z'),"
                                " ('login', 'b', 'w', 2, 0, 'z')",
                                &err),
                     MS_OK);
    assert_int_equal(store_tx(db, tx_audit, NULL, &err), MS_OK);
    return db;
}

static void counts_and_version(void **state)
{
    store *db = seeded("counts");
    struct store_table_count *t = NULL;
    ms_err err = {0};
    int n = 0;

    (void)state;
    assert_int_equal(store_schema_version(db, &err), store_known_version(store_kind(db)));
    assert_true(store_known_version(store_kind(db)) >= 11);
    assert_int_equal(store_table_counts(db, &t, &n, &err), MS_OK);
    assert_true(n >= 20);
    for (int i = 1; i < n; i++)
        assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
    assert_int_equal(rows_of(t, n, "rate_limits"), 2);
    assert_int_equal(rows_of(t, n, "audit"), 1);
    assert_int_equal(rows_of(t, n, "users"), 0);
    assert_int_equal(rows_of(t, n, "schema_migrations"),
                     store_query_int(db, "SELECT count(*) FROM schema_migrations", -1, &err));
    assert_int_equal(rows_of(t, n, "sqlite_sequence"), -1);
    ms_free(t);
    store_close(db);
}

static void round_trip(void **state)
{
    store *db = seeded("trip");
    char src[1024], dst[1024];
    const char *file = tmp_path(strcmp(testdb_backend(), "pg") == 0 ? "trip.dump" : "trip.bak");
    struct backup_summary b, r;
    int64_t seq;
    char hash[SM3_HEX_LEN + 1];
    ms_err err = {0};

    (void)state;
    snprintf(src, sizeof src, "%s", store_url_of_test());
    assert_int_equal(audit_db_head(db, &seq, hash, &err), MS_OK);
    store_close(db);
    assert_int_equal(backup_run(src, file, &b, &err), MS_OK);
    assert_int_equal(b.audit_seq, 1);
    assert_string_equal(b.audit_hash, hash);
    assert_int_equal(rows_of(b.tables, b.ntables, "rate_limits"), 2);

    snprintf(dst, sizeof dst, "%s", testdb_url("trip_to"));
    assert_int_equal(restore_run(dst, file, 0, &r, &err), MS_OK);
    assert_true(r.verified);
    assert_true(r.intact);
    assert_int_equal(r.audit_seq, 1);
    assert_string_equal(r.audit_hash, hash);
    assert_int_equal(r.schema_version, b.schema_version);
    assert_int_equal(r.ntables, b.ntables);
    for (int i = 0; i < b.ntables; i++) {
        assert_string_equal(r.tables[i].name, b.tables[i].name);
        assert_int_equal(r.tables[i].rows, b.tables[i].rows);
    }
    backup_summary_free(&r);

    /* Again into the same target: refused (existing file / non-empty database). */
    memset(&err, 0, sizeof err);
    assert_int_equal(restore_run(dst, file, 0, &r, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "db");
    backup_summary_free(&r);
    backup_summary_free(&b);
}

static void refusals(void **state)
{
    const char *garbage = tmp_path("garbage.bak");
    const char *out = tmp_path("never.bak");
    char tmp[800], dst[1024];
    struct backup_summary s;
    struct stat sb;
    ms_err err = {0};
    FILE *f;

    (void)state;
    f = fopen(garbage, "w");
    assert_non_null(f);
    for (int i = 0; i < 4096; i++)
        fputc((i * 7919) & 0xff, f);
    fclose(f);
    snprintf(dst, sizeof dst, "%s", testdb_url("refused"));
    assert_int_equal(restore_run(dst, garbage, 0, &s, &err), MS_EINVAL);
    assert_string_equal(err.field, "input");
    assert_string_equal(err.key, "backup_not_db");
    memset(&err, 0, sizeof err);
    assert_int_equal(restore_run(dst, tmp_path("missing.bak"), 0, &s, &err), MS_EINVAL);
    assert_string_equal(err.key, "backup_no_file");
    if (strncmp(dst, "sqlite:", 7) == 0)
        assert_int_not_equal(stat(dst + 7, &sb), 0); /* not created */

    /* A backup into a folder that does not exist leaves nothing. */
    memset(&err, 0, sizeof err);
    snprintf(tmp, sizeof tmp, "%s/no/such/x.bak", tmpdir);
    {
        store *db = testdb_open("refused_src");
        store_close(db);
    }
    assert_int_not_equal(backup_run(store_url_of_test(), tmp, &s, &err), MS_OK);
    assert_int_not_equal(stat(tmp, &sb), 0);
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    assert_int_not_equal(stat(tmp, &sb), 0);
    memset(&err, 0, sizeof err);
    assert_int_equal(backup_run(store_url_of_test(), "", &s, &err), MS_EINVAL);
    assert_string_equal(err.field, "output");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_version),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(refusals),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    if (tmpdir[0]) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            rc = rc ? rc : 1;
    }
    return rc;
}
