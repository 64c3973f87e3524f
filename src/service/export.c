/* export.c - the registry as CSV or XLSX (see export.h). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "render/csvout.h"
#include "render/xlsxout.h"
#include "service/export.h"
#include "service/registry.h"

#define PAGE           500
#define CONST_MEM_ROWS 20000 /* above this XLSX streams rows to disk */
#define MAX_COLS       12

int export_format_parse(const char *s, enum export_format *out, ms_err *err)
{
    if (s && strcmp(s, "csv") == 0)
        *out = EXPORT_CSV;
    else if (s && strcmp(s, "xlsx") == 0)
        *out = EXPORT_XLSX;
    else
        return ms_fail(err, MS_EINVAL, "format", "export_format", s ? s : "");
    return MS_OK;
}

/* ------------------------------------------------------ id -> text cache */

struct idmap {
    int64_t *ids;
    const char **vals;
    size_t cap, n;
    arena ar;
};

static void idmap_free(struct idmap *m)
{
    ms_free(m->ids);
    ms_free(m->vals);
    arena_free(&m->ar);
}

static size_t idmap_slot(const struct idmap *m, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * 11400714819323198485ull) & (m->cap - 1);
    while (m->ids[i] && m->ids[i] != id)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static const char *idmap_get(const struct idmap *m, int64_t id)
{
    return m->cap && id ? m->vals[idmap_slot(m, id)] : NULL;
}

static int idmap_put(struct idmap *m, int64_t id, const char *val)
{
    size_t i;

    if ((m->n + 1) * 10 > m->cap * 7) {
        size_t cap = m->cap ? m->cap * 2 : 256, oldcap = m->cap;
        int64_t *ids = ms_calloc(cap, sizeof *ids), *oids = m->ids;
        const char **vals = ms_calloc(cap, sizeof *vals), **ovals = m->vals;
        if (!ids || !vals) {
            ms_free(ids);
            ms_free(vals);
            return 0;
        }
        m->ids = ids;
        m->vals = vals;
        m->cap = cap;
        for (size_t k = 0; k < oldcap; k++)
            if (oids[k]) {
                i = idmap_slot(m, oids[k]);
                m->ids[i] = oids[k];
                m->vals[i] = ovals[k];
            }
        ms_free(oids);
        ms_free(ovals);
    }
    i = idmap_slot(m, id);
    if (!m->ids[i])
        m->n++;
    m->ids[i] = id;
    m->vals[i] = arena_strdup(&m->ar, val ? val : "");
    return m->vals[i] != NULL;
}

/* ------------------------------------------------------------------ sink */

struct exp {
    store *db;
    const ms_actor *who;
    enum import_kind kind;
    const struct import_col *cols;
    int ncols, english, oom;
    enum export_format format;
    const char *path;
    FILE *out, *own;
    csvout *csv;
    xlsxout *x;
    struct idmap auth;  /* authority id -> code */
    struct idmap units; /* unit id -> uscc */
    int64_t rows;
};

static int sink_open(struct exp *e, int64_t total, ms_err *err)
{
    const char *heads[MAX_COLS];
    struct xlsxout_col xc[MAX_COLS] = {{0}};
    static const char *const sheet_zh[] = {"建标单位", "计量标准", "计量标准器及配套设备", "人员"};

    for (int i = 0; i < e->ncols; i++) {
        heads[i] = e->english ? e->cols[i].name : e->cols[i].zh;
        xc[i].header = heads[i];
        xc[i].width = e->cols[i].width;
        xc[i].date = e->cols[i].type == IMPORT_DATE;
    }
    if (e->format == EXPORT_XLSX)
        return xlsxout_open(e->path, e->out,
                            e->english ? import_kind_name(e->kind) : sheet_zh[e->kind], xc,
                            e->ncols, total > CONST_MEM_ROWS, &e->x, err);
    if (e->path) {
        e->own = fopen(e->path, "wb");
        if (!e->own)
            return ms_fail(err, MS_EINTERNAL, "", "io_error", e->path);
    }
    e->csv = csvout_new(e->own ? e->own : e->out);
    if (!e->csv)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    return csvout_row(e->csv, heads, e->ncols, err);
}

