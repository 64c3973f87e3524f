/* test_report.c - reports over the province demo dataset, once on SQLite and
 * once on PostgreSQL. The registry is `msup demo --scale province`, the
 * campaign and its draws go through the real use cases (every certifying
 * authority draws its units, the province its subordinates, one draw is
 * voided), and the results, findings, rectifications, dispositions and
 * self-inspections are seeded with tests/support/report_seed.sql (the
 * result and rectification use cases are built in parallel; the seed writes
 * the same 007 tables). Then:
 *   - every figure of the summary reconciles with the underlying rows, for
 *     the province and for one city: the expected values are recomputed
 *     here in C from plain row reads, not from the report's aggregates;
 *   - jurisdiction: a city sees its subtree only, asking for the province
 *     is not found, a unit user is refused;
 *   - the published results (JSON, CSV, Atom) hold no personal data: no
 *     contact name or phone, no staff, inspector or complainant name, no
 *     account name and no evidence;
 *   - the XLSX and PDF outputs are produced (their content is checked by
 *     tests/cli/t0110-report.sh with pdftotext, pdffonts and unzip);
 *   - after writes to the tables the summary reads, it reconciles again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "service/campaign.h"
#include "service/demo.h"
#include "service/draw.h"
#include "service/registry.h"
#include "service/report.h"
#include "testdb.h"

#define MAXID 400000

struct fx {
    store *db;
    arena ar;
    ms_actor sys;
    int64_t campaign, province, city;
    const char *province_path, *city_path, *city_code;
};

/* ------------------------------------------------------------------ rows */

/* Every row of SQL (no parameters) as text, NCOLS columns, into a growing
 * array of strings (row-major, NULL kept) in AR; *N rows. */
static const char **rows(store *db, arena *ar, const char *sql, int ncols, int *n)
{
    ms_err err = {0};
    store_stmt *st = store_prepare(db, sql, &err);
    size_t cap = 1024;
    const char **v = arena_alloc(ar, sizeof *v * cap * (size_t)ncols);
    int rc;

    if (!st)
        fail_msg("prepare %s: %s", sql, err.key);
    *n = 0;
    while ((rc = store_step(st, &err)) == STORE_ROW) {
        if ((size_t)*n == cap) {
            const char **nv = arena_alloc(ar, sizeof *v * cap * 2 * (size_t)ncols);
            memcpy(nv, v, sizeof *v * cap * (size_t)ncols);
            v = nv;
            cap *= 2;
        }
        for (int c = 0; c < ncols; c++) {
            const char *s = store_col_text(st, c);
            v[(size_t)*n * (size_t)ncols + (size_t)c] = s ? arena_strdup(ar, s) : NULL;
        }
        (*n)++;
    }
    store_reset(st);
    if (rc != STORE_DONE)
        fail_msg("step %s: %s", sql, err.key);
    return v;
}

#define COL(v, nc, r, c) ((v)[(size_t)(r) * (nc) + (c)])
static int eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}
static int64_t num(const char *s)
{
    return s ? strtoll(s, NULL, 10) : 0;
}
static int under(const char *path, const char *prefix)
{
    return path && strncmp(path, prefix, strlen(prefix)) == 0;
}

/* ------------------------------------------------------------- fixture */

