/* stats.c - descriptive statistics, scores, Grubbs, Algorithm A,
 * repeatability, stability and verification (see stats.h for the contract
 * and the numerics). Control charts and their rules are in stats_chart.c. */
#include "core/stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *stats_class_verdict(enum stats_class c)
{
    switch (c) {
    case STATS_SATISFACTORY: return "pass";
    case STATS_QUESTIONABLE: return "questionable";
    default: return "fail";
    }
}

/* ---------------------------------------------------------- validation */

int stats_check(const double *x, size_t n, size_t min_n, const char *field, ms_err *err)
{
    char f[64];

    if (n < min_n || (n && !x))
        return ms_failf(err, MS_EINVAL, field, "stats_too_few", "%zu", min_n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) {
            snprintf(f, sizeof f, "%s[%zu]", field, i);
            return ms_fail(err, MS_EINVAL, f, "stats_not_finite", NULL);
        }
    return MS_OK;
}

int stats_check_finite(double v, const char *field, ms_err *err)
{
    if (!isfinite(v))
        return ms_fail(err, MS_EINVAL, field, "stats_not_finite", NULL);
    return MS_OK;
}

int stats_check_positive(double v, int zero_ok, const char *field, ms_err *err)
{
    if (!isfinite(v))
        return ms_fail(err, MS_EINVAL, field, "stats_not_finite", NULL);
    if (v < 0 || (!zero_ok && v == 0))
        return ms_fail(err, MS_EINVAL, field, "stats_not_positive", NULL);
    return MS_OK;
}

/* --------------------------------------------------------- descriptive */

/* Knuth's TwoSum step: add X to the lane (S, C), the rounding error of
 * each addition exactly into C (branch-free, unlike Neumaier's compare). */
#define NEUMAIER(s, c, x)                                                                          \
    do {                                                                                           \
        double x_ = (x), t_ = (s) + x_, b_ = t_ - (s);                                             \
        (c) += ((s) - (t_ - b_)) + (x_ - b_);                                                      \
        (s) = t_;                                                                                  \
    } while (0)

/* Kahan's step (for terms of one sign, e.g. squares): same bound, fewer ops. */
#define KAHAN(s, c, x)                                                                             \
    do {                                                                                           \
        double y_ = (x) - (c), t_ = (s) + y_;                                                      \
        (c) = (t_ - (s)) - y_;                                                                     \
        (s) = t_;                                                                                  \
    } while (0)

#define LANES 4

/* LANES independent compensated lanes (the loop-carried chain of a single
 * lane would cost ~3 add latencies per value), folded at the end with
 * TwoSum. Each lane keeps the compensated bound (2 eps sum|x| + O(n eps^2),
 * the bound of Neumaier's variant). SQUARES: sum (x - m)^2 with Kahan lanes
 * (all terms >= 0); else sum x with TwoSum lanes (terms of any sign and
 * size). Values are winsorised to [LO, HI] on the fly (Algorithm A). */
static double lanes_sum(const double *x, size_t n, double m, int squares, double lo, double hi)
{
    double s[LANES] = {0}, c[LANES] = {0}, tot = 0, comp = 0;
    size_t i = 0;

/* the value of x[j] winsorised to [lo, hi] (lo = -inf, hi = inf: as is) */
#define CLAMP(j) (x[j] < lo ? lo : (x[j] > hi ? hi : x[j]))
    if (squares) {
        for (; i + LANES <= n; i += LANES)
            for (int k = 0; k < LANES; k++) {
                double d = CLAMP(i + k) - m;
                KAHAN(s[k], c[k], d * d);
            }
        for (; i < n; i++) {
            double d = CLAMP(i) - m;
            KAHAN(s[0], c[0], d * d);
        }
        for (int k = 0; k < LANES; k++)
            c[k] = -c[k]; /* Kahan keeps the negated error */
    } else {
        for (; i + LANES <= n; i += LANES)
            for (int k = 0; k < LANES; k++)
                NEUMAIER(s[k], c[k], CLAMP(i + k));
        for (; i < n; i++)
            NEUMAIER(s[0], c[0], CLAMP(i));
    }
#undef CLAMP
    for (int k = 0; k < LANES; k++) {
        NEUMAIER(tot, comp, s[k]);
        NEUMAIER(tot, comp, c[k]);
    }
    return tot + comp;
}