/* One record: VALS[i] is column i's stored value; enumerations, sectors and
 * flags are shown in Chinese unless english. Strings from AR. */
static int sink_row(struct exp *e, const char **vals, arena *ar, ms_err *err)
{
    for (int i = 0; i < e->ncols && !e->english; i++) {
        const struct import_col *c = &e->cols[i];
        int k;
        if (!vals[i])
            continue;
        if (c->type == IMPORT_ENUM && c->values_zh && (k = model_index(c->values, vals[i])) >= 0) {
            vals[i] = c->values_zh[k];
        } else if (c->type == IMPORT_BOOL) {
            vals[i] = strcmp(vals[i], "1") == 0 ? "是" : "否";
        } else if (c->type == IMPORT_SECTORS && *vals[i]) {
            char buf[128] = "";
            for (int s = 0; s < MODEL_SECTOR_COUNT; s++) {
                size_t n = strlen(model_sectors[s]);
                const char *p = strstr(vals[i], model_sectors[s]);
                if (p && (p == vals[i] || p[-1] == ',') && (p[n] == ',' || !p[n]))
                    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
                             buf[0] ? "、" : "", model_sectors_zh[s]);
            }
            if (!(vals[i] = arena_strdup(ar, buf)))
                return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        }
    }
    e->rows++;
    return e->x ? xlsxout_row(e->x, vals, err) : csvout_row(e->csv, vals, e->ncols, err);
}

static int sink_close(struct exp *e, int rc, ms_err *err)
{
    if (e->x) {
        if (rc == MS_OK)
            rc = xlsxout_close(e->x, err);
        else
            xlsxout_abort(e->x);
        e->x = NULL;
    }
    if (e->csv) {
        if (rc == MS_OK)
            rc = csvout_flush(e->csv, err);
        csvout_free(e->csv);
        e->csv = NULL;
    }
    if (e->own && fclose(e->own) != 0 && rc == MS_OK)
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", e->path);
    e->own = NULL;
    return rc;
}

/* --------------------------------------------------------------- lookups */

static const char *authority_code(struct exp *e, int64_t id, arena *ar, ms_err *err)
{
    const char *code = idmap_get(&e->auth, id);
    struct ms_authority a;

    if (code || !id)
        return code;
    if (reg_authority_get(e->db, NULL, id, ar, &a, err) != MS_OK)
        return NULL;
    if (!idmap_put(&e->auth, id, a.code))
        e->oom = 1;
    return a.code;
}

static void unit_into(const char *key, int64_t id, void *ctx)
{
    struct exp *e = ctx;
    if (!idmap_put(&e->units, id, key))
        e->oom = 1;
}

static char *int_text(arena *ar, int64_t v)
{
    return arena_printf(ar, "%lld", (long long)v);
}

/* ----------------------------------------------------------------- kinds */

static int export_units(struct exp *e, ms_err *err)
{
    struct reg_unit_filter f = {0};
    struct store_page pg = {1, PAGE};
    arena ar = ARENA_INIT;
    int rc = MS_OK, opened = 0;

    for (;; pg.page++) {
        struct ms_unit *items;
        int n;
        int64_t total;
        arena_free(&ar);
        rc = registry_unit_list(e->db, e->who, &f, &pg, &ar, &items, &n, &total, err);
        if (rc == MS_OK && !opened++)
            rc = sink_open(e, total, err);
        for (int i = 0; rc == MS_OK && i < n; i++) {
            const struct ms_unit *u = &items[i];
            const char *v[MAX_COLS] = {u->uscc,
                                       u->name,
                                       u->division_code,
                                       u->address,
                                       u->kind,
                                       u->sectors,
                                       authority_code(e, u->authority_id, &ar, err),
                                       u->contact_name,
                                       u->contact_phone,
                                       u->credit_class};
            if (e->oom || !v[6])
                rc = e->oom ? ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL)
                            : (err->code ? err->code : MS_EINTERNAL);
            else
                rc = sink_row(e, v, &ar, err);
        }
        if (rc != MS_OK || n < PAGE)
            break;
    }
    arena_free(&ar);
    return rc;
}