static void run_draw(struct fx *f, int64_t authority, const char *kind, int64_t *id)
{
    struct ms_draw d;
    ms_err err = {0};
    char seed[64];

    snprintf(seed, sizeof seed, "2021-06-15 %lld %s", (long long)authority, kind);
    if (drawsvc_run(f->db, &f->sys, f->campaign, authority, kind, seed, &f->ar, &d, &err) != MS_OK)
        fail_msg("draw %lld %s: %s %s %s", (long long)authority, kind, err.key, err.field, err.arg);
    if (id)
        *id = d.id;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        fail_msg("cannot read %s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = ms_malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
        fail_msg("short read %s", path);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int setup(void **state)
{
    static struct fx f;
    struct demo_opts o = {DEMO_SCALE_PROVINCE, 3, NULL, 0};
    struct campaign_input in = {.name = "2021年江苏省计量标准专项监督检查", .year = 2021};
    struct ms_campaign c;
    struct ms_authority a;
    struct ms_draw d;
    ms_err err = {0};
    const char **auths;
    char path[1024];
    char *seed;
    int n, voided = 0;

    memset(&f, 0, sizeof f);
    setenv("MSUP_TODAY", "2021-06-15", 1);
    f.db = testdb_open("report");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    if (demo_run(f.db, &o, NULL, NULL, NULL, &err) != MS_OK)
        fail_msg("demo: %s %s", err.key, err.arg);
    if (reg_authority_by_code(f.db, "320000", &f.ar, &a, &err) != MS_OK)
        fail_msg("no province");
    f.province = a.id;
    f.province_path = a.path;
    in.authority_id = a.id;
    if (campaign_create(f.db, &f.sys, &in, &f.ar, &c, &err) != MS_OK)
        fail_msg("campaign: %s %s", err.key, err.field);
    f.campaign = c.id;
    /* every authority of the province that certified an active standard draws its units */
    auths = rows(f.db, &f.ar,
                 "SELECT DISTINCT a.id, a.level, a.code, a.path FROM standards s JOIN authorities a"
                 " ON a.id = s.cert_authority_id WHERE s.status = 'active' AND a.code <> '000000'"
                 " ORDER BY a.id",
                 4, &n);
    for (int i = 0; i < n; i++) {
        int64_t id;
        run_draw(&f, num(COL(auths, 4, i, 0)), "units", &id);
        if (!voided && eq(COL(auths, 4, i, 1), "county")) {
            /* a mistaken draw: voided, its inspections cancelled, run again */
            if (drawsvc_void(f.db, &f.sys, id, "测试：作废", &f.ar, &d, &err) != MS_OK)
                fail_msg("void: %s", err.key);
            run_draw(&f, num(COL(auths, 4, i, 0)), "units", NULL);
            voided = 1;
        }
        if (!f.city && eq(COL(auths, 4, i, 1), "municipal")) {
            f.city = num(COL(auths, 4, i, 0));
            f.city_code = COL(auths, 4, i, 2);
            f.city_path = COL(auths, 4, i, 3);
        }
    }
    assert_true(voided && f.city);
    run_draw(&f, f.province, "authorities", NULL);
    snprintf(path, sizeof path, "%s/tests/support/report_seed.sql",
             getenv("MSUP_SRC") ? getenv("MSUP_SRC") : ".");
    seed = slurp(path);
    if (store_exec(f.db, seed, &err) != MS_OK)
        fail_msg("seed: %s %s", err.key, err.arg);
    ms_free(seed);
    setenv("MSUP_TODAY", "2021-09-20", 1);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->db);
    arena_free(&f->ar);
    return 0;
}

/* ------------------------------------------------------- reconciliation */

/* The expected figures of CAMPAIGN over the subtree P, from plain rows. */
static void expected(struct fx *f, arena *ar, const char *p, const char *today,
                     struct rptdb_summary *e, int64_t item_bad[3][15], int64_t *field_std)
{
    static const char *path_of[MAXID];
    static char unit_active[MAXID], insp_live[MAXID], insp_done[MAXID], insp_nonc[MAXID];
    static char insp_in[MAXID], unit_in[MAXID];
    static char *std_field[MAXID], *std_sectors[MAXID];
    const char **a, **u, **s, **i, **d, **x, **r, **fi, **rc, **di, **sc;
    int na, nu, ns, ni, nd, nx, nr, nf, nrc, ndi, nsc;

    memset(e, 0, sizeof *e);
    memset(unit_active, 0, sizeof unit_active);
    memset(insp_live, 0, sizeof insp_live);
    memset(insp_done, 0, sizeof insp_done);
    memset(insp_nonc, 0, sizeof insp_nonc);
    memset(insp_in, 0, sizeof insp_in);
    memset(unit_in, 0, sizeof unit_in);
    memset(item_bad, 0, sizeof(int64_t) * 3 * 15);
    memset(field_std, 0, sizeof(int64_t) * 100);

    a = rows(f->db, ar, "SELECT id, path FROM authorities", 2, &na);
    for (int k = 0; k < na; k++)
        path_of[num(COL(a, 2, k, 0))] = COL(a, 2, k, 1);
    u = rows(f->db, ar, "SELECT id, status FROM units", 2, &nu);
    for (int k = 0; k < nu; k++)
        unit_active[num(COL(u, 2, k, 0))] = eq(COL(u, 2, k, 1), "active");

    /* scope: active standards of active units certified in the subtree */
    s = rows(f->db, ar,
             "SELECT id, unit_id, cert_authority_id, status, field, sectors FROM standards", 6,
             &ns);
    {
        static char seen_sector[MODEL_SECTOR_COUNT][MAXID];
        memset(seen_sector, 0, sizeof seen_sector);
        for (int k = 0; k < ns; k++) {
            int64_t id = num(COL(s, 6, k, 0)), unit = num(COL(s, 6, k, 1));
            std_field[id] = (char *)COL(s, 6, k, 4);
            std_sectors[id] = (char *)COL(s, 6, k, 5);
            if (!eq(COL(s, 6, k, 3), "active") || !unit_active[unit] ||
                !under(path_of[num(COL(s, 6, k, 2))], p))
                continue;
            e->standards++;
            if (!unit_in[unit]++)
                e->units++;
            field_std[atoi(std_field[id])]++;
            for (int q = 0; q < MODEL_SECTOR_COUNT; q++)
                if (strstr(std_sectors[id], model_sectors[q])) {
                    e->sectors[q].standards++;
                    if (!seen_sector[q][unit]++)
                        e->sectors[q].units++;
                }
        }
    }
    sc = rows(f->db, ar, "SELECT campaign_id, unit_id, status, late FROM self_checks", 4, &nsc);
    for (int k = 0; k < nsc; k++) {
        if (num(COL(sc, 4, k, 0)) != f->campaign || !unit_in[num(COL(sc, 4, k, 1))])
            continue;
        if (eq(COL(sc, 4, k, 2), "submitted")) {
            e->sc_submitted++;
            e->sc_late += num(COL(sc, 4, k, 3));
        } else {
            e->sc_draft++;
        }
    }

    /* draws: n and k from the stored result JSON */
    d = rows(f->db, ar, "SELECT id, campaign_id, authority_id, kind, status, result FROM draws", 6,
             &nd);
    for (int k = 0; k < nd; k++) {
        json_t *res;
        int units = eq(COL(d, 6, k, 3), "units");
        if (num(COL(d, 6, k, 1)) != f->campaign || !eq(COL(d, 6, k, 4), "active") ||
            !under(path_of[num(COL(d, 6, k, 2))], p))
            continue;
        res = json_loads(COL(d, 6, k, 5), 0, NULL);
        assert_non_null(res);
        *(units ? &e->draws_units : &e->draws_authorities) += 1;
        *(units ? &e->roster_units : &e->roster_authorities) +=
            json_integer_value(json_object_get(res, "n"));
        *(units ? &e->quota_units : &e->quota_authorities) +=
            json_integer_value(json_object_get(res, "k"));
        /* selected: the items of the stored result */
        *(units ? &e->selected_units : &e->selected_authorities) +=
            (int64_t)json_array_size(json_object_get(res, "items"));
        json_decref(res);
    }

    i = rows(f->db, ar,
             "SELECT id, campaign_id, authority_id, kind, status, conclusion, tracking,"
             " follow_up_on FROM inspections",
             8, &ni);
    for (int k = 0; k < ni; k++) {
        int64_t id = num(COL(i, 8, k, 0));
        const char *st = COL(i, 8, k, 4), *concl = COL(i, 8, k, 5);
        if (num(COL(i, 8, k, 1)) != f->campaign || !under(path_of[num(COL(i, 8, k, 2))], p))
            continue;
        insp_in[id] = 1;
        if (eq(st, "cancelled")) {
            e->cancelled++;
            continue;
        }
        insp_live[id] = 1;
        *(eq(COL(i, 8, k, 3), "standard") ? &e->insp_standard : &e->insp_assessment) += 1;
        if (eq(st, "planned"))
            e->planned++;
        else if (eq(st, "in_progress"))
            e->in_progress++;
        else if (eq(st, "completed")) {
            e->completed++;
            insp_done[id] = 1;
            if (eq(concl, "pass"))
                e->pass++;
            else if (eq(concl, "rectify"))
                e->rectify++, insp_nonc[id] = 1;
            else if (eq(concl, "fail"))
                e->fail++, insp_nonc[id] = 1;
        } else if (eq(st, "not_performed")) {
            e->not_performed++;
            if (eq(COL(i, 8, k, 6), "closed")) {
                e->np_closed++;
            } else {
                e->np_open++;
                if (COL(i, 8, k, 7) && strcmp(COL(i, 8, k, 7), today) < 0)
                    e->np_follow_up_overdue++;
            }
        }
    }

    /* fields and sectors through the inspected standards */
    x = rows(f->db, ar, "SELECT inspection_id, standard_id FROM inspection_standards", 2, &nx);
    {
        struct rptdb_field *fl = arena_alloc(ar, sizeof *fl * 100);
        for (int k = 0; k < nx; k++) {
            int64_t in = num(COL(x, 2, k, 0)), sid = num(COL(x, 2, k, 1));
            int fc = atoi(std_field[sid]);
            if (!insp_live[in])
                continue;
            fl[fc].inspections++;
            fl[fc].completed += insp_done[in];
            fl[fc].nonconforming += insp_nonc[in];
            for (int q = 0; q < MODEL_SECTOR_COUNT; q++)
                if (strstr(std_sectors[sid], model_sectors[q])) {
                    e->sectors[q].inspections++;
                    e->sectors[q].completed += insp_done[in];
                    e->sectors[q].nonconforming += insp_nonc[in];
                }
        }
        e->fields = fl;
        for (int k = 0; k < 100; k++) {
            e->fields_in_scope += field_std[k] > 0;
            e->fields_covered += field_std[k] > 0 && fl[k].inspections > 0;
        }
    }

    /* answers of completed inspections: [0] A1 nonconform+defect, [1] A1 answered, [2] na */
    r = rows(f->db, ar,
             "SELECT r.inspection_id, r.item_no, r.verdict, i.checklist_code FROM"
             " inspection_results r JOIN inspections i ON i.id = r.inspection_id",
             4, &nr);
    for (int k = 0; k < nr; k++) {
        int no = (int)num(COL(r, 4, k, 1));
        const char *v = COL(r, 4, k, 2);
        if (!insp_done[num(COL(r, 4, k, 0))] || !eq(COL(r, 4, k, 3), "A1"))
            continue;
        if (eq(v, "na"))
            item_bad[2][no]++;
        else
            item_bad[1][no]++;
        if (eq(v, "nonconform") || eq(v, "defect"))
            item_bad[0][no]++;
    }

    fi = rows(f->db, ar,
              "SELECT id, campaign_id, authority_id, status, deadline, severity FROM findings", 6,
              &nf);
    {
        static char finding_in[MAXID];
        memset(finding_in, 0, sizeof finding_in);
        for (int k = 0; k < nf; k++) {
            const char *st = COL(fi, 6, k, 3), *sev = COL(fi, 6, k, 5);
            if (num(COL(fi, 6, k, 1)) != f->campaign || !under(path_of[num(COL(fi, 6, k, 2))], p))
                continue;
            finding_in[num(COL(fi, 6, k, 0))] = 1;
            e->findings++;
            e->f_open += eq(st, "open");
            e->f_submitted += eq(st, "submitted");
            e->f_accepted += eq(st, "accepted");
            e->f_rejected += eq(st, "rejected");
            e->f_failed += eq(st, "failed");
            e->f_overdue += (eq(st, "open") || eq(st, "submitted") || eq(st, "rejected")) &&
                            strcmp(COL(fi, 6, k, 4), today) < 0;
            e->f_nonconform += eq(sev, "nonconform");
            e->f_defect += eq(sev, "defect");
            e->f_key += eq(sev, "key");
        }
        rc = rows(f->db, ar, "SELECT finding_id, late, decision FROM rectifications", 3, &nrc);
        for (int k = 0; k < nrc; k++) {
            if (!finding_in[num(COL(rc, 3, k, 0))])
                continue;
            e->rect_submissions++;
            e->rect_late += num(COL(rc, 3, k, 1));
            e->rect_accepted += eq(COL(rc, 3, k, 2), "accept");
            e->rect_rejected += eq(COL(rc, 3, k, 2), "reject");
            e->rect_pending += COL(rc, 3, k, 2) == NULL;
        }
        /* dispositions tied to the campaign through an inspection or a finding */
        di = rows(f->db, ar,
                  "SELECT d.authority_id, d.action, coalesce(d.amount_yuan, 0),"
                  " coalesce(i.campaign_id, f.campaign_id) FROM dispositions d"
                  " LEFT JOIN inspections i ON i.id = d.inspection_id"
                  " LEFT JOIN findings f ON f.id = d.finding_id",
                  4, &ndi);
        e->dispositions = arena_alloc(ar, sizeof *e->dispositions * 16);
        for (int k = 0; k < ndi; k++) {
            int j;
            if (num(COL(di, 4, k, 3)) != f->campaign || !under(path_of[num(COL(di, 4, k, 0))], p))
                continue;
            for (j = 0; j < e->ndispositions; j++)
                if (eq(e->dispositions[j].action, COL(di, 4, k, 1)))
                    break;
            if (j == e->ndispositions)
                e->dispositions[e->ndispositions++].action = COL(di, 4, k, 1);
            e->dispositions[j].count++;
            e->dispositions[j].amount_yuan += num(COL(di, 4, k, 2));
        }
    }
}

static void reconcile(struct fx *f, const ms_actor *who, int64_t authority, const char *p)
{
    struct report_summary *got;
    struct rptdb_summary e;
    int64_t item_bad[3][15], field_std[100];
    arena ar = ARENA_INIT;
    ms_err err = {0};
    const struct rptdb_summary *s;

    got = arena_alloc(&ar, sizeof *got);
    if (report_summary(f->db, who, f->campaign, authority, &ar, got, &err) != MS_OK)
        fail_msg("summary: %s %s %s", err.key, err.field, err.arg);
    s = &got->s;
    assert_string_equal(got->as_of, "2021-09-20");
    expected(f, &ar, p, "2021-09-20", &e, item_bad, field_std);

#define SAME(x) assert_int_equal(s->x, e.x)
    SAME(units);
    SAME(standards);
    SAME(sc_submitted);
    SAME(sc_late);
    SAME(sc_draft);
    SAME(draws_units);
    SAME(roster_units);
    SAME(quota_units);
    SAME(selected_units);
    SAME(draws_authorities);
    SAME(roster_authorities);
    SAME(quota_authorities);
    SAME(selected_authorities);
    SAME(insp_standard);
    SAME(insp_assessment);
    SAME(planned);
    SAME(in_progress);
    SAME(completed);
    SAME(not_performed);
    SAME(cancelled);
    SAME(np_open);
    SAME(np_closed);
    SAME(np_follow_up_overdue);
    SAME(pass);
    SAME(rectify);
    SAME(fail);
    SAME(findings);
    SAME(f_open);
    SAME(f_submitted);
    SAME(f_accepted);
    SAME(f_rejected);
    SAME(f_failed);
    SAME(f_overdue);
    SAME(f_nonconform);
    SAME(f_defect);
    SAME(f_key);
    SAME(rect_submissions);
    SAME(rect_late);
    SAME(rect_accepted);
    SAME(rect_rejected);
    SAME(rect_pending);
    SAME(fields_in_scope);
    SAME(fields_covered);
#undef SAME
    for (int q = 0; q < MODEL_SECTOR_COUNT; q++) {
        assert_int_equal(s->sectors[q].standards, e.sectors[q].standards);
        assert_int_equal(s->sectors[q].units, e.sectors[q].units);
        assert_int_equal(s->sectors[q].inspections, e.sectors[q].inspections);
        assert_int_equal(s->sectors[q].completed, e.sectors[q].completed);
        assert_int_equal(s->sectors[q].nonconforming, e.sectors[q].nonconforming);
    }
    for (int k = 0; k < s->nfields; k++) {
        int fc = atoi(s->fields[k].field);
        assert_int_equal(s->fields[k].standards, field_std[fc]);
        assert_int_equal(s->fields[k].inspections, e.fields[fc].inspections);
        assert_int_equal(s->fields[k].completed, e.fields[fc].completed);
        assert_int_equal(s->fields[k].nonconforming, e.fields[fc].nonconforming);
    }
    for (int k = 0; k < s->nitems; k++) {
        const struct rptdb_item *it = &s->items[k];
        if (strcmp(it->checklist, "A1") != 0)
            continue;
        assert_int_equal(it->nonconform + it->defect, item_bad[0][it->item_no]);
        assert_int_equal(it->conform + it->nonconform + it->defect, item_bad[1][it->item_no]);
        assert_int_equal(it->na, item_bad[2][it->item_no]);
    }
    assert_int_equal(s->ndispositions, e.ndispositions);
    for (int k = 0; k < s->ndispositions; k++)
        for (int j = 0; j < e.ndispositions; j++)
            if (strcmp(s->dispositions[k].action, e.dispositions[j].action) == 0) {
                assert_int_equal(s->dispositions[k].count, e.dispositions[j].count);
                assert_int_equal(s->dispositions[k].amount_yuan, e.dispositions[j].amount_yuan);
            }

    /* the data set exercises every branch of the figures */
    assert_true(s->completed > 0 && s->not_performed > 0 && s->in_progress > 0);
    assert_true(s->pass > 0 && s->rectify > 0 && s->fail > 0);
    assert_true(s->f_failed > 0 && s->f_accepted > 0 && s->ndispositions > 0);
    /* each nonconform or defect answer of a completed inspection is one finding */
    {
        int64_t bad = 0;
        for (int k = 0; k < s->nitems; k++)
            bad += s->items[k].nonconform + s->items[k].defect;
        assert_int_equal(bad, s->findings);
    }
    arena_free(&ar);
}

static void test_reconcile_province(void **state)
{
    struct fx *f = *state;
    struct report_summary *r;
    arena ar = ARENA_INIT;
    ms_err err = {0};

    reconcile(f, &f->sys, 0, f->province_path); /* the organiser's subtree */
    /* cancelled inspections exist (the voided draw) and are left out */
    r = arena_alloc(&ar, sizeof *r);
    assert_int_equal(report_summary(f->db, &f->sys, f->campaign, 0, &ar, r, &err), MS_OK);
    assert_true(r->s.cancelled > 0);
    assert_true(r->s.draws_authorities == 1 && r->s.selected_authorities > 0);
    arena_free(&ar);
}

static void test_reconcile_city(void **state)
{
    struct fx *f = *state;
    struct ms_authority a;
    ms_actor who;
    arena ar = ARENA_INIT;
    ms_err err = {0};

    assert_int_equal(
        registry_actor_for_authority(f->db, f->city_code, MS_LANG_ZH, &ar, &who, &a, &err), MS_OK);
    reconcile(f, &who, 0, f->city_path);
    arena_free(&ar);
}

static void test_jurisdiction(void **state)
{
    struct fx *f = *state;
    struct report_summary *r;
    struct ms_authority a;
    ms_actor city, unit;
    arena ar = ARENA_INIT;
    ms_err err = {0};
    int64_t rows_city = 0, rows_prov = 0;
    FILE *sink = fopen("/dev/null", "w");

    r = arena_alloc(&ar, sizeof *r);
    assert_int_equal(
        registry_actor_for_authority(f->db, f->city_code, MS_LANG_ZH, &ar, &city, &a, &err), MS_OK);
    /* a city asking for the province: not found, naming authority_id */
    assert_int_equal(report_summary(f->db, &city, f->campaign, f->province, &ar, r, &err),
                     MS_ENOTFOUND);
    assert_string_equal(err.field, "authority_id");
    /* a unit user: refused */
    memset(&unit, 0, sizeof unit);
    unit.name = "u";
    unit.role = "unit";
    unit.unit_id = 1;
    assert_int_equal(report_summary(f->db, &unit, f->campaign, 0, &ar, r, &err), MS_EFORBIDDEN);
    assert_int_equal(report_inspections(f->db, &unit, f->campaign, 0, REPORT_CSV, sink, NULL, &err),
                     MS_EFORBIDDEN);
    /* the city's list is its subtree's part of the province's */
    assert_int_equal(
        report_inspections(f->db, &city, f->campaign, 0, REPORT_CSV, sink, &rows_city, &err),
        MS_OK);
    assert_int_equal(
        report_inspections(f->db, &f->sys, f->campaign, 0, REPORT_CSV, sink, &rows_prov, &err),
        MS_OK);
    assert_true(rows_city > 0 && rows_city < rows_prov);
    assert_int_equal(report_summary(f->db, &city, f->campaign, 0, &ar, r, &err), MS_OK);
    assert_int_equal(rows_city, r->s.planned + r->s.in_progress + r->s.completed +
                                    r->s.not_performed + r->s.cancelled);
    /* an unknown campaign */
    assert_int_equal(report_summary(f->db, &city, 999999, 0, &ar, r, &err), MS_ENOTFOUND);
    fclose(sink);
    arena_free(&ar);
}

/* 1 when every occurrence of V in TEXT lies inside one of the public
 * registry names PUBLIC[0..N) (a person's name can be part of a company's:
 * 苏瑞 in 江苏瑞…). */
static int only_inside_public(const char *text, const char *v, const char **pub, int n)
{
    char *copy = ms_strdup(text);
    int clean;

    for (int k = 0; k < n; k++) {
        char *p;
        if (!pub[k] || !strstr(pub[k], v))
            continue;
        for (p = strstr(copy, pub[k]); p; p = strstr(p, pub[k]))
            memset(p, ' ', strlen(pub[k]));
    }
    clean = strstr(copy, v) == NULL;
    ms_free(copy);
    return clean;
}

/* A set of strings by FNV-1a hash (open addressing), for scanning a text
 * for any of many values in one pass. */
#define SET_SLOTS (1u << 20)
struct strset {
    const char **slot;
    unsigned char lens[512]; /* byte lengths present */
};

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void set_add(struct strset *st, const char *v)
{
    size_t n = strlen(v);
    uint32_t i = fnv(v, n) & (SET_SLOTS - 1);

    if (n >= sizeof st->lens)
        return;
    while (st->slot[i] && strcmp(st->slot[i], v) != 0)
        i = (i + 1) & (SET_SLOTS - 1);
    st->slot[i] = v;
    st->lens[n] = 1;
}

static const char *set_find(const struct strset *st, const char *p, size_t n)
{
    uint32_t i = fnv(p, n) & (SET_SLOTS - 1);

    for (; st->slot[i]; i = (i + 1) & (SET_SLOTS - 1))
        if (strlen(st->slot[i]) == n && memcmp(st->slot[i], p, n) == 0)
            return st->slot[i];
    return NULL;
}

/* The first personal value of the data set found in OUT (a static copy),
 * or NULL when there is none. */
static const char *personal_data(struct fx *f, const char *out, size_t len)
{
    static char found[512];
    static const char *const sql[] = {
        "SELECT contact_name FROM units WHERE contact_name IS NOT NULL",
        "SELECT contact_phone FROM units WHERE contact_phone IS NOT NULL",
        "SELECT name FROM personnel",
        "SELECT qualification_no FROM personnel WHERE qualification_no IS NOT NULL",
        "SELECT name FROM inspectors",
        "SELECT contact FROM complaints WHERE contact IS NOT NULL",
        "SELECT DISTINCT completed_by FROM inspections WHERE completed_by IS NOT NULL",
        "SELECT DISTINCT submitted_by FROM rectifications",
        "SELECT DISTINCT created_by FROM dispositions",
        "SELECT DISTINCT sm3 FROM evidence",
        "SELECT DISTINCT filename FROM evidence",
        "SELECT DISTINCT note FROM inspection_results WHERE note IS NOT NULL",
    };
    char *text = ms_malloc(len + 1);
    arena ar = ARENA_INIT;
    struct strset set;
    const char **pub;
    int checked = 0, npub;

    found[0] = '\0';
    memset(&set, 0, sizeof set);
    set.slot = ms_calloc(SET_SLOTS, sizeof *set.slot);
    memcpy(text, out, len);
    text[len] = '\0';
    pub = rows(f->db, &ar,
               "SELECT name FROM units UNION SELECT name FROM authorities UNION"
               " SELECT name FROM standards UNION SELECT name FROM campaigns",
               1, &npub);
    for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
        int n;
        const char **v = rows(f->db, &ar, sql[q], 1, &n);
        for (int k = 0; k < n; k++)
            if (v[k] && strlen(v[k]) >= 4) {
                set_add(&set, v[k]);
                checked++;
            }
    }
    assert_true(checked > 1000);
    /* every substring that starts and ends on a character boundary */
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        for (size_t l = 4; l < sizeof set.lens && i + l <= len; l++) {
            const char *hit;
            if (!set.lens[l] || ((unsigned char)text[i + l] & 0xC0) == 0x80)
                continue;
            if ((hit = set_find(&set, text + i, l)) && !only_inside_public(text, hit, pub, npub) &&
                !found[0])
                snprintf(found, sizeof found, "%s", hit);
        }
    }
    ms_free(set.slot);
    ms_free(text);
    arena_free(&ar);
    return found[0] ? found : NULL;
}

