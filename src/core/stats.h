/* stats.h - the statistics of technical checks (DOMAIN.md "Technical checks";
 * formulas and worked examples in reference/domain-research.md §3-5).
 *
 * Pure C: no I/O, no clock, no allocation. Every function that needs room
 * takes an explicit buffer from the caller (a scratch array of n doubles,
 * an output array with its capacity). Every input is validated first: an
 * empty or too short series, a NaN or infinite value, a zero or negative
 * uncertainty, a series without variation where one is needed -> MS_EINVAL
 * with ms_err naming the field ("values[3]", "U_ref", ...) and a message key
 * of msg_stats.c. On MS_EINVAL no output has been written, so no NaN can
 * ever reach a response.
 *
 * Numerics:
 * - sums are Neumaier-compensated (stats_sum), so the error does not grow
 *   with n;
 * - the standard deviation is two-pass: the compensated mean first, then the
 *   compensated sum of squared deviations from it (no sum-of-squares
 *   cancellation);
 * - medians use quickselect on the caller's scratch copy (O(n) expected);
 * - the weighted mean is computed about the first value (x - x0), so values
 *   like 1.000001 V with µV differences keep their digits.
 *
 * Conventions (boundaries exactly as DOMAIN.md): |z| <= 2 satisfactory,
 * 2 < |z| < 3 questionable, |z| >= 3 unsatisfactory (z, z', zeta alike);
 * |En| <= 1 satisfactory, |En| > 1 unsatisfactory. Expanded uncertainties
 * given with a coverage factor k are rescaled to k = 2 by U * 2 / k. */
#ifndef MS_STATS_H
#define MS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/ms.h"

#define STATS_RULE_VERSION  "1"  /* recorded with every stored result */
#define STATS_ALGA_MAX_ITER 1000 /* Algorithm A stops here at the latest */
#define STATS_ALGA_TOL      1e-9 /* relative change of x* and s*, see stats_alga */
#define STATS_GRUBBS_MIN_N  3
#define STATS_GRUBBS_MAX_N  30
#define STATS_CHART_MAX_N   25 /* subgroup size of X-bar/s; X-bar/R takes 2..10 */

/* Verdict of one score. */
enum stats_class {
    STATS_SATISFACTORY = 0,   /* pass */
    STATS_QUESTIONABLE = 1,   /* warning signal */
    STATS_UNSATISFACTORY = 2, /* fail, action signal */
};

/* "pass", "questionable", "fail" for the three classes. */
const char *stats_class_verdict(enum stats_class c);

/* ---------------------------------------------------------- validation */

/* MS_OK when X holds at least MIN_N values, all finite. Else MS_EINVAL on
 * FIELD ("stats_too_few" with MIN_N, or "stats_not_finite" on FIELD[i]). */
int stats_check(const double *x, size_t n, size_t min_n, const char *field, ms_err *err);

/* MS_OK when V is finite and > 0 (ZERO_OK: >= 0); else MS_EINVAL on FIELD. */
int stats_check_positive(double v, int zero_ok, const char *field, ms_err *err);

/* MS_OK when V is finite; else MS_EINVAL on FIELD. */
int stats_check_finite(double v, const char *field, ms_err *err);

/* --------------------------------------------------------- descriptive */

/* Neumaier-compensated sum of X[0..n). No validation (callers check). */
double stats_sum(const double *x, size_t n);

/* Mean (n >= 1) and Bessel standard deviation (n >= 2) of finite values. */
int stats_mean(const double *x, size_t n, const char *field, double *mean, ms_err *err);
int stats_sd(const double *x, size_t n, const char *field, double *mean, double *sd, ms_err *err);

/* Median of X (n >= 1) using SCRATCH (n doubles; X is not modified). */
int stats_median(const double *x, size_t n, double *scratch, const char *field, double *median,
                 ms_err *err);

/* Median absolute deviation about CENTER (unscaled), SCRATCH as above. */
int stats_mad(const double *x, size_t n, double center, double *scratch, const char *field,
              double *mad, ms_err *err);

/* -------------------------------------------------------------- scores */

/* z class of any score (z, z', zeta): boundaries 2 and 3 as above. */
enum stats_class stats_z_class(double z);

/* En class: |En| <= 1 satisfactory, else unsatisfactory. */
enum stats_class stats_en_class(double en);

/* U * 2 / k: an expanded uncertainty at coverage factor K rescaled to k=2.
 * K must be > 0 (checked by the callers through stats_check_positive). */
double stats_k2(double U, double k);

/* En = (x - X) / sqrt(U_x^2 + U_X^2), both U already at k = 2 (JJF 1117,
 * the lab's result is not part of the reference). Fields "U" and "U_ref"
 * must be >= 0 with a positive denominator (else "stats_zero_uncertainty"
 * on "U"). */
