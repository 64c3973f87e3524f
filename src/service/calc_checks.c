/* calc_checks.c - the calculators of JJF 1033 (repeatability, stability,
 * verification of results) and the Shewhart control charts, JSON over
 * core/stats (see calc.h; helpers in calc_int.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/stats.h"
#include "service/calc.h"
#include "service/calc_int.h"

/* ---------------------------------------- repeatability, stability */

/* s <= s0 pass; s > s0 questionable (re-evaluate the uncertainty with s),
 * unless "meets_needs" says how that re-evaluation ended: true -> pass (s
 * becomes the new baseline), false -> fail (JJF 1033 C.1). */
int calc_do_repeat(struct cx *c, json_t *d, json_t *o)
{
    double *x, s0;
    size_t n;
    struct stats_repeat r;
    json_t *meets = json_object_get(d, "meets_needs");
    int rc;
    const char *verdict;

    calc_sets(o, "method", "jjf1033_repeatability");
    if ((rc = calc_num_array(c, json_object_get(d, "values"), "values", &x, &n)) ||
        (rc = calc_num(c, d, "s0", "s0", 1, &s0, NULL)) ||
        (rc = stats_repeatability(x, n, s0, &r, c->err)))
        return rc;
    if (meets && !json_is_null(meets) && !json_is_boolean(meets))
        return ms_fail(c->err, MS_EINVAL, "meets_needs", "invalid_type", "boolean");
    verdict = r.within ? "pass" : "questionable";
    if (!r.within && json_is_boolean(meets))
        verdict = json_is_true(meets) ? "pass" : "fail";
    json_object_set_new(o, "n", json_integer((json_int_t)r.n));
    calc_setr(c, o, "mean", r.mean);
    calc_setr(c, o, "s", r.s);
    calc_setr(c, o, "s0", r.s0);
    json_object_set_new(o, "within_baseline", json_boolean(r.within));
    json_object_set_new(o, "reevaluate", json_boolean(!r.within));
    calc_sets(o, "verdict", verdict);
    return MS_OK;
}

int calc_do_stability(struct cx *c, json_t *d, json_t *o)
{
    static const char *const modes[] = {"groups", "yearly", NULL};
    json_t *groups = json_object_get(d, "groups");
    double *means, lim, U, k;
    size_t m;
    int rc, has_mpe, has_u;
    const char *mode;
    struct stats_stab s;

    calc_sets(o, "method", "jjf1033_stability");
    if ((rc = calc_choice(c, d, "mode", modes, &mode)))
        return rc;
    if (groups && !json_is_null(groups)) {
        char f[64];
        if (!json_is_array(groups))
            return ms_fail(c->err, MS_EINVAL, "groups", "invalid_type", "array of arrays");
        m = json_array_size(groups);
        means = arena_alloc(c->ar, (m ? m : 1) * sizeof *means);
        if (!means)
            return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        for (size_t i = 0; i < m; i++) {
            double *g;
            size_t gn;
            snprintf(f, sizeof f, "groups[%zu]", i);
            if ((rc = calc_num_array(c, json_array_get(groups, i), f, &g, &gn)) ||
                (rc = stats_mean(g, gn, f, &means[i], c->err)))
                return rc;
        }
        if ((rc = stats_check(means, m, strcmp(mode, "groups") == 0 ? 4 : 2, "groups", c->err)))
            return rc;
    } else if ((rc = calc_num_array(c, json_object_get(d, "means"), "means", &means, &m)))
        return rc;
    if ((rc = calc_num(c, d, "mpe", "mpe", 0, &lim, &has_mpe)) ||
        (rc = calc_num(c, d, "U", "U", 0, &U, &has_u)) || (rc = calc_kfac(c, d, "k", "k", &k)))
        return rc;
    if (!has_mpe && !has_u)
        return ms_fail(c->err, MS_EINVAL, "mpe", "required", NULL);
    if (has_mpe)
        lim = fabs(lim);
    else
        lim = stats_k2(U, k);
    if ((rc = stats_stability(means, m,
                              strcmp(mode, "groups") == 0 ? STATS_STAB_GROUPS : STATS_STAB_YEARLY,
                              lim, &s, c->err)))
        return strcmp(c->err->field, "limit") == 0 ? calc_refield(c->err, rc, has_mpe ? "mpe" : "U")
                                                   : rc;
    calc_sets(o, "mode", mode);
    json_object_set_new(o, "means", calc_reals(c, means, m));
    calc_setr(c, o, "value", s.value);
    if (strcmp(mode, "yearly") == 0)
        calc_setr(c, o, "max_adjacent", s.max_adjacent);
    calc_setr(c, o, "limit", s.limit);
    calc_sets(o, "limit_kind", has_mpe ? "mpe" : "U");
    calc_sets(o, "verdict", s.within ? "pass" : "fail");
    return MS_OK;
}

