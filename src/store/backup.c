/* backup.c - whole-database copies: SQLite online backup API, pg_dump and
 * pg_restore for PostgreSQL (see backup.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "store/backup.h"
#include "store/store_int.h"

/* Pages copied per sqlite3_backup_step: 256 pages (1 MiB at 4 KiB pages)
 * hold the source's read lock for a few milliseconds at a time. */
#define STEP_PAGES 256
/* A write by another connection restarts the copy; after this many
 * restarts the rest is copied in one step (a WAL reader, which does not
 * block writers either, but sees one snapshot to the end). */
#define MAX_RESTARTS 4

int store_known_version(enum store_kind kind)
{
    const char *prefix = kind == STORE_SQLITE ? "src/store/schema/sqlite/" : "src/store/schema/pg/";
    size_t plen = strlen(prefix);
    int best = 0;

    for (const struct embed_file *f = embed_files; f->path; f++)
        if (strncmp(f->path, prefix, plen) == 0 && atoi(f->path + plen) > best)
            best = atoi(f->path + plen);
    return best;
}

/* ------------------------------------------------------------ row counts */

static int add_count(struct store_table_count **out, int *n, int *cap, const char *name,
                     int64_t rows)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        struct store_table_count *p = ms_realloc(*out, (size_t)ncap * sizeof *p);
        if (!p)
            return 0;
        *out = p;
        *cap = ncap;
    }
    snprintf((*out)[*n].name, sizeof(*out)[*n].name, "%s", name);
    (*out)[*n].rows = rows;
    (*n)++;
    return 1;
}

/* Table names are taken from the catalog and quoted; they never come from
 * a user. */
static int lite_counts(store *db, struct store_table_count **out, int *n, ms_err *err)
{
    sqlite3_stmt *names = NULL;
    int cap = 0, rc;

    rc = sqlite3_prepare_v2(db->lite,
                            "SELECT name FROM sqlite_master WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                            -1, &names, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(names)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(names, 0);
        char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
        sqlite3_stmt *cnt = NULL;
        int64_t rows = -1;

        if (sql && sqlite3_prepare_v2(db->lite, sql, -1, &cnt, NULL) == SQLITE_OK &&
            sqlite3_step(cnt) == SQLITE_ROW)
            rows = sqlite3_column_int64(cnt, 0);
        sqlite3_finalize(cnt);
        sqlite3_free(sql);
        if (rows < 0 || !add_count(out, n, &cap, name, rows)) {
            rc = SQLITE_ERROR;
            break;
        }
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) {
        ms_fail(err, MS_EINTERNAL, "db", "db_error", sqlite3_errmsg(db->lite));
        sqlite3_finalize(names);
        return MS_EINTERNAL;
    }
    sqlite3_finalize(names);
    return MS_OK;
}

static int pg_counts(store *db, struct store_table_count **out, int *n, ms_err *err)
{
    PGresult *names = PQexec(db->pg, "SELECT table_name FROM information_schema.tables"
                                     " WHERE table_schema = current_schema()"
                                     " AND table_type = 'BASE TABLE' ORDER BY table_name");
    int cap = 0, rc = MS_OK;

    if (PQresultStatus(names) != PGRES_TUPLES_OK) {
        rc = ms_fail(err, MS_EINTERNAL, "db", "db_error", PQerrorMessage(db->pg));
        PQclear(names);
        return rc;
    }
    for (int i = 0; i < PQntuples(names) && rc == MS_OK; i++) {
        const char *name = PQgetvalue(names, i, 0);
        char *quoted = PQescapeIdentifier(db->pg, name, strlen(name));
        char sql[256];
        PGresult *cnt;
        int64_t rows = -1;

        if (quoted) {
            snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", quoted);
            PQfreemem(quoted);
            cnt = PQexec(db->pg, sql);
            if (PQresultStatus(cnt) == PGRES_TUPLES_OK && PQntuples(cnt) == 1)
                rows = strtoll(PQgetvalue(cnt, 0, 0), NULL, 10);
            PQclear(cnt);
        }
        if (rows < 0 || !add_count(out, n, &cap, name, rows))
            rc = ms_fail(err, MS_EINTERNAL, "db", "db_error", PQerrorMessage(db->pg));
    }
    PQclear(names);
    return rc;
}

