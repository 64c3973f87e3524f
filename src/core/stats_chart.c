/* stats_chart.c - Shewhart control charts (X-bar/R, X-bar/s, I-MR), their
 * constants and the special-cause rules (GB/T 4091-2001 = Nelson 1-8, or
 * Western Electric 1-4). See stats.h for the contract.
 *
 * Zones: z = (y - CL) / sigma. "Beyond" is strict: a point exactly on 3
 * sigma is not beyond it; "within zone C" is |z| < 1; a point exactly on the
 * centre line is on neither side (it ends a same-side run); two equal
 * successive points end a trend and an alternation. */
#include "core/stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* d2, d3 of the range of n standard normal values, n = 2..10 (6 digits;
 * checked against numerical integration by test_stats.c). */
static const double d2_tab[] = {1.128379, 1.692569, 2.058751, 2.325929, 2.534413,
                                2.704357, 2.847201, 2.970026, 3.077505};
static const double d3_tab[] = {0.852502, 0.888368, 0.879808, 0.864082, 0.848040,
                                0.833205, 0.819831, 0.807834, 0.797051};

double stats_d2(int n)
{
    return n >= 2 && n <= 10 ? d2_tab[n - 2] : 0;
}

double stats_d3(int n)
{
    return n >= 2 && n <= 10 ? d3_tab[n - 2] : 0;
}

double stats_c4(int n)
{
    if (n < 2)
        return 0;
    return sqrt(2.0 / (n - 1)) * exp(lgamma(n / 2.0) - lgamma((n - 1) / 2.0));
}

void stats_chart_consts(int n, struct stats_chart_consts *o)
{
    double c4 = stats_c4(n), r = c4 > 0 ? 3.0 * sqrt(1.0 - c4 * c4) / c4 : 0;

    memset(o, 0, sizeof *o);
    o->d2 = stats_d2(n);
    o->d3 = stats_d3(n);
    if (o->d2 > 0) {
        o->A2 = 3.0 / (o->d2 * sqrt(n));
        o->D3 = fmax(0.0, 1.0 - 3.0 * o->d3 / o->d2);
        o->D4 = 1.0 + 3.0 * o->d3 / o->d2;
    }
    if (c4 > 0) {
        o->c4 = c4;
        o->A3 = 3.0 / (c4 * sqrt(n));
        o->B3 = fmax(0.0, 1.0 - r);
        o->B4 = 1.0 + r;
    }
}

/* ---------------------------------------------------------------- rules */

static const char *const gb_names[] = {
    "1 point beyond 3 sigma",
    "9 points in a row on one side of the centre line",
    "6 points in a row steadily increasing or decreasing",
    "14 points in a row alternating up and down",
    "2 of 3 points beyond 2 sigma on one side",
    "4 of 5 points beyond 1 sigma on one side",
    "15 points in a row within 1 sigma",
    "8 points in a row beyond 1 sigma on both sides",
};
static const char *const we_names[] = {
    "1 point beyond 3 sigma",
    "2 of 3 points beyond 2 sigma on one side",
    "4 of 5 points beyond 1 sigma on one side",
    "8 points in a row on one side of the centre line",
};

int stats_rule_count(enum stats_rule_set set)
{
    return set == STATS_RULES_WE ? 4 : 8;
}

const char *stats_rule_name(enum stats_rule_set set, int rule)
{
    if (rule < 1 || rule > stats_rule_count(set))
        return "";
    return set == STATS_RULES_WE ? we_names[rule - 1] : gb_names[rule - 1];
}

struct scan {
    const double *y;
    double cl, sigma;
    uint16_t *marks;
    struct stats_violation *v;
    size_t cap, count;
    int chart;
    size_t last_to[9], slot[9];
    int open[9];
};

static double zof(const struct scan *s, size_t i)
{
    return (s->y[i] - s->cl) / s->sigma;
}

/* Rule RULE fired on the window [from, to]; mark the points for which
 * PICK(z) holds (NULL = every point of the window). */
static void fire(struct scan *s, int rule, size_t from, size_t to, int (*pick)(double z, int side),
                 int side)
{
    if (s->marks)
        for (size_t j = from; j <= to; j++)
            if (!pick || pick(zof(s, j), side))
                s->marks[j] |= (uint16_t)(1u << (rule - 1));
    if (s->open[rule] && from <= s->last_to[rule]) {
        s->last_to[rule] = to;
        if (s->slot[rule] < s->cap)
            s->v[s->slot[rule]].to = to;
        return;
    }
    s->open[rule] = 1;
    s->last_to[rule] = to;
    s->slot[rule] = s->count;
    if (s->count < s->cap)
        s->v[s->count] = (struct stats_violation){rule, s->chart, from, to};
    s->count++;
}

