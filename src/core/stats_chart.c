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
    double cl, sigma, inv;
    uint16_t *marks;
    struct stats_violation *v;
    size_t cap, count;
    int chart;
    size_t last_to[9], slot[9];
    int open[9];
};

static double zof(const struct scan *s, size_t i)
{
    return (s->y[i] - s->cl) * s->inv;
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

/* Bits set in a 5-bit value (no popcount instruction in the baseline ISA). */
static const unsigned char ones5[32] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                        1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5};

#define ALL(h, n) (((h) & ((1u << (n)) - 1)) == ((1u << (n)) - 1))

/* One pass, no data-dependent branch but the (rare) "some rule fired": each
 * condition is a bit history (bit j = the condition at point i - j), so a
 * run of k is "the low k bits set" and "k of w" a popcount. */
static size_t scan_rules(const double *y, size_t n, double cl, double sigma,
                         enum stats_rule_set set, unsigned mask, int chart, uint16_t *marks,
                         struct stats_violation *v, size_t cap)
{
    struct scan s;
    uint32_t pos = 0, neg = 0; /* above / below the centre line */
    uint32_t p1 = 0, n1 = 0;   /* beyond +1 / -1 sigma */
    uint32_t p2 = 0, n2 = 0;   /* beyond +2 / -2 sigma */
    uint32_t inc = 0;          /* within 1 sigma */
    uint32_t up = 0, down = 0; /* y[i] > y[i-1] / y[i] < y[i-1] */
    int gb = set == STATS_RULES_GB;
    int run_len = gb ? 9 : 8, run_rule = gb ? 2 : 4, r23 = gb ? 5 : 2, r45 = gb ? 6 : 3;

    memset(&s, 0, sizeof s);
    s.y = y, s.cl = cl, s.sigma = sigma, s.marks = marks, s.v = v, s.cap = cap, s.chart = chart;
    s.inv = 1.0 / sigma;
    if (marks)
        memset(marks, 0, n * sizeof *marks);

    for (size_t i = 0; i < n; i++) {
        double z = (y[i] - cl) * s.inv, a = fabs(z);
        unsigned hit;

        pos = pos << 1 | (z > 0), neg = neg << 1 | (z < 0);
        p1 = p1 << 1 | (z > 1.0), n1 = n1 << 1 | (z < -1.0);
        p2 = p2 << 1 | (z > 2.0), n2 = n2 << 1 | (z < -2.0);
        inc = inc << 1 | (a < 1.0);
        up = up << 1 | (i > 0 && y[i] > y[i - 1]);
        down = down << 1 | (i > 0 && y[i] < y[i - 1]);

        hit = (unsigned)(a > 3.0);                                                  /* 1 */
        hit |= (unsigned)(ALL(pos, run_len) | ALL(neg, run_len)) << (run_rule - 1); /* 2 | WE4 */
        hit |= (unsigned)((p2 & 1) & (ones5[p2 & 7u] >= 2)) << (r23 - 1);
        hit |= (unsigned)((n2 & 1) & (ones5[n2 & 7u] >= 2)) << (r23 - 1);
        hit |= (unsigned)((p1 & 1) & (ones5[p1 & 31u] >= 4)) << (r45 - 1);
        hit |= (unsigned)((n1 & 1) & (ones5[n1 & 31u] >= 4)) << (r45 - 1);
        if (gb) {
            uint32_t m13 = (1u << 13) - 1, u = up & m13;
            hit |= (unsigned)(ALL(up, 5) | ALL(down, 5)) << 2;                           /* 3 */
            hit |= (unsigned)(ALL(up | down, 13) & (u == 0x1555u || u == 0x0aaau)) << 3; /* 4 */
            hit |= (unsigned)ALL(inc, 15) << 6;                                          /* 7 */
            hit |= (unsigned)(ALL(p1 | n1, 8) & ((p1 & 0xffu) != 0) & ((n1 & 0xffu) != 0)) << 7;
        }
        hit &= mask;
        if (!hit)
            continue;
        if (hit & 1u)
            fire(&s, 1, i, i, NULL, 0);
        if (hit & (1u << (run_rule - 1)))
            fire(&s, run_rule, i + 1 - (size_t)run_len, i, NULL, 0);
        if (hit & (1u << (r23 - 1))) {
            size_t from = i >= 2 ? i - 2 : 0;
            if ((p2 & 1) && ones5[p2 & 7u] >= 2)
                fire(&s, r23, from, i, beyond2, 1);
            if ((n2 & 1) && ones5[n2 & 7u] >= 2)
                fire(&s, r23, from, i, beyond2, -1);
        }
        if (hit & (1u << (r45 - 1))) {
            size_t from = i >= 4 ? i - 4 : 0;
            if ((p1 & 1) && ones5[p1 & 31u] >= 4)
                fire(&s, r45, from, i, beyond1, 1);
            if ((n1 & 1) && ones5[n1 & 31u] >= 4)
                fire(&s, r45, from, i, beyond1, -1);
        }
        if (!gb)
            continue; /* bits 3 and 4 are Western Electric's 4 of 5 and 8 in a row */
        if (hit & 4u)
            fire(&s, 3, i - 5, i, NULL, 0);
        if (hit & 8u)
            fire(&s, 4, i - 13, i, NULL, 0);
        if (hit & 64u)
            fire(&s, 7, i - 14, i, NULL, 0);
        if (hit & 128u)
            fire(&s, 8, i - 7, i, NULL, 0);
    }
    return s.count;
}

size_t stats_rules_scan(const double *y, size_t n, double cl, double sigma, enum stats_rule_set set,
                        int chart, uint16_t *marks, struct stats_violation *v, size_t cap)
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