int stats_en(double x, double U_x, double X, double U_X, double *en, ms_err *err);

/* En when the lab is part of a weighted-mean reference (positive
 * correlation): (x - X) / (2 sqrt(u_x^2 - u_ref^2)), STANDARD uncertainties.
 * u_x <= u_ref -> MS_EINVAL "stats_en_wref" on "u". */
int stats_en_wref(double x, double u_x, double X, double u_ref, double *en, ms_err *err);

/* zeta = (x - x_pt) / sqrt(u_x^2 + u_pt^2) (standard uncertainties). */
int stats_zeta(double x, double u_x, double x_pt, double u_pt, double *zeta, ms_err *err);

/* z = (x - x_pt) / sigma_pt (sigma_pt > 0). */
int stats_z(double x, double x_pt, double sigma_pt, double *z, ms_err *err);

/* z' = (x - x_pt) / sqrt(sigma_pt^2 + u_pt^2). */
int stats_zprime(double x, double x_pt, double sigma_pt, double u_pt, double *z, ms_err *err);

/* Weighted mean of X with standard uncertainties U (all > 0):
 * X_ref = sum(x/u^2) / sum(1/u^2), u_ref = 1/sqrt(sum 1/u^2). Only entries
 * with USE[i] != 0 count (USE may be NULL = all); at least one must. FIELD
 * names the array of values, UFIELD the array of uncertainties. */
int stats_wmean(const double *x, const double *u, const unsigned char *use, size_t n,
                const char *field, const char *ufield, double *xref, double *uref, ms_err *err);

/* ------------------------------------------------------------- Grubbs */

/* G(0.05, n), the one-sided 5 % critical value of the Grubbs test for
 * n = 3..30 (GB/T 4883 table; n = 3..10 as in domain-research.md §4.2),
 * or 0 outside the table. */
double stats_grubbs_crit(size_t n);

struct stats_grubbs {
    double mean, sd;
    double g;      /* max |x_i - mean| / sd */
    size_t index;  /* the point with that G */
    double g_crit; /* G(0.05, n) */
    int outlier;   /* g > g_crit */
};

/* One Grubbs step over X (n = 3..30, not all equal: "values"). */
int stats_grubbs(const double *x, size_t n, const char *field, struct stats_grubbs *out,
                 ms_err *err);

/* -------------------------------------------------------- Algorithm A */

struct stats_alga_row {
    int iter;     /* 0 = the start (median, 1.483 MAD) */
    double delta; /* 1.5 s* used in this iteration (0 for iter 0) */
    double x, s;  /* x* and s* after it */
};

struct stats_alga {
    double x, s;    /* converged x* and s* */
    int iterations; /* iterations done (rows - 1) */
    int converged;  /* 0 when STATS_ALGA_MAX_ITER was reached */
    size_t n_rows;  /* rows written to the caller's table */
};

/* ISO 13528 Annex C.3 Algorithm A. x* = median, s* = 1.483 MAD; then
 * repeat: delta = 1.5 s*, winsorise to x* +- delta, x* = mean, s* = 1.134 sd,
 * until both |x*new - x*| and |s*new - s*| are below STATS_ALGA_TOL x s*new
 * (the change relative to the scale; relative to |x*| would be meaningless
 * for data far from 0), at most STATS_ALGA_MAX_ITER iterations.
 * Needs n >= 3 ("values") and SCRATCH of n doubles. s* = 0 at the start
 * (more than half of the values equal) -> MS_EINVAL "stats_alga_not_computable".
 * ROWS (may be NULL) receives up to MAX_ROWS iteration rows. */
int stats_alga(const double *x, size_t n, double *scratch, struct stats_alga_row *rows,
               size_t max_rows, struct stats_alga *out, ms_err *err);

/* ---------------------------------------- repeatability and stability */

struct stats_repeat {
    size_t n;
    double mean, s, s0;
    int within; /* s <= s0 */
};

/* JJF 1033 C.1: n >= 10 values ("values"), baseline s0 > 0 ("s0"). */
int stats_repeatability(const double *x, size_t n, double s0, struct stats_repeat *out,
                        ms_err *err);

enum stats_stab_mode { STATS_STAB_GROUPS = 0, STATS_STAB_YEARLY = 1 };

struct stats_stab {
    double value;        /* groups: max - min of the means; yearly: |last - previous| */
    double max_adjacent; /* yearly: largest |difference| of adjacent means */
    double limit;
    int within; /* value < limit (strictly, JJF 1033 C.2) */
};

/* JJF 1033 C.2 over group MEANS[m]: groups mode needs m >= 4 ("means"),
 * yearly m >= 2; LIMIT > 0 is |MPE| or U of the correction at k=2
 * ("limit"). Yearly: the verdict is on the latest pair (earlier pairs were
 * judged in their year); max_adjacent is reported as well. */
