/* ref_insert.c - the reference for the import benchmark: a plain prepared
 * INSERT loop, one transaction, over the same CSV rows, into the same kind
 * of SQLite file. No validation, no error report: the floor that
 * `msup import standards` is measured against.
 *
 *   ref_insert DB.sqlite FILE.csv
 *
 * The CSV is the one bench/import.sh generates: a header, then rows of
 * unit_uscc,name,code,category,measurement_range,uncertainty,cert_no,
 * cert_authority_code,cert_issued_on,cert_expires_on,status,sectors with
 * no quoted fields. Prints the row count and seconds. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clock.h"

#define NCOL 12

struct ent {
    char *key;
    long long id;
};

struct map {
    struct ent *v;
    size_t cap;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void map_put(struct map *m, const char *k, long long id)
{
    size_t i = hash(k) & (m->cap - 1);
    while (m->v[i].key)
        i = (i + 1) & (m->cap - 1);
    m->v[i].key = strdup(k);
    m->v[i].id = id;
}

static long long map_get(const struct map *m, const char *k)
{
    size_t i = hash(k) & (m->cap - 1);
    while (m->v[i].key) {
        if (strcmp(m->v[i].key, k) == 0)
            return m->v[i].id;
        i = (i + 1) & (m->cap - 1);
    }
    return 0;
}

static void load(sqlite3 *db, const char *sql, struct map *m)
{
    sqlite3_stmt *st;
    m->cap = 1 << 20;
    m->v = calloc(m->cap, sizeof *m->v);
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW)
        map_put(m, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
}

int main(int argc, char **argv)
{
    sqlite3 *db;
    sqlite3_stmt *ins;
    struct map units, auths;
    FILE *f;
    char line[4096];
    long long rows = 0, id;
    double t0;

    if (argc != 3) {
        fprintf(stderr, "usage: ref_insert DB FILE.csv\n");
        return 2;
    }
    t0 = now();
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                 " PRAGMA cache_size=-65536",
                 NULL, NULL, NULL);
    load(db, "SELECT uscc, id FROM units", &units);
    load(db, "SELECT code, id FROM authorities", &auths);
    f = fopen(argv[2], "r");
    if (!f || !fgets(line, sizeof line, f))
        return 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    {
        sqlite3_stmt *mx;
        sqlite3_prepare_v2(db, "SELECT coalesce(max(id),0)+1 FROM standards", -1, &mx, NULL);
        sqlite3_step(mx);
        id = sqlite3_column_int64(mx, 0);
        sqlite3_finalize(mx);
    }
    sqlite3_prepare_v2(db,
                       "INSERT INTO standards (id, unit_id, name, code, field, category,"
                       " measurement_range, uncertainty, cert_no, cert_authority_id,"
                       " cert_issued_on, cert_expires_on, status, sectors, created_at,"
                       " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       -1, &ins, NULL);
    while (fgets(line, sizeof line, f)) {
        char *col[NCOL], *p = line, field[3];
        int n = 0;
        line[strcspn(line, "\r\n")] = '\0';
        while (n < NCOL) {
            col[n++] = p;
            p = strchr(p, ',');
            if (!p)
                break;
            *p++ = '\0';
        }
        while (n < NCOL)
            col[n++] = "";
        memcpy(field, col[2], 2);
        field[2] = '\0';
        sqlite3_bind_int64(ins, 1, id++);
        sqlite3_bind_int64(ins, 2, map_get(&units, col[0]));
        sqlite3_bind_text(ins, 3, col[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, col[2], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, field, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, col[3], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, col[4], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 8, col[5], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 9, col[6], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 10, map_get(&auths, col[7]));
        sqlite3_bind_text(ins, 11, col[8], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 12, col[9], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 13, *col[10] ? col[10] : "active", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 14, col[11], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 15, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 16, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "ref_insert: row %lld: %s\n", rows + 2, sqlite3_errmsg(db));
            return 1;
        }
        sqlite3_reset(ins);
        rows++;
    }
    sqlite3_finalize(ins);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return 1;
    sqlite3_close(db);
    fclose(f);
    printf("%lld rows %.3f s\n", rows, now() - t0);
    return 0;
}
