/* testdb.c - fresh SQLite files or PostgreSQL databases for tests. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testdb.h"

static char url_buf[1024];

const char *testdb_backend(void)
{
    const char *b = getenv("MSUP_TEST_BACKEND");
    return b && strcmp(b, "pg") == 0 ? "pg" : "sqlite";
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "testdb: %s: %s\n", what, detail ? detail : "");
    exit(2);
}

static const char *pg_admin_url(void)
{
    static char buf[1024];
    const char *state = getenv("MSUP_PG_STATE");
    char path[1024];
    FILE *f;

    if (!state)
        die("MSUP_PG_STATE is not set", "run through ctest (pg fixture)");
    snprintf(path, sizeof path, "%s/url", state);
    f = fopen(path, "r");
    if (!f)
        die("no PostgreSQL cluster", path);
    if (!fgets(buf, sizeof buf, f))
        die("empty url file", path);
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

const char *testdb_url(const char *name)
{
    static int counter;
    char dbname[128];

    snprintf(dbname, sizeof dbname, "t_%s_%d_%d", name, (int)getpid(), ++counter);
    for (char *p = dbname; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    if (strcmp(testdb_backend(), "pg") == 0) {
        const char *admin = pg_admin_url();
        PGconn *c = PQconnectdb(admin);
        char sql[256];
        PGresult *r;
        const char *q;

        if (PQstatus(c) != CONNECTION_OK)
            die("connect", PQerrorMessage(c));
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
        r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            die("create database", PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
        /* admin is postgresql:///postgres?host=...: swap the database name. */
        q = strchr(admin, '?');
        snprintf(url_buf, sizeof url_buf, "postgresql:///%s%s", dbname, q ? q : "");
    } else {
        const char *tmp = getenv("TMPDIR");
        char dir[512];
        snprintf(dir, sizeof dir, "%s/msup-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            die("mkdtemp", dir);
        snprintf(url_buf, sizeof url_buf, "sqlite:%s/%s.db", dir, dbname);
    }
    return url_buf;
}

static char last_url[1024];

const char *store_url_of_test(void)
{
    return last_url;
}

store *testdb_open(const char *name)
{
    const char *url = testdb_url(name);
    store *db = NULL;
    ms_err err = {0};

    snprintf(last_url, sizeof last_url, "%s", url);
    if (store_open(url, &db, &err) != MS_OK)
        die("open", err.arg);
    if (store_migrate(db, &err) != MS_OK)
        die("migrate", err.arg);
    return db;
}