/* Standards page by page; for apparatus and personnel the records of each
 * standard follow from their own lists. */
static int export_standards(struct exp *e, ms_err *err)
{
    struct reg_standard_filter f = {0};
    struct store_page pg = {1, PAGE};
    arena ar = ARENA_INIT;
    int rc = MS_OK, opened = 0;

    if (e->kind == IMPORT_STANDARDS)
        rc = reg_each_key(e->db, REG_UNIT, unit_into, e, err);
    if (rc == MS_OK && e->oom)
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (; rc == MS_OK; pg.page++) {
        struct ms_standard *items;
        int n;
        int64_t total;
        arena_free(&ar);
        rc = registry_standard_list(e->db, e->who, &f, &pg, &ar, &items, &n, &total, err);
        if (rc == MS_OK && !opened++)
            rc = sink_open(e, e->kind == IMPORT_STANDARDS ? total : total * 4, err);
        for (int i = 0; rc == MS_OK && i < n; i++) {
            const struct ms_standard *s = &items[i];
            if (e->kind == IMPORT_STANDARDS) {
                const char *v[MAX_COLS] = {idmap_get(&e->units, s->unit_id),
                                           s->name,
                                           s->code,
                                           s->category,
                                           s->measurement_range,
                                           s->uncertainty,
                                           s->cert_no,
                                           authority_code(e, s->cert_authority_id, &ar, err),
                                           s->cert_issued_on,
                                           s->cert_expires_on,
                                           s->status,
                                           s->sectors};
                rc = e->oom || !v[7]
                         ? (e->oom ? ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL)
                                   : (err->code ? err->code : MS_EINTERNAL))
                         : sink_row(e, v, &ar, err);
            } else if (e->kind == IMPORT_APPARATUS) {
                struct ms_apparatus *a;
                int na;
                rc = reg_apparatus_list(e->db, s->id, &ar, &a, &na, err);
                for (int k = 0; rc == MS_OK && k < na; k++) {
                    const char *v[MAX_COLS] = {
                        s->cert_no,     a[k].name,          a[k].model,
                        a[k].serial,    a[k].role,          a[k].trace_cert_no,
                        a[k].trace_org, a[k].calibrated_on, a[k].due_on};
                    rc = sink_row(e, v, &ar, err);
                }
            } else {
                struct ms_personnel *p;
                int np;
                rc = reg_personnel_list(e->db, s->id, &ar, &p, &np, err);
                for (int k = 0; rc == MS_OK && k < np; k++) {
                    const char *v[MAX_COLS] = {s->cert_no, p[k].name, p[k].qualification_no,
                                               p[k].valid_until, int_text(&ar, p[k].in_charge)};
                    rc = v[4] ? sink_row(e, v, &ar, err)
                              : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
                }
            }
        }
        if (rc != MS_OK || n < PAGE)
            break;
    }
    arena_free(&ar);
    return rc;
}

int export_run(store *db, const ms_actor *who, enum import_kind kind,
               const struct export_opts *opts, const char *path, FILE *out, int64_t *rows,
               ms_err *err)
{
    struct exp e = {.db = db, .who = who, .kind = kind, .path = path, .out = out};
    int rc;

    ms_err_clear(err);
    if (rows)
        *rows = 0;
    if ((unsigned)kind >= IMPORT_KIND_COUNT)
        return ms_fail(err, MS_EINVAL, "kind", "import_kind", "");
    if (!path && !out)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "export_run: no output");
    e.cols = import_columns(kind, &e.ncols);
    e.english = opts && opts->english;
    e.format = opts ? opts->format : EXPORT_CSV;
    rc = kind == IMPORT_UNITS ? export_units(&e, err) : export_standards(&e, err);
    rc = sink_close(&e, rc, err);
    if (rows)
        *rows = e.rows;
    idmap_free(&e.auth);
    idmap_free(&e.units);
    return rc;
}