static void no_personal_data(struct fx *f, const char *out, size_t len, const char *what)
{
    const char *hit = personal_data(f, out, len);
    if (hit)
        fail_msg("%s holds personal data: %s", what, hit);
}

static void test_public_results(void **state)
{
    struct fx *f = *state;
    json_t *j = NULL;
    char *bytes = NULL, *text;
    size_t len = 0;
    ms_err err = {0};
    struct report_summary *r;
    arena ar = ARENA_INIT;

    /* the scan finds a contact that is there */
    {
        int n;
        const char **c = rows(
            f->db, &ar, "SELECT contact_phone FROM units WHERE contact_phone IS NOT NULL", 1, &n);
        char *probe;
        assert_true(n > 0);
        probe = arena_printf(&ar, "{\"x\":\"电话 %s\"}", c[0]);
        assert_non_null(personal_data(f, probe, strlen(probe)));
    }
    r = arena_alloc(&ar, sizeof *r);
    assert_int_equal(report_summary(f->db, &f->sys, f->campaign, 0, &ar, r, &err), MS_OK);
    assert_int_equal(report_public_json(f->db, f->campaign, 1, 0, &j, &err), MS_OK);
    /* every completed inspection is published, nothing else */
    assert_int_equal(json_integer_value(json_object_get(j, "total")), r->s.completed);
    text = json_dumps(j, JSON_COMPACT);
    no_personal_data(f, text, strlen(text), "public JSON");
    free(text);
    json_decref(j);
    assert_int_equal(report_public_bytes(f->db, f->campaign, REPORT_CSV, NULL, &bytes, &len, &err),
                     MS_OK);
    no_personal_data(f, bytes, len, "public CSV");
    ms_free(bytes);
    assert_int_equal(report_public_bytes(f->db, f->campaign, REPORT_ATOM, "/x", &bytes, &len, &err),
                     MS_OK);
    assert_non_null(strstr(bytes, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    no_personal_data(f, bytes, len, "public Atom");
    ms_free(bytes);
    assert_int_equal(report_public_json(f->db, 999999, 1, 10, &j, &err), MS_ENOTFOUND);
    assert_string_equal(err.field, "campaign_id");
    arena_free(&ar);
}

static void test_outputs(void **state)
{
    struct fx *f = *state;
    struct report_summary *r;
    arena ar = ARENA_INIT;
    ms_err err = {0};
    char *bytes = NULL;
    size_t len = 0;
    int n;
    const char **ids;
    FILE *fp = tmpfile();

    r = arena_alloc(&ar, sizeof *r);
    assert_int_equal(report_summary(f->db, &f->sys, f->campaign, 0, &ar, r, &err), MS_OK);
    assert_int_equal(report_summary_pdf(r, &bytes, &len, &err), MS_OK);
    assert_true(len > 10000 && memcmp(bytes, "%PDF-", 5) == 0);
    ms_free(bytes);
    assert_int_equal(report_summary_xlsx(f->db, r, fp, &err), MS_OK);
    assert_true(ftell(fp) > 10000);
    fclose(fp);
    ids = rows(f->db, &ar,
               "SELECT min(id) FROM inspections WHERE status = 'completed' AND kind = 'standard'",
               1, &n);
    assert_int_equal(report_form_pdf(f->db, &f->sys, num(ids[0]), &bytes, &len, &err), MS_OK);
    assert_true(len > 10000 && memcmp(bytes, "%PDF-", 5) == 0);
    ms_free(bytes);
    assert_int_equal(report_form_pdf(f->db, &f->sys, 999999, &bytes, &len, &err), MS_ENOTFOUND);
    arena_free(&ar);
}

/* Nothing of the summary is kept between requests: after writes to every
 * table it reads (a unit closed, a standard sealed, a draw voided, an
 * inspection completed, an answer changed, a finding accepted) it still
 * reconciles with the rows, and the figures moved by what was written. */
static void exec_ok(struct fx *f, const char *sql)
{
    ms_err err = {0};
    if (store_exec(f->db, sql, &err) != MS_OK)
        fail_msg("%s: %s %s", sql, err.key, err.arg);
}

static void test_reconcile_after_writes(void **state)
{
    struct fx *f = *state;
    struct report_summary *before, *after;
    arena ar = ARENA_INIT;
    ms_err err = {0};
    const char **v;
    char sql[1024];
    int n;

    before = arena_alloc(&ar, sizeof *before);
    after = arena_alloc(&ar, sizeof *after);
    assert_int_equal(report_summary(f->db, &f->sys, f->campaign, 0, &ar, before, &err), MS_OK);
    /* a unit with active standards in scope closes; another one's standard is sealed */
    snprintf(sql, sizeof sql,
             "SELECT s.unit_id, min(s.id) FROM standards s JOIN units u ON u.id = s.unit_id"
             " JOIN authorities a ON a.id = s.cert_authority_id WHERE s.status = 'active'"
             " AND u.status = 'active' AND a.path LIKE '%s%%'"
             " GROUP BY s.unit_id ORDER BY s.unit_id LIMIT 2",
             f->province_path);
    v = rows(f->db, &ar, sql, 2, &n);
    assert_int_equal(n, 2);
    snprintf(sql, sizeof sql, "UPDATE units SET status = 'closed' WHERE id = %s", COL(v, 2, 0, 0));
    exec_ok(f, sql);
    snprintf(sql, sizeof sql, "UPDATE standards SET status = 'sealed' WHERE id = %s",
             COL(v, 2, 1, 1));
    exec_ok(f, sql);
    /* an active draw of units is voided (its inspections stay) */
    snprintf(sql, sizeof sql,
             "UPDATE draws SET status = 'void', void_reason = 'test' WHERE id = (SELECT min(d.id)"
             " FROM draws d WHERE d.campaign_id = %lld AND d.kind = 'units' AND d.status ="
             " 'active' AND EXISTS (SELECT 1 FROM inspections i WHERE i.draw_id = d.id))",
             (long long)f->campaign);
    exec_ok(f, sql);
    /* a planned inspection without answers is completed as a pass */
    snprintf(sql, sizeof sql,
             "UPDATE inspections SET status = 'completed', conclusion = 'pass', completed_at ="
             " '2021-09-01T00:00:00Z' WHERE id = (SELECT min(i.id) FROM inspections i WHERE"
             " i.campaign_id = %lld AND i.status = 'planned' AND NOT EXISTS (SELECT 1 FROM"
             " inspection_results r WHERE r.inspection_id = i.id))",
             (long long)f->campaign);
    exec_ok(f, sql);
    /* a conforming answer of a completed inspection becomes not applicable */
    snprintf(sql, sizeof sql,
             "UPDATE inspection_results SET verdict = 'na' WHERE (inspection_id, item_no) IN"
             " (SELECT r.inspection_id, r.item_no FROM inspection_results r JOIN inspections i"
             " ON i.id = r.inspection_id WHERE i.campaign_id = %lld AND i.status = 'completed'"
             " AND r.verdict = 'conform' ORDER BY r.inspection_id, r.item_no LIMIT 1)",
             (long long)f->campaign);
    exec_ok(f, sql);
    /* an open finding is accepted */
    snprintf(sql, sizeof sql,
             "UPDATE findings SET status = 'accepted' WHERE id = (SELECT min(id) FROM findings"
             " WHERE campaign_id = %lld AND status = 'open')",
             (long long)f->campaign);
    exec_ok(f, sql);

    reconcile(f, &f->sys, 0, f->province_path);
    assert_int_equal(report_summary(f->db, &f->sys, f->campaign, 0, &ar, after, &err), MS_OK);
    assert_true(after->s.units < before->s.units);
    assert_true(after->s.standards < before->s.standards - 1);
    assert_true(after->s.draws_units == before->s.draws_units - 1);
    assert_true(after->s.selected_units < before->s.selected_units);
    assert_int_equal(after->s.completed, before->s.completed + 1);
    assert_int_equal(after->s.pass, before->s.pass + 1);
    assert_int_equal(after->s.f_open, before->s.f_open - 1);
    assert_int_equal(after->s.f_accepted, before->s.f_accepted + 1);
    {
        int64_t na_before = 0, na_after = 0;
        for (int k = 0; k < before->s.nitems; k++)
            na_before += before->s.items[k].na;
        for (int k = 0; k < after->s.nitems; k++)
            na_after += after->s.items[k].na;
        assert_int_equal(na_after, na_before + 1);
    }
    arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reconcile_province),
        cmocka_unit_test(test_reconcile_city),
        cmocka_unit_test(test_jurisdiction),
        cmocka_unit_test(test_public_results),
        cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_reconcile_after_writes), /* last: it writes */
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