static int beyond2(double z, int side)
{
    return side * z > 2.0;
}

static int beyond1(double z, int side)
{
    return side * z > 1.0;
}

/* Count points of [from, to] with side * z > LIM. */
static int count_beyond(const struct scan *s, size_t from, size_t to, int side, double lim)
{
    int c = 0;

    for (size_t j = from; j <= to; j++)
        c += side * zof(s, j) > lim;
    return c;
}

/* "k of w beyond LIM on one side" at point i. */
static void k_of_w(struct scan *s, int rule, size_t i, int k, size_t w, double lim)
{
    size_t from = i + 1 >= w ? i + 1 - w : 0;

    for (int side = 1; side >= -1; side -= 2) {
        /* only windows that end on a qualifying point, so that a window
         * sliding past its points does not fire again */
        if (side * zof(s, i) > lim && count_beyond(s, from, i, side, lim) >= k)
            fire(s, rule, from, i, lim > 1.5 ? beyond2 : beyond1, side);
    }
}

static size_t scan_rules(const double *y, size_t n, double cl, double sigma,
                         enum stats_rule_set set, unsigned mask, int chart, uint16_t *marks,
                         struct stats_violation *v, size_t cap)
{
    struct scan s;
    size_t side_run = 0, trend_run = 1, alt_run = 1, in_c = 0, out_c = 0;
    int side = 0, dir = 0;
    ptrdiff_t last_pos = -100, last_neg = -100;
    int same_side_len = set == STATS_RULES_WE ? 8 : 9, same_side_rule = set == STATS_RULES_WE ? 4 : 2;
    int r_23 = set == STATS_RULES_WE ? 2 : 5, r_45 = set == STATS_RULES_WE ? 3 : 6;

    memset(&s, 0, sizeof s);
    s.y = y, s.cl = cl, s.sigma = sigma, s.marks = marks, s.v = v, s.cap = cap, s.chart = chart;
    if (marks)
        memset(marks, 0, n * sizeof *marks);
    for (size_t i = 0; i < n; i++) {
        double z = (y[i] - cl) / sigma;
        int sd = z > 0 ? 1 : (z < 0 ? -1 : 0);

        /* rule 1: beyond 3 sigma */
        if ((mask & 1u) && fabs(z) > 3.0)
            fire(&s, 1, i, i, NULL, 0);
        /* same side of the centre line */
        side_run = sd != 0 && sd == side ? side_run + 1 : (sd != 0);
        side = sd;
        if ((mask & (1u << (same_side_rule - 1))) && side_run >= (size_t)same_side_len)
            fire(&s, same_side_rule, i + 1 - same_side_len, i, NULL, 0);
        if (i > 0) {
            int d = y[i] > y[i - 1] ? 1 : (y[i] < y[i - 1] ? -1 : 0);
            /* trend: points in the current strictly monotone run */
            trend_run = d != 0 && d == dir ? trend_run + 1 : (d != 0 ? 2 : 1);
            /* alternation: points in the current up-down-up... run */
            alt_run = d != 0 && dir != 0 && d == -dir ? alt_run + 1 : (d != 0 ? 2 : 1);
            dir = d;
            if (set == STATS_RULES_GB && (mask & 4u) && trend_run >= 6)
                fire(&s, 3, i - 5, i, NULL, 0);
            if (set == STATS_RULES_GB && (mask & 8u) && alt_run >= 14)
                fire(&s, 4, i - 13, i, NULL, 0);
        }
        if (mask & (1u << (r_23 - 1)))
            k_of_w(&s, r_23, i, 2, 3, 2.0);
        if (mask & (1u << (r_45 - 1)))
            k_of_w(&s, r_45, i, 4, 5, 1.0);
        if (set == STATS_RULES_GB) {
            in_c = fabs(z) < 1.0 ? in_c + 1 : 0;
            out_c = fabs(z) > 1.0 ? out_c + 1 : 0;
            if (z > 1.0)
                last_pos = (ptrdiff_t)i;
            if (z < -1.0)
                last_neg = (ptrdiff_t)i;
            if ((mask & 64u) && in_c >= 15)
                fire(&s, 7, i - 14, i, NULL, 0);
            if ((mask & 128u) && out_c >= 8 && last_pos >= (ptrdiff_t)i - 7 &&
                last_neg >= (ptrdiff_t)i - 7)
                fire(&s, 8, i - 7, i, NULL, 0);
        }
    }
    return s.count;
}