double stats_sum(const double *x, size_t n)
{
    return lanes_sum(x, n, 0, 0, -INFINITY, INFINITY);
}

/* Compensated sum of (x_i - m)^2. */
static double sum_sq_dev(const double *x, size_t n, double m)
{
    return lanes_sum(x, n, m, 1, -INFINITY, INFINITY);
}

int stats_mean(const double *x, size_t n, const char *field, double *mean, ms_err *err)
{
    int rc = stats_check(x, n, 1, field, err);

    if (rc == MS_OK)
        *mean = stats_sum(x, n) / (double)n;
    return rc;
}

int stats_sd(const double *x, size_t n, const char *field, double *mean, double *sd, ms_err *err)
{
    int rc = stats_check(x, n, 2, field, err);
    double m;

    if (rc != MS_OK)
        return rc;
    m = stats_sum(x, n) / (double)n;
    if (mean)
        *mean = m;
    *sd = sqrt(sum_sq_dev(x, n, m) / (double)(n - 1));
    return MS_OK;
}

/* k-th smallest of a[0..n) (a is reordered so that a[i] <= a[k] for i < k
 * and a[i] >= a[k] for i > k): Wirth's selection with a median-of-three
 * pivot value, O(n) expected. */
static double select_k(double *a, size_t n, size_t k)
{
    ptrdiff_t l = 0, m = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

    while (l < m) {
        double p1 = a[l], p2 = a[l + (m - l) / 2], p3 = a[m], x, t;
        ptrdiff_t i = l, j = m;
        x = p1 < p2 ? (p2 < p3 ? p2 : (p1 < p3 ? p3 : p1)) : (p1 < p3 ? p1 : (p2 < p3 ? p3 : p2));
        do {
            while (a[i] < x)
                i++;
            while (x < a[j])
                j--;
            if (i <= j) {
                t = a[i], a[i] = a[j], a[j] = t;
                i++, j--;
            }
        } while (i <= j);
        if (j < kk)
            l = i;
        if (kk < i)
            m = j;
    }
    return a[k];
}

/* Median of a[0..n), reordering a. */
static double median_inplace(double *a, size_t n)
{
    double hi = select_k(a, n, n / 2), lo;

    if (n % 2)
        return hi;
    /* after the select, a[0..n/2) are <= hi: the lower middle is their max */
    lo = a[0];
    for (size_t i = 1; i < n / 2; i++)
        if (a[i] > lo)
            lo = a[i];
    return lo + (hi - lo) / 2;
}

int stats_median(const double *x, size_t n, double *scratch, const char *field, double *median,
                 ms_err *err)
{
    int rc = stats_check(x, n, 1, field, err);

    if (rc != MS_OK)
        return rc;
    memcpy(scratch, x, n * sizeof *x);
    *median = median_inplace(scratch, n);
    return MS_OK;
}