int store_table_counts(store *db, struct store_table_count **out, int *n, ms_err *err)
{
    int rc;

    *out = NULL;
    *n = 0;
    rc = db->kind == STORE_SQLITE ? lite_counts(db, out, n, err) : pg_counts(db, out, n, err);
    if (rc != MS_OK) {
        ms_free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ------------------------------------------------------------- files */

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    int ok;

    if (fd < 0)
        return 0;
    ok = fsync(fd) == 0 || (dir && errno == EINVAL);
    close(fd);
    return ok;
}

static void dir_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(buf, size, ".");
    else if (slash == path)
        snprintf(buf, size, "/");
    else
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* fsync FILE, rename it to DEST and fsync DEST's folder. */
static int commit_file(const char *tmp, const char *dest, const char *field, ms_err *err)
{
    char dir[4096];

    if (!fsync_path(tmp, 0) || rename(tmp, dest) != 0)
        return ms_fail(err, MS_EINTERNAL, field, "io_error", dest);
    dir_of(dest, dir, sizeof dir);
    fsync_path(dir, 1);
    return MS_OK;
}

static void unlink_lite(const char *path)
{
    char side[4200];

    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
}

/* ------------------------------------------------------------- SQLite */

static int lite_err(sqlite3 *h, const char *field, const char *key, const char *path, ms_err *err)
{
    char arg[300];

    snprintf(arg, sizeof arg, "%s: %s", path, h ? sqlite3_errmsg(h) : "open");
    return ms_fail(err, MS_EINTERNAL, field, key, arg);
}

/* Copy SRC into DST with the online backup API, in small steps. */
static int lite_copy(sqlite3 *src, sqlite3 *dst, ms_err *err)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc, restarts = 0, last_remaining = -1, pages = STEP_PAGES;

    if (!b)
        return ms_fail(err, MS_EINTERNAL, "output", "db_error", sqlite3_errmsg(dst));
    do {
        rc = sqlite3_backup_step(b, pages);
        if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            int remaining = sqlite3_backup_remaining(b);
            if (last_remaining >= 0 && remaining > last_remaining && ++restarts >= MAX_RESTARTS)
                pages = -1;
            last_remaining = remaining;
            if (rc != SQLITE_OK) {
                struct timespec ts = {0, 5 * 1000000L};
                nanosleep(&ts, NULL);
            }
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return ms_fail(err, MS_EINTERNAL, "db", "db_error", sqlite3_errstr(rc));
    return MS_OK;
}

static int lite_text1(sqlite3 *h, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;

    buf[0] = '\0';
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(buf, size, "%s", t ? (const char *)t : "");
        ok = 1;
    }
    sqlite3_finalize(st);
    return ok;
}

/* The database file H is sound and holds a schema this binary knows.
 * FIELD names what is checked ("input" or "output"). */
static int lite_check(sqlite3 *h, const char *path, const char *field, ms_err *err)
{
    char buf[256];
    int version;

    if (!lite_text1(h, "PRAGMA integrity_check", buf, sizeof buf))
        return ms_fail(err, MS_EINVAL, field, "backup_not_db", path);
    if (strcmp(buf, "ok") != 0)
        return ms_failf(err, MS_EINVAL, field, "backup_corrupt", "%s: %s", path, buf);
    if (!lite_text1(h, "SELECT max(version) FROM schema_migrations", buf, sizeof buf) ||
        (version = atoi(buf)) <= 0)
        return ms_fail(err, MS_EINVAL, field, "backup_not_msup", path);
    if (version > store_known_version(STORE_SQLITE))
        return ms_failf(err, MS_EINVAL, field, "backup_schema_newer", "%d", version);
    return MS_OK;
}

/* Copy the SQLite file SRC_PATH (opened with SRC_FLAGS) to DEST through
 * DEST.tmp: backup API, journal_mode=DELETE (one self-contained file),
 * integrity check, fsync, rename. SRC_FIELD / DEST_FIELD name the two in
 * errors; a failed check of the source is reported against SRC_FIELD.
 * REPLACE: DEST is an old database being replaced; its WAL and shared
 * memory files are removed just before the rename (never replayed onto the
 * copy). */
static int lite_copy_file(const char *src_path, int src_flags, const char *src_field,
                          const char *dest, const char *dest_field, int check_src, int replace,
                          ms_err *err)
{
    sqlite3 *src = NULL, *dst = NULL;
    char tmp[4200];
    int rc;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", dest) >= sizeof tmp)
        return ms_fail(err, MS_EINVAL, dest_field, "io_error", dest);
    if (sqlite3_open_v2(src_path, &src, src_flags, NULL) != SQLITE_OK) {
        rc = lite_err(src, src_field, "db_error", src_path, err);
        sqlite3_close_v2(src);
        return rc;
    }
    sqlite3_busy_timeout(src, 5000);
    if (check_src && (rc = lite_check(src, src_path, src_field, err)) != MS_OK) {
        sqlite3_close_v2(src);
        return rc;
    }
    unlink_lite(tmp);
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = lite_err(dst, dest_field, "io_error", tmp, err);
        goto out;
    }
    rc = lite_copy(src, dst, err);
    if (rc == MS_OK &&
        sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = lite_err(dst, dest_field, "io_error", tmp, err);
    if (rc == MS_OK)
        rc = lite_check(dst, dest, dest_field, err);
out:
    sqlite3_close_v2(src);
    if (dst && sqlite3_close(dst) != SQLITE_OK && rc == MS_OK)
        rc = ms_fail(err, MS_EINTERNAL, dest_field, "io_error", tmp);
    if (rc == MS_OK && replace) {
        char side[4200];
        snprintf(side, sizeof side, "%s-wal", dest);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", dest);
        unlink(side);
    }
    if (rc == MS_OK)
        rc = commit_file(tmp, dest, dest_field, err);
    if (rc != MS_OK)
        unlink_lite(tmp);
    return rc;
}