size_t stats_rules_scan(const double *y, size_t n, double cl, double sigma,
                        enum stats_rule_set set, int chart, uint16_t *marks,
                        struct stats_violation *v, size_t cap)
{
    return scan_rules(y, n, cl, sigma, set, 0xffu, chart, marks, v, cap);
}

/* --------------------------------------------------------------- charts */

static void limits(struct stats_limits *l, double cl, double sigma, double lcl_floor)
{
    l->cl = cl;
    l->sigma = sigma;
    l->ucl = cl + 3.0 * sigma;
    l->lcl = cl - 3.0 * sigma;
    if (l->lcl < lcl_floor)
        l->lcl = lcl_floor;
}

int stats_chart(enum stats_chart_kind kind, const double *data, size_t m, int n,
                enum stats_rule_set set, double *loc, double *disp, uint16_t *loc_marks,
                uint16_t *disp_marks, struct stats_violation *v, size_t cap,
                struct stats_chart *out, ms_err *err)
{
    const char *field = kind == STATS_IMR ? "values" : "subgroups";
    struct stats_chart_consts k;
    double xbar, dbar;
    size_t nv, first = 0;
    char f[64];

    if (kind == STATS_IMR)
        n = 1;
    else if (n < 2 || n > (kind == STATS_XBAR_R ? 10 : STATS_CHART_MAX_N))
        return ms_failf(err, MS_EINVAL, field, "stats_subgroup_size", "2..%d",
                        kind == STATS_XBAR_R ? 10 : STATS_CHART_MAX_N);
    if (m < 2 || !data)
        return ms_fail(err, MS_EINVAL, field, "stats_too_few", "2");
    for (size_t i = 0; i < m * (size_t)n; i++)
        if (!isfinite(data[i])) {
            if (kind == STATS_IMR)
                snprintf(f, sizeof f, "values[%zu]", i);
            else
                snprintf(f, sizeof f, "subgroups[%zu][%zu]", i / (size_t)n, i % (size_t)n);
            return ms_fail(err, MS_EINVAL, f, "stats_not_finite", NULL);
        }
    for (size_t i = 0; i < m; i++) {
        const double *g = data + i * (size_t)n;
        if (kind == STATS_IMR) {
            loc[i] = g[0];
            disp[i] = i ? fabs(g[0] - g[-1]) : 0;
        } else if (kind == STATS_XBAR_R) {
            double lo = g[0], hi = g[0];
            for (int j = 1; j < n; j++)
                lo = g[j] < lo ? g[j] : lo, hi = g[j] > hi ? g[j] : hi;
            loc[i] = stats_sum(g, (size_t)n) / n;
            disp[i] = hi - lo;
        } else {
            stats_sd(g, (size_t)n, field, &loc[i], &disp[i], NULL);
        }
    }
    first = kind == STATS_IMR ? 1 : 0;
    xbar = stats_sum(loc, m) / (double)m;
    dbar = stats_sum(disp + first, m - first) / (double)(m - first);
    if (!(dbar > 0) || !isfinite(dbar) || !isfinite(xbar))
        return ms_fail(err, MS_EINVAL, field, "stats_no_variation", NULL);
    stats_chart_consts(kind == STATS_IMR ? 2 : n, &k);
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->n_points = m;
    out->n = n;
    if (kind == STATS_XBAR_S) {
        limits(&out->loc, xbar, dbar / (k.c4 * sqrt(n)), -INFINITY);
        limits(&out->disp, dbar, dbar * sqrt(1.0 - k.c4 * k.c4) / k.c4, 0);
    } else {
        /* I-MR: sigma = MR-bar / d2(2) for the values (n = 1) */
        limits(&out->loc, xbar, dbar / (k.d2 * sqrt(n)), -INFINITY);
        limits(&out->disp, dbar, dbar * k.d3 / k.d2, 0);
    }
    nv = scan_rules(loc, m, out->loc.cl, out->loc.sigma, set, 0xffu, 0, loc_marks, v, cap);
    out->n_violations = nv;
    {
        size_t kept = nv < cap ? nv : cap;
        size_t nv2;
        if (disp_marks)
            disp_marks[0] = 0;
        nv2 = scan_rules(disp + first, m - first, out->disp.cl, out->disp.sigma, set, 1u, 1,
                         disp_marks ? disp_marks + first : NULL, v ? v + kept : NULL, cap - kept);
        /* dispersion indexes count from the first plotted point */
        for (size_t i = 0; i < nv2 && kept + i < cap; i++)
            v[kept + i].from += first, v[kept + i].to += first;
        out->n_violations += nv2;
    }
    out->n_violations_kept = out->n_violations < cap ? out->n_violations : cap;
    return MS_OK;
}