int stats_stability(const double *means, size_t m, enum stats_stab_mode mode, double limit,
                    struct stats_stab *out, ms_err *err);

/* -------------------------------------------------------- verification */

struct stats_transfer {
    double diff;  /* y - y0 */
    double limit; /* sqrt(U^2 + U0^2) */
    double en;    /* diff / limit */
    int within;   /* |diff| <= limit */
};

/* JJF 1033 C.3 transfer comparison: |y - y0| <= sqrt(U^2 + U0^2), both U at
 * k = 2 (rescale first); the sum of squares must be positive ("U"). */
int stats_transfer(double y, double U, double y0, double U0, struct stats_transfer *out,
                   ms_err *err);

/* JJF 1033 C.3 comparison of n >= 2 labs ("values"), U at k = 2 ("U"):
 * reference = the arithmetic mean; lab i passes when
 * |y_i - mean| <= sqrt((n-1)/n) U_i. DIFF, LIMIT, WITHIN are arrays of n. */
int stats_compare(const double *y, const double *U, size_t n, double *mean, double *diff,
                  double *limit, unsigned char *within, ms_err *err);

/* ------------------------------------------------------ control charts */

/* d2 and d3 of the range of n normal values, n = 2..10 (table, 6 digits;
 * tests/unit/test_stats.c checks them against numerical integration). 0
 * outside the table. */
double stats_d2(int n);
double stats_d3(int n);

/* c4(n) = sqrt(2/(n-1)) Gamma(n/2) / Gamma((n-1)/2), through lgamma (n >= 2). */
double stats_c4(int n);

struct stats_chart_consts {
    double A2, D3, D4, d2, d3, A3, B3, B4, c4;
};

/* All constants for subgroup size n (2..10 for the range ones; A3/B3/B4/c4
 * for any n >= 2). D3 and B3 are floored at 0. */
void stats_chart_consts(int n, struct stats_chart_consts *out);

enum stats_chart_kind { STATS_XBAR_R = 0, STATS_XBAR_S = 1, STATS_IMR = 2 };
enum stats_rule_set { STATS_RULES_GB = 0, STATS_RULES_WE = 1 };

/* One limit set of a chart. zone1/zone2 are CL +- 1 sigma and 2 sigma. */
struct stats_limits {
    double cl, ucl, lcl, sigma;
};

struct stats_violation {
    int rule;        /* 1..8 (GB/T 4091 = Nelson) or 1..4 (Western Electric) */
    int chart;       /* 0 = location chart (X-bar or I), 1 = dispersion chart (R, s, MR) */
    size_t from, to; /* inclusive point range of the merged window(s) */
};

struct stats_chart {
    enum stats_chart_kind kind;
    size_t n_points; /* subgroups (or individual values) */
    int n;           /* subgroup size (1 for I-MR) */
    struct stats_limits loc, disp;
    size_t n_violations;      /* total found (may exceed the capacity) */
    size_t n_violations_kept; /* written to the caller's array */
};

/* Rule scan over the series Y[0..n) against CL and SIGMA (> 0). Violations
 * of the same rule whose windows overlap are merged into one (from..to).
 * MARKS (may be NULL) receives per point a bit mask: bit (rule - 1) set when
 * the point is one of the points that make the rule fire (the point beyond
 * 3 sigma, the run, the 2 of 3 beyond 2 sigma, ...). Returns the number of
 * violations found; at most CAP are written to V. CHART goes into each. */
size_t stats_rules_scan(const double *y, size_t n, double cl, double sigma, enum stats_rule_set set,
                        int chart, uint16_t *marks, struct stats_violation *v, size_t cap);

/* Number of rules of a set (8 or 4), and a rule's short English name. */
int stats_rule_count(enum stats_rule_set set);
const char *stats_rule_name(enum stats_rule_set set, int rule);

/* Build a chart from DATA: for X-bar/R and X-bar/s, M subgroups of N values
 * row by row (DATA[i*n + j]); for I-MR, M individual values (N = 1).
 * LOC (M values) receives the location series (subgroup means or the
 * values), DISP (M values) the dispersion series (R, s, or MR with DISP[0]
 * = 0 and not plotted). Location rules by SET; the dispersion chart gets rule
 * 1 (beyond its limits). Errors: M < 2 (I-MR: 2) "subgroups"/"values",
 * N out of range "subgroups", non-finite "subgroups[i][j]", no variation
 * at all (R-bar, s-bar or MR-bar = 0) "stats_no_variation". */
int stats_chart(enum stats_chart_kind kind, const double *data, size_t m, int n,
                enum stats_rule_set set, double *loc, double *disp, uint16_t *loc_marks,
                uint16_t *disp_marks, struct stats_violation *v, size_t cap,
                struct stats_chart *out, ms_err *err);

#endif