static int lite_backup_to(const char *src_path, int src_flags, const char *src_field,
                          const char *dest, const char *dest_field, int check_src, ms_err *err)
{
    return lite_copy_file(src_path, src_flags, src_field, dest, dest_field, check_src, 0, err);
}

/* ------------------------------------------------------------ PostgreSQL */

/* The folder of pg_dump / pg_restore: $MSUP_PG_BINDIR, else the newest
 * /usr/lib/postgresql/N/bin (as scripts/pg-cluster), else PATH (""). */
static void pg_bindir(char *buf, size_t size)
{
    const char *env = getenv("MSUP_PG_BINDIR");
    glob_t g;
    int best = -1;

    buf[0] = '\0';
    if (env && *env) {
        snprintf(buf, size, "%s/", env);
        return;
    }
    if (glob("/usr/lib/postgresql/*/bin/pg_dump", 0, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        int v = atoi(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"));
        if (v > best) {
            best = v;
            snprintf(buf, size, "%.*s", (int)(strlen(g.gl_pathv[i]) - strlen("pg_dump")),
                     g.gl_pathv[i]);
        }
    }
    globfree(&g);
}

/* Run TOOL (pg_dump, pg_restore) with ARGV[1..] and wait. Standard output
 * goes to CAPTURE (at most CAP-1 bytes kept, NUL-terminated) or /dev/null;
 * standard error is the caller's. Returns the exit status, or -1. */
static int run_tool(const char *tool, char **argv, char *capture, size_t cap)
{
    char dir[4096], path[4200];
    int fds[2] = {-1, -1}, status;
    pid_t pid;

    pg_bindir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s%s", dir, tool);
    argv[0] = path;
    if (capture && pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int out = capture ? fds[1] : open("/dev/null", O_WRONLY);
        if (out >= 0)
            dup2(out, STDOUT_FILENO);
        if (capture)
            close(fds[0]);
        if (dir[0])
            execv(path, argv);
        else
            execvp(tool, argv);
        _exit(127);
    }
    if (capture) {
        size_t len = 0;
        ssize_t got;
        char sink[4096];

        close(fds[1]);
        while ((got = read(fds[0], len + 1 < cap ? capture + len : sink,
                           len + 1 < cap ? cap - 1 - len : sizeof sink)) > 0 ||
               (got < 0 && errno == EINTR))
            if (got > 0 && len + 1 < cap)
                len += (size_t)got;
        capture[len] = '\0';
        close(fds[0]);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The libpq connection string of URL, for --dbname. */
static const char *pg_conninfo(const char *url)
{
    if (strncmp(url, "postgresql:", 11) == 0 && strncmp(url, "postgresql://", 13) != 0)
        return url + 11;
    return url;
}

static int pg_backup(const char *url, const char *out, ms_err *err)
{
    char tmp[4200], dbarg[4200], fileopt[4300];
    store *db = NULL;
    int rc;

    /* Connect first: a wrong URL is an error about "db", not a tool failure. */
    if ((rc = store_open(url, &db, err)) != MS_OK)
        return rc;
    store_close(db);
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", out) >= sizeof tmp)
        return ms_fail(err, MS_EINVAL, "output", "io_error", out);
    snprintf(dbarg, sizeof dbarg, "--dbname=%s", pg_conninfo(url));
    snprintf(fileopt, sizeof fileopt, "--file=%s", tmp);
    unlink(tmp);
    {
        char *argv[] = {NULL, "--format=custom", "--no-owner", "--no-privileges", fileopt, dbarg,
                        NULL};
        if (run_tool("pg_dump", argv, NULL, 0) != 0) {
            unlink(tmp);
            return ms_fail(err, MS_EINTERNAL, "db", "backup_tool_failed", "pg_dump");
        }
    }
    {
        char *argv[] = {NULL, "--list", tmp, NULL};
        if (run_tool("pg_restore", argv, NULL, 0) != 0) {
            unlink(tmp);
            return ms_fail(err, MS_EINTERNAL, "output", "backup_tool_failed", "pg_restore --list");
        }
    }
    rc = commit_file(tmp, out, "output", err);
    if (rc != MS_OK)
        unlink(tmp);
    return rc;
}

/* The schema version recorded in the dump IN (the rows of
 * schema_migrations), 0 when there is none, -1 when IN is not a dump. */
static int pg_dump_version(const char *in)
{
    static char buf[1 << 16];
    char *argv[] = {NULL, "--data-only", "--table=schema_migrations", "--file=-", (char *)in, NULL};
    char *line, *save = NULL;
    int in_copy = 0, best = 0;

    if (run_tool("pg_restore", argv, buf, sizeof buf) != 0)
        return -1;
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "COPY ", 5) == 0 && strstr(line, "schema_migrations"))
            in_copy = 1;
        else if (in_copy && strcmp(line, "\\.") == 0)
            in_copy = 0;
        else if (in_copy && atoi(line) > best)
            best = atoi(line);
    }
    return best;
}

static const char SQL_PG_TABLES[] =
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";

static int pg_restore_into(const char *url, const char *in, ms_err *err)
{
    char dbarg[4200];
    store *db = NULL;
    int64_t tables;
    int version, rc;

    version = pg_dump_version(in);
    if (version < 0)
        return ms_fail(err, MS_EINVAL, "input", "backup_not_db", in);
    if (version == 0)
        return ms_fail(err, MS_EINVAL, "input", "backup_not_msup", in);
    if (version > store_known_version(STORE_PG))
        return ms_failf(err, MS_EINVAL, "input", "backup_schema_newer", "%d", version);
    if ((rc = store_open(url, &db, err)) != MS_OK)
        return rc;
    tables = store_query_int(db, SQL_PG_TABLES, -1, err);
    store_close(db);
    if (tables < 0)
        return err->code ? err->code : MS_EINTERNAL;
    if (tables > 0)
        return ms_failf(err, MS_ECONFLICT, "db", "restore_not_empty", "%lld", (long long)tables);
    snprintf(dbarg, sizeof dbarg, "--dbname=%s", pg_conninfo(url));
    {
        char *argv[] = {NULL,
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        dbarg,
                        (char *)in,
                        NULL};
        if (run_tool("pg_restore", argv, NULL, 0) != 0)
            return ms_fail(err, MS_EINTERNAL, "db", "backup_tool_failed", "pg_restore");
    }
    return MS_OK;
}

int store_open_file_ro(const char *path, const char *field, store **out, ms_err *err)
{
    store *db = ms_calloc(1, sizeof *db);

    *out = NULL;
    if (!db)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    db->kind = STORE_SQLITE;
    if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = lite_err(db->lite, field, "db_error", path, err);
        store_close(db);
        return rc;
    }
    sqlite3_extended_result_codes(db->lite, 1);
    sqlite3_busy_timeout(db->lite, 5000);
    *out = db;
    return MS_OK;
}