/* ------------------------------------------------------------ verification */

int calc_do_verification(struct cx *c, json_t *d, json_t *o)
{
    static const char *const methods[] = {"transfer", "comparison", NULL};
    const char *method;
    int rc;

    if ((rc = calc_choice(c, d, "method", methods, &method)))
        return rc;
    if (strcmp(method, "transfer") == 0) {
        double y, U, k, y0, U0, k0;
        struct stats_transfer t;
        calc_sets(o, "method", "jjf1033_transfer");
        if ((rc = calc_num(c, d, "y", "y", 1, &y, NULL)) ||
            (rc = calc_num(c, d, "U", "U", 1, &U, NULL)) || (rc = calc_kfac(c, d, "k", "k", &k)) ||
            (rc = calc_num(c, d, "y_ref", "y_ref", 1, &y0, NULL)) ||
            (rc = calc_num(c, d, "U_ref", "U_ref", 1, &U0, NULL)) ||
            (rc = calc_kfac(c, d, "k_ref", "k_ref", &k0)) ||
            (rc = stats_check_positive(U, 1, "U", c->err)) ||
            (rc = stats_check_positive(U0, 1, "U_ref", c->err)) ||
            (rc = stats_transfer(y, stats_k2(U, k), y0, stats_k2(U0, k0), &t, c->err)))
            return rc;
        calc_setr(c, o, "diff", t.diff);
        calc_setr(c, o, "limit", t.limit);
        calc_setr(c, o, "en", t.en);
        calc_sets(o, "verdict", t.within ? "pass" : "fail");
    } else {
        struct lab *labs;
        size_t n;
        long lab;
        double *y, *U, *diff, *lim, mean;
        unsigned char *ok;
        json_t *out = json_array();
        int fail = 0;
        calc_sets(o, "method", "jjf1033_comparison");
        json_object_set_new(o, "labs", out);
        if ((rc = calc_read_labs(c, d, "y", 2, &labs, &n)) || (rc = calc_lab_index(c, d, n, &lab)))
            return rc;
        y = arena_alloc(c->ar, n * sizeof *y);
        U = arena_alloc(c->ar, n * sizeof *U);
        diff = arena_alloc(c->ar, n * sizeof *diff);
        lim = arena_alloc(c->ar, n * sizeof *lim);
        ok = arena_alloc(c->ar, n);
        if (!y || !U || !diff || !lim || !ok)
            return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        for (size_t i = 0; i < n; i++)
            y[i] = labs[i].x, U[i] = labs[i].U;
        if ((rc = stats_compare(y, U, n, &mean, diff, lim, ok, c->err)))
            return rc;
        calc_setr(c, o, "mean", mean);
        calc_setr(c, o, "factor", sqrt((double)(n - 1) / (double)n));
        for (size_t i = 0; i < n; i++) {
            json_t *l = json_object();
            json_object_set_new(l, "index", json_integer((json_int_t)i));
            calc_copy_id(l, json_array_get(json_object_get(d, "labs"), i));
            calc_setr(c, l, "y", y[i]);
            calc_setr(c, l, "U", U[i]);
            calc_setr(c, l, "diff", diff[i]);
            calc_setr(c, l, "limit", lim[i]);
            json_object_set_new(l, "pass", json_boolean(ok[i]));
            json_array_append_new(out, l);
            if (!ok[i] && (lab < 0 || (size_t)lab == i))
                fail = 1;
        }
        json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
        calc_sets(o, "verdict", fail ? "fail" : "pass");
    }
    return MS_OK;
}