int stats_mad(const double *x, size_t n, double center, double *scratch, const char *field,
              double *mad, ms_err *err)
{
    int rc = stats_check(x, n, 1, field, err);

    if (rc != MS_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        scratch[i] = fabs(x[i] - center);
    *mad = median_inplace(scratch, n);
    return MS_OK;
}

/* -------------------------------------------------------------- scores */

enum stats_class stats_z_class(double z)
{
    double a = fabs(z);

    if (a <= 2.0)
        return STATS_SATISFACTORY;
    if (a < 3.0)
        return STATS_QUESTIONABLE;
    return STATS_UNSATISFACTORY;
}

enum stats_class stats_en_class(double en)
{
    return fabs(en) <= 1.0 ? STATS_SATISFACTORY : STATS_UNSATISFACTORY;
}

double stats_k2(double U, double k)
{
    return U * 2.0 / k;
}

/* A finite quotient or an error: guards every division of the scores. */
static int quotient(double num, double den, const char *field, double *out, ms_err *err)
{
    double q;

    if (!(den > 0) || !isfinite(den))
        return ms_fail(err, MS_EINVAL, field, "stats_zero_uncertainty", NULL);
    q = num / den;
    if (!isfinite(q))
        return ms_fail(err, MS_EINVAL, field, "stats_not_finite", NULL);
    *out = q;
    return MS_OK;
}

int stats_en(double x, double U_x, double X, double U_X, double *en, ms_err *err)
{
    int rc;

    if ((rc = stats_check_finite(x, "x", err)) || (rc = stats_check_finite(X, "x_ref", err)) ||
        (rc = stats_check_positive(U_x, 1, "U", err)) ||
        (rc = stats_check_positive(U_X, 1, "U_ref", err)))
        return rc;
    return quotient(x - X, hypot(U_x, U_X), "U", en, err);
}

int stats_en_wref(double x, double u_x, double X, double u_ref, double *en, ms_err *err)
{
    int rc;
    double d2;

    if ((rc = stats_check_finite(x, "x", err)) || (rc = stats_check_finite(X, "x_ref", err)) ||
        (rc = stats_check_positive(u_x, 0, "U", err)) ||
        (rc = stats_check_positive(u_ref, 0, "U_ref", err)))
        return rc;
    d2 = (u_x - u_ref) * (u_x + u_ref);
    if (!(d2 > 0))
        return ms_fail(err, MS_EINVAL, "U", "stats_en_wref", NULL);
    return quotient(x - X, 2.0 * sqrt(d2), "U", en, err);
}

int stats_zeta(double x, double u_x, double x_pt, double u_pt, double *zeta, ms_err *err)
{
    int rc;

    if ((rc = stats_check_finite(x, "x", err)) || (rc = stats_check_finite(x_pt, "x_pt", err)) ||
        (rc = stats_check_positive(u_x, 1, "u", err)) ||
        (rc = stats_check_positive(u_pt, 1, "u_pt", err)))
        return rc;
    return quotient(x - x_pt, hypot(u_x, u_pt), "u", zeta, err);
}

int stats_z(double x, double x_pt, double sigma_pt, double *z, ms_err *err)
{
    int rc;

    if ((rc = stats_check_finite(x, "x", err)) || (rc = stats_check_finite(x_pt, "x_pt", err)) ||
        (rc = stats_check_positive(sigma_pt, 0, "sigma_pt", err)))
        return rc;
    return quotient(x - x_pt, sigma_pt, "sigma_pt", z, err);
}

int stats_zprime(double x, double x_pt, double sigma_pt, double u_pt, double *z, ms_err *err)
{
    int rc;

    if ((rc = stats_check_finite(x, "x", err)) || (rc = stats_check_finite(x_pt, "x_pt", err)) ||
        (rc = stats_check_positive(sigma_pt, 0, "sigma_pt", err)) ||
        (rc = stats_check_positive(u_pt, 1, "u_pt", err)))
        return rc;
    return quotient(x - x_pt, hypot(sigma_pt, u_pt), "sigma_pt", z, err);
}

int stats_wmean(const double *x, const double *u, const unsigned char *use, size_t n,
                const char *field, const char *ufield, double *xref, double *uref, ms_err *err)
{
    int rc;
    double sw = 0, swc = 0, sx = 0, sxc = 0, x0 = 0;
    size_t used = 0;
    char f[64];

    if ((rc = stats_check(x, n, 1, field, err)) || (rc = stats_check(u, n, 1, ufield, err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(u[i] > 0)) {
            snprintf(f, sizeof f, "%s[%zu]", ufield, i);
            return ms_fail(err, MS_EINVAL, f, "stats_zero_uncertainty", NULL);
        }
    for (size_t i = 0; i < n; i++) {
        double w, y, t;
        if (use && !use[i])
            continue;
        if (!used++)
            x0 = x[i];
        w = 1.0 / (u[i] * u[i]);
        /* Kahan on both sums; values about x0 keep the small differences */
        y = w - swc, t = sw + y, swc = (t - sw) - y, sw = t;
        y = w * (x[i] - x0) - sxc, t = sx + y, sxc = (t - sx) - y, sx = t;
    }
    if (!used)
        return ms_fail(err, MS_EINVAL, field, "stats_too_few", "1");
    if (!isfinite(sw) || !isfinite(sx))
        return ms_fail(err, MS_EINVAL, ufield, "stats_not_finite", NULL);
    *xref = x0 + sx / sw;
    *uref = 1.0 / sqrt(sw);
    return MS_OK;
}

/* ------------------------------------------------------------- Grubbs */

/* One-sided alpha = 0.05 (GB/T 4883-2008 table A.2, = ASTM E178), n = 3..30. */
static const double grubbs_05[] = {
    1.153, 1.463, 1.672, 1.822, 1.938, 2.032, 2.110, 2.176, 2.234, 2.285,
    2.331, 2.371, 2.409, 2.443, 2.475, 2.504, 2.532, 2.557, 2.580, 2.603,
    2.624, 2.644, 2.663, 2.681, 2.698, 2.714, 2.730, 2.745,
};

double stats_grubbs_crit(size_t n)
{
    if (n < STATS_GRUBBS_MIN_N || n > STATS_GRUBBS_MAX_N)
        return 0;
    return grubbs_05[n - STATS_GRUBBS_MIN_N];
}

int stats_grubbs(const double *x, size_t n, const char *field, struct stats_grubbs *out,
                 ms_err *err)
{
    int rc = stats_check(x, n, STATS_GRUBBS_MIN_N, field, err);
    double m = 0, s = 0, best = -1;
    size_t bi = 0;

    if (rc != MS_OK)
        return rc;
    if (n > STATS_GRUBBS_MAX_N)
        return ms_failf(err, MS_EINVAL, field, "stats_too_many", "%d", STATS_GRUBBS_MAX_N);
    stats_sd(x, n, field, &m, &s, NULL);
    if (!(s > 0))
        return ms_fail(err, MS_EINVAL, field, "stats_no_variation", NULL);
    for (size_t i = 0; i < n; i++) {
        double d = fabs(x[i] - m);
        if (d > best)
            best = d, bi = i;
    }
    out->mean = m;
    out->sd = s;
    out->g = best / s;
    out->index = bi;
    out->g_crit = stats_grubbs_crit(n);
    out->outlier = out->g > out->g_crit;
    return MS_OK;
}

/* -------------------------------------------------------- Algorithm A */

int stats_alga(const double *x, size_t n, double *scratch, struct stats_alga_row *rows,
               size_t max_rows, struct stats_alga *out, ms_err *err)
{
    int rc = stats_check(x, n, 3, "values", err);
    double xs = 0, mad = 0, ss;
    size_t nr = 0;
    int it, conv = 0;

    if (rc != MS_OK)
        return rc;
    stats_median(x, n, scratch, "values", &xs, NULL);
    stats_mad(x, n, xs, scratch, "values", &mad, NULL);
    ss = 1.483 * mad;
    if (!(ss > 0))
        return ms_fail(err, MS_EINVAL, "values", "stats_alga_not_computable", NULL);
    if (rows && nr < max_rows)
        rows[nr++] = (struct stats_alga_row){0, 0, xs, ss};
    for (it = 1; it <= STATS_ALGA_MAX_ITER; it++) {
        double delta = 1.5 * ss, nx, ns;
        /* winsorised on the fly (two reads of X, no copy): mean, then sd */
        nx = lanes_sum(x, n, 0, 0, xs - delta, xs + delta) / (double)n;
        ns = 1.134 * sqrt(lanes_sum(x, n, nx, 1, xs - delta, xs + delta) / (double)(n - 1));
        conv = fabs(nx - xs) < STATS_ALGA_TOL * ns && fabs(ns - ss) < STATS_ALGA_TOL * ns;
        xs = nx, ss = ns;
        if (rows && nr < max_rows)
            rows[nr++] = (struct stats_alga_row){it, delta, xs, ss};
        if (conv || !(ss > 0))
            break;
    }
    if (!(ss > 0) || !isfinite(xs))
        return ms_fail(err, MS_EINVAL, "values", "stats_alga_not_computable", NULL);
    out->x = xs;
    out->s = ss;
    out->iterations = it > STATS_ALGA_MAX_ITER ? STATS_ALGA_MAX_ITER : it;
    out->converged = conv;
    out->n_rows = nr;
    return MS_OK;
}

/* ---------------------------------------- repeatability and stability */

int stats_repeatability(const double *x, size_t n, double s0, struct stats_repeat *out, ms_err *err)
{
    int rc;

    if ((rc = stats_check(x, n, 10, "values", err)) ||
        (rc = stats_check_positive(s0, 0, "s0", err)))
        return rc;
    out->n = n;
    stats_sd(x, n, "values", &out->mean, &out->s, NULL);
    out->s0 = s0;
    out->within = out->s <= s0;
    return MS_OK;
}

int stats_stability(const double *means, size_t m, enum stats_stab_mode mode, double limit,
                    struct stats_stab *out, ms_err *err)
{
    int rc;
    double lo, hi, mx = 0;

    if ((rc = stats_check(means, m, mode == STATS_STAB_GROUPS ? 4 : 2, "means", err)) ||
        (rc = stats_check_positive(limit, 0, "limit", err)))
        return rc;
    lo = hi = means[0];
    for (size_t i = 1; i < m; i++) {
        double d = fabs(means[i] - means[i - 1]);
        lo = means[i] < lo ? means[i] : lo;
        hi = means[i] > hi ? means[i] : hi;
        mx = d > mx ? d : mx;
    }
    out->value = mode == STATS_STAB_GROUPS ? hi - lo : fabs(means[m - 1] - means[m - 2]);
    out->max_adjacent = mx;
    out->limit = limit;
    out->within = out->value < limit;
    return MS_OK;
}

/* -------------------------------------------------------- verification */

int stats_transfer(double y, double U, double y0, double U0, struct stats_transfer *out,
                   ms_err *err)
{
    int rc;
    double lim;

    if ((rc = stats_check_finite(y, "y", err)) || (rc = stats_check_finite(y0, "y_ref", err)) ||
        (rc = stats_check_positive(U, 1, "U", err)) ||
        (rc = stats_check_positive(U0, 1, "U_ref", err)))
        return rc;
    lim = hypot(U, U0);
    if ((rc = quotient(y - y0, lim, "U", &out->en, err)))
        return rc;
    out->diff = y - y0;
    out->limit = lim;
    out->within = fabs(out->diff) <= lim;
    return MS_OK;
}

int stats_compare(const double *y, const double *U, size_t n, double *mean, double *diff,
                  double *limit, unsigned char *within, ms_err *err)
{
    int rc;
    double m, f;
    char fld[64];

    if ((rc = stats_check(y, n, 2, "values", err)) || (rc = stats_check(U, n, 2, "U", err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(U[i] > 0)) {
            snprintf(fld, sizeof fld, "U[%zu]", i);
            return ms_fail(err, MS_EINVAL, fld, "stats_zero_uncertainty", NULL);
        }
    m = stats_sum(y, n) / (double)n;
    f = sqrt((double)(n - 1) / (double)n);
    *mean = m;
    for (size_t i = 0; i < n; i++) {
        diff[i] = y[i] - m;
        limit[i] = f * U[i];
        within[i] = fabs(diff[i]) <= limit[i];
    }
    return MS_OK;
}
