/* demo_table.c - parsing of data/jjf1022-demo.csv. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/demo_table.h"
#include "core/field.h"
#include "core/model.h"

enum { COL_CODE, COL_NAME, COL_RANGE, COL_UNC, COL_APP, COL_AUX, COL_SECTORS, COL_WEIGHT, NCOL };

static const char HEADER[] = "code,name,range,uncertainty,apparatus,aux,sectors,weight";

/* Split LINE in place on SEP into at most MAX fields; returns the count. */
static int split(char *line, char sep, char **f, int max)
{
    int n = 0;

    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p != sep)
            continue;
        *p = '\0';
        if (n == max)
            return max + 1;
        f[n++] = p + 1;
    }
    return n;
}

static int parse_sectors(char *s, unsigned *out)
{
    char *items[MODEL_SECTOR_COUNT + 1];
    int n;

    *out = 0;
    if (!*s)
        return 0;
    n = split(s, '|', items, MODEL_SECTOR_COUNT);
    if (n > MODEL_SECTOR_COUNT)
        return -1;
    for (int i = 0; i < n; i++) {
        int k = -1;
        for (int j = 0; j < MODEL_SECTOR_COUNT; j++)
            if (strcmp(items[i], model_sectors[j]) == 0)
                k = j;
        if (k < 0)
            return -1;
        *out |= 1u << k;
    }
    return 0;
}

static int parse_list(char *s, const char **out, int *n)
{
    char *items[DEMO_TABLE_LIST_MAX + 1];

    *n = 0;
    if (!*s)
        return 0;
    *n = split(s, '|', items, DEMO_TABLE_LIST_MAX);
    if (*n > DEMO_TABLE_LIST_MAX)
        return -1;
    for (int i = 0; i < *n; i++) {
        if (!*items[i])
            return -1;
        out[i] = items[i];
    }
    return 0;
}

static int parse_row(char *line, struct demo_row *r)
{
    char *f[NCOL + 1];
    const struct jjf_field *fld = NULL;
    char *end;
    long w;

    if (split(line, ',', f, NCOL) != NCOL)
        return -1;
    if (field_validate(f[COL_CODE], r->code, &fld, NULL) != MS_OK)
        return -1;
    memcpy(r->field, fld->code, 3);
    r->name = f[COL_NAME];
    r->range = f[COL_RANGE];
    r->uncertainty = f[COL_UNC];
    if (!*r->name || !*r->range || !*r->uncertainty)
        return -1;
    if (parse_list(f[COL_APP], r->apparatus, &r->napparatus) != 0 || r->napparatus < 1)
        return -1;
    if (parse_list(f[COL_AUX], r->aux, &r->naux) != 0)
        return -1;
    if (parse_sectors(f[COL_SECTORS], &r->sectors) != 0)
        return -1;
    w = strtol(f[COL_WEIGHT], &end, 10);
    if (end == f[COL_WEIGHT] || *end || w < 1 || w > 100)
        return -1;
    r->weight = (int)w;
    return 0;
}

int demo_table_parse(const char *buf, size_t len, demo_table **out, ms_err *err)
{
    demo_table *t = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = MS_OK, header = 0;
    char *p, *next;

    *out = NULL;
    t = ms_calloc(1, sizeof *t);
    if (!t || !(t->text = ms_malloc(len + 1))) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    memcpy(t->text, buf, len);
    t->text[len] = '\0';
    for (p = t->text; p && *p; p = next) {
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (*p && p[strlen(p) - 1] == '\r')
            p[strlen(p) - 1] = '\0';
        if (!*p || *p == '#')
            continue;
        if (!header) {
            header = 1;
            if (strcmp(p, HEADER) != 0) {
                rc = ms_fail(err, MS_EINVAL, "", "demo_table", "header");
                goto out;
            }
            continue;
        }
        if (t->n == cap) {
            size_t ncap = cap ? cap * 2 : 128;
            struct demo_row *nr = ms_realloc(t->rows, ncap * sizeof *nr);
            if (!nr) {
                rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
                goto out;
            }
            t->rows = nr;
            cap = ncap;
        }
        memset(&t->rows[t->n], 0, sizeof t->rows[t->n]);
        if (parse_row(p, &t->rows[t->n]) != 0) {
            rc = ms_fail(err, MS_EINVAL, "", "demo_table", p);
            goto out;
        }
        t->n++;
    }
    if (!t->n)
        rc = ms_fail(err, MS_EINVAL, "", "demo_table", "no rows");
out:
    if (rc != MS_OK) {
        if (err && rc == MS_EINVAL)
            err->row = lineno;
        demo_table_free(t);
        return rc;
    }
    *out = t;
    return MS_OK;
}

void demo_table_free(demo_table *t)
{
    if (!t)
        return;
    ms_free(t->rows);
    ms_free(t->text);
    ms_free(t);
}