/* ------------------------------------------------------------ control chart */

static json_t *series_json(struct cx *c, const char *name, const struct stats_limits *l,
                           const double *y, const uint16_t *marks, size_t first, size_t m)
{
    json_t *o = json_object(), *pts = json_array(), *zones = json_object();

    calc_sets(o, "name", name);
    calc_setr(c, o, "cl", l->cl);
    calc_setr(c, o, "ucl", l->ucl);
    calc_setr(c, o, "lcl", l->lcl);
    calc_setr(c, o, "sigma", l->sigma);
    calc_setr(c, zones, "plus1", l->cl + l->sigma);
    calc_setr(c, zones, "minus1", l->cl - l->sigma);
    calc_setr(c, zones, "plus2", l->cl + 2 * l->sigma);
    calc_setr(c, zones, "minus2", l->cl - 2 * l->sigma);
    json_object_set_new(o, "zones", zones);
    for (size_t i = first; i < m; i++) {
        json_t *p = json_object(), *r = json_array();
        json_object_set_new(p, "index", json_integer((json_int_t)i));
        calc_setr(c, p, "value", y[i]);
        for (int b = 0; b < 8; b++)
            if (marks[i] & (1u << b))
                json_array_append_new(r, json_integer(b + 1));
        json_object_set_new(p, "rules", r);
        json_array_append_new(pts, p);
    }
    json_object_set_new(o, "points", pts);
    return o;
}

#define CHART_MAX_POINTS 100000