/* ------------------------------------------------------------- entry */

static int is_sqlite(const char *url)
{
    return url && strncmp(url, "sqlite:", 7) == 0 && url[7];
}

int store_backup(const char *url, const char *out, ms_err *err)
{
    struct stat sb;

    if (!out || !*out)
        return ms_fail(err, MS_EINVAL, "output", "required", NULL);
    if (!url || !*url)
        return ms_fail(err, MS_EINVAL, "db", "db_url", "");
    if (is_sqlite(url)) {
        /* The source must exist: never create an empty database to copy. */
        if (stat(url + 7, &sb) != 0 || !S_ISREG(sb.st_mode))
            return ms_fail(err, MS_EINVAL, "db", "backup_no_file", url + 7);
        return lite_backup_to(url + 7, SQLITE_OPEN_READWRITE, "db", out, "output", 0, err);
    }
    if (strncmp(url, "postgres", 8) == 0)
        return pg_backup(url, out, err);
    return ms_fail(err, MS_EINVAL, "db", "db_url", url);
}

int store_restore(const char *url, const char *in, int force, ms_err *err)
{
    struct stat sb;

    if (!in || !*in)
        return ms_fail(err, MS_EINVAL, "input", "required", NULL);
    if (!url || !*url)
        return ms_fail(err, MS_EINVAL, "db", "db_url", "");
    if (stat(in, &sb) != 0 || !S_ISREG(sb.st_mode))
        return ms_fail(err, MS_EINVAL, "input", "backup_no_file", in);
    if (is_sqlite(url)) {
        const char *target = url + 7;
        int exists = lstat(target, &sb) == 0;

        if (exists && !force)
            return ms_fail(err, MS_ECONFLICT, "db", "restore_exists", target);
        return lite_copy_file(in, SQLITE_OPEN_READONLY, "input", target, "db", 1, exists, err);
    }
    if (strncmp(url, "postgres", 8) == 0)
        return pg_restore_into(url, in, err);
    return ms_fail(err, MS_EINVAL, "db", "db_url", url);
}