int calc_do_chart(struct cx *c, json_t *d, json_t *o)
{
    static const char *const charts[] = {"auto", "xbar-r", "xbar-s", "i-mr", NULL};
    static const char *const sets_[] = {"gbt4091", "western_electric", NULL};
    const char *chart, *rs;
    json_t *sub = json_object_get(d, "subgroups"), *vio;
    double *data = NULL, *loc, *disp;
    uint16_t *lm, *dm;
    struct stats_violation *v;
    struct stats_chart ch;
    size_t m = 0, cap;
    int n = 0, rc;
    enum stats_chart_kind kind;
    enum stats_rule_set set;

    if ((rc = calc_choice(c, d, "chart", charts, &chart)) ||
        (rc = calc_choice(c, d, "rules", sets_, &rs)))
        return rc;
    set = strcmp(rs, "western_electric") == 0 ? STATS_RULES_WE : STATS_RULES_GB;
    if (strcmp(chart, "auto") == 0)
        chart = sub && !json_is_null(sub) ? "xbar-r" : "i-mr";
    kind = strcmp(chart, "xbar-r") == 0 ? STATS_XBAR_R
                                        : (strcmp(chart, "xbar-s") == 0 ? STATS_XBAR_S : STATS_IMR);
    if (kind == STATS_IMR) {
        if ((rc = calc_num_array(c, json_object_get(d, "values"), "values", &data, &m)))
            return rc;
        n = 1;
    } else {
        char f[64];
        if (!sub || json_is_null(sub))
            return ms_fail(c->err, MS_EINVAL, "subgroups", "required", NULL);
        if (!json_is_array(sub))
            return ms_fail(c->err, MS_EINVAL, "subgroups", "invalid_type", "array of arrays");
        m = json_array_size(sub);
        if (m > CHART_MAX_POINTS)
            return ms_failf(c->err, MS_EINVAL, "subgroups", "stats_too_many", "%d",
                            CHART_MAX_POINTS);
        for (size_t i = 0; i < m; i++) {
            json_t *g = json_array_get(sub, i);
            double *gv;
            size_t gn;
            snprintf(f, sizeof f, "subgroups[%zu]", i);
            if ((rc = calc_num_array(c, g, f, &gv, &gn)))
                return rc;
            if (i == 0) {
                if (gn < 2 || gn > (kind == STATS_XBAR_R ? 10 : STATS_CHART_MAX_N))
                    return ms_failf(c->err, MS_EINVAL, f, "stats_subgroup_size", "2..%d",
                                    kind == STATS_XBAR_R ? 10 : STATS_CHART_MAX_N);
                n = (int)gn;
                data = arena_alloc(c->ar, m * gn * sizeof *data);
                if (!data)
                    return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
            } else if (gn != (size_t)n)
                return ms_fail(c->err, MS_EINVAL, f, "stats_subgroup_ragged", NULL);
            memcpy(data + i * (size_t)n, gv, gn * sizeof *gv);
        }
    }
    if (m > CHART_MAX_POINTS)
        return ms_failf(c->err, MS_EINVAL, "values", "stats_too_many", "%d", CHART_MAX_POINTS);
    cap = 64; /* enough for a chart in control; else a second run sizes it exactly */
    loc = arena_alloc(c->ar, (m + 1) * sizeof *loc);
    disp = arena_alloc(c->ar, (m + 1) * sizeof *disp);
    lm = arena_alloc(c->ar, (m + 1) * sizeof *lm);
    dm = arena_alloc(c->ar, (m + 1) * sizeof *dm);
    v = arena_alloc(c->ar, cap * sizeof *v);
    if (!loc || !disp || !lm || !dm || !v)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if ((rc = stats_chart(kind, data, m, n, set, loc, disp, lm, dm, v, cap, &ch, c->err)))
        return rc;
    if (ch.n_violations > cap) {
        cap = ch.n_violations;
        if (!(v = arena_alloc(c->ar, cap * sizeof *v)))
            return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        stats_chart(kind, data, m, n, set, loc, disp, lm, dm, v, cap, &ch, c->err);
    }
    calc_sets(o, "method", "shewhart");
    calc_sets(o, "chart", chart);
    calc_sets(o, "rule_set", rs);
    json_object_set_new(o, "subgroup_size", json_integer(n));
    json_object_set_new(o, "location",
                        series_json(c, kind == STATS_IMR ? "i" : "xbar", &ch.loc, loc, lm, 0, m));
    json_object_set_new(
        o, "dispersion",
        series_json(c, kind == STATS_XBAR_R ? "r" : (kind == STATS_XBAR_S ? "s" : "mr"), &ch.disp,
                    disp, dm, kind == STATS_IMR ? 1 : 0, m));
    vio = json_array();
    for (size_t i = 0; i < ch.n_violations_kept; i++) {
        json_t *x = json_object(), *pts = json_array();
        const uint16_t *mk = v[i].chart ? dm : lm;
        json_object_set_new(x, "rule", json_integer(v[i].rule));
        calc_sets(x, "name", stats_rule_name(v[i].chart ? set : set, v[i].rule));
        calc_sets(x, "chart", v[i].chart ? "dispersion" : "location");
        json_object_set_new(x, "from", json_integer((json_int_t)v[i].from));
        json_object_set_new(x, "to", json_integer((json_int_t)v[i].to));
        for (size_t j = v[i].from; j <= v[i].to; j++)
            if (mk[j] & (1u << (v[i].rule - 1)))
                json_array_append_new(pts, json_integer((json_int_t)j));
        json_object_set_new(x, "points", pts);
        json_array_append_new(vio, x);
    }
    json_object_set_new(o, "violations", vio);
    calc_sets(o, "verdict", ch.n_violations ? "fail" : "pass");
    return MS_OK;
}
