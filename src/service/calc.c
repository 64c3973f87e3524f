/* calc.c - JSON adapters of the technical-check calculators (see calc.h).
 * Each kind reads its members with the typed readers below (a wrong type
 * or a missing member is MS_EINVAL naming it), calls core/stats and builds
 * the result. Numbers leave through jr(), which refuses a non-finite value
 * (an overflow of valid input) so that no NaN or infinity is ever printed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/stats.h"
#include "service/calc.h"

const char *const calc_kinds[] = {
    "en",        "zeta",          "zscore", "algorithm-a",  "repeatability",
    "stability", "control-chart", "grubbs", "verification", NULL};

int calc_known(const char *kind)
{
    for (int i = 0; kind && calc_kinds[i]; i++)
        if (strcmp(kind, calc_kinds[i]) == 0)
            return 1;
    return 0;
}

struct cx {
    arena *ar;
    ms_err *err;
    int bad; /* a non-finite number was about to be printed */
};

/* ------------------------------------------------------------ readers */

static int is_number(json_t *v)
{
    return json_is_integer(v) || json_is_real(v);
}

/* Member NAME of O as a number; FIELD names it in errors. REQUIRED: absent
 * is an error; else *SET (may be NULL) says whether it was there. */
static int num(struct cx *c, json_t *o, const char *name, const char *field, int required,
               double *out, int *set)
{
    json_t *v = json_object_get(o, name);

    if (set)
        *set = 0;
    if (!v || json_is_null(v))
        return required ? ms_fail(c->err, MS_EINVAL, field, "required", NULL) : MS_OK;
    if (!is_number(v))
        return ms_fail(c->err, MS_EINVAL, field, "invalid_type", "number");
    *out = json_number_value(v);
    if (!isfinite(*out))
        return ms_fail(c->err, MS_EINVAL, field, "stats_not_finite", NULL);
    if (set)
        *set = 1;
    return MS_OK;
}

/* An optional coverage factor (default 2), > 0. */
static int kfac(struct cx *c, json_t *o, const char *name, const char *field, double *k)
{
    int rc, set;

    *k = 2.0;
    if ((rc = num(c, o, name, field, 0, k, &set)) != MS_OK)
        return rc;
    return stats_check_positive(*k, 0, field, c->err);
}

/* An array of numbers V into a new arena array *OUT of *N. */
static int num_array(struct cx *c, json_t *v, const char *field, double **out, size_t *n)
{
    char f[64];

    if (!v || json_is_null(v))
        return ms_fail(c->err, MS_EINVAL, field, "required", NULL);
    if (!json_is_array(v))
        return ms_fail(c->err, MS_EINVAL, field, "invalid_type", "array of numbers");
    *n = json_array_size(v);
    *out = arena_alloc(c->ar, (*n ? *n : 1) * sizeof **out);
    if (!*out)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t i = 0; i < *n; i++) {
        json_t *e = json_array_get(v, i);
        if (!is_number(e)) {
            snprintf(f, sizeof f, "%s[%zu]", field, i);
            return ms_fail(c->err, MS_EINVAL, f, "invalid_type", "number");
        }
        (*out)[i] = json_number_value(e);
    }
    return MS_OK;
}

/* Member NAME: one of CHOICES (NULL-terminated); absent -> CHOICES[0]. */
static int choice(struct cx *c, json_t *o, const char *name, const char *const *choices,
                  const char **out)
{
    json_t *v = json_object_get(o, name);
    char list[160] = "";

    *out = choices[0];
    if (!v || json_is_null(v))
        return MS_OK;
    for (int i = 0; choices[i]; i++) {
        if (json_is_string(v) && strcmp(json_string_value(v), choices[i]) == 0) {
            *out = choices[i];
            return MS_OK;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 choices[i]);
    }
    return ms_fail(c->err, MS_EINVAL, name, "calc_choice", list);
}

/* Optional member "lab": the index (0-based) of the lab whose result
 * decides the verdict; -1 when absent. */
static int lab_index(struct cx *c, json_t *o, size_t n, long *lab)
{
    json_t *v = json_object_get(o, "lab");

    *lab = -1;
    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_integer(v))
        return ms_fail(c->err, MS_EINVAL, "lab", "invalid_type", "integer");
    if (json_integer_value(v) < 0 || (size_t)json_integer_value(v) >= n)
        return ms_failf(c->err, MS_EINVAL, "lab", "calc_index", "%lld",
                        (long long)json_integer_value(v));
    *lab = (long)json_integer_value(v);
    return MS_OK;
}

/* Rename the field of an error already filled; returns RC. */
static int refield(ms_err *err, int rc, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

/* ------------------------------------------------------------ writers */

static json_t *jr(struct cx *c, double v)
{
    if (!isfinite(v)) {
        c->bad = 1;
        return json_null();
    }
    return json_real(v);
}

static void setr(struct cx *c, json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, jr(c, v));
}

static void sets(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static const char *class_name(enum stats_class k)
{
    return k == STATS_SATISFACTORY ? "satisfactory"
                                   : (k == STATS_QUESTIONABLE ? "questionable" : "unsatisfactory");
}

static json_t *reals(struct cx *c, const double *x, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, jr(c, x[i]));
    return a;
}

/* A lab's "id" (string or integer) copied into the output, if given. */
static void copy_id(json_t *to, json_t *lab)
{
    json_t *id = json_object_get(lab, "id");

    if (id && (json_is_string(id) || json_is_integer(id)))
        json_object_set(to, "id", id);
}

/* ------------------------------------------------------------ en */

struct lab {
    double x, U; /* U at k = 2 */
};

/* labs[]: [{id, x|y, U, k}] -> arena array; XNAME is "x" or "y". */
static int read_labs(struct cx *c, json_t *d, const char *xname, size_t min, struct lab **labs,
                     size_t *n)
{
    json_t *a = json_object_get(d, "labs");
    char f[64];
    int rc;

    if (!a || !json_is_array(a))
        return ms_fail(c->err, MS_EINVAL, "labs", a ? "invalid_type" : "required",
                       a ? "array" : NULL);
    *n = json_array_size(a);
    if (*n < min)
        return ms_failf(c->err, MS_EINVAL, "labs", "stats_too_few", "%zu", min);
    if (*n > 1000)
        return ms_fail(c->err, MS_EINVAL, "labs", "stats_too_many", "1000");
    *labs = arena_alloc(c->ar, *n * sizeof **labs);
    if (!*labs)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t i = 0; i < *n; i++) {
        json_t *l = json_array_get(a, i);
        double k;
        if (!json_is_object(l)) {
            snprintf(f, sizeof f, "labs[%zu]", i);
            return ms_fail(c->err, MS_EINVAL, f, "invalid_type", "object");
        }
        snprintf(f, sizeof f, "labs[%zu].%s", i, xname);
        if ((rc = num(c, l, xname, f, 1, &(*labs)[i].x, NULL)) != MS_OK)
            return rc;
        snprintf(f, sizeof f, "labs[%zu].U", i);
        if ((rc = num(c, l, "U", f, 1, &(*labs)[i].U, NULL)) != MS_OK ||
            (rc = stats_check_positive((*labs)[i].U, 0, f, c->err)) != MS_OK)
            return rc;
        snprintf(f, sizeof f, "labs[%zu].k", i);
        if ((rc = kfac(c, l, "k", f, &k)) != MS_OK)
            return rc;
        (*labs)[i].U = stats_k2((*labs)[i].U, k);
    }
    return MS_OK;
}

static int en_single(struct cx *c, json_t *d, json_t *o)
{
    double x, U, k, X, UX, kX, en;
    int rc;

    if ((rc = num(c, d, "x", "x", 1, &x, NULL)) || (rc = num(c, d, "U", "U", 1, &U, NULL)) ||
        (rc = kfac(c, d, "k", "k", &k)) || (rc = num(c, d, "x_ref", "x_ref", 1, &X, NULL)) ||
        (rc = num(c, d, "U_ref", "U_ref", 1, &UX, NULL)) ||
        (rc = kfac(c, d, "k_ref", "k_ref", &kX)))
        return rc;
    if ((rc = stats_check_positive(U, 1, "U", c->err)) ||
        (rc = stats_check_positive(UX, 1, "U_ref", c->err)) ||
        (rc = stats_en(x, stats_k2(U, k), X, stats_k2(UX, kX), &en, c->err)))
        return rc;
    setr(c, o, "x", x);
    setr(c, o, "x_ref", X);
    setr(c, o, "U", stats_k2(U, k));
    setr(c, o, "U_ref", stats_k2(UX, kX));
    setr(c, o, "diff", x - X);
    setr(c, o, "en", en);
    sets(o, "class", class_name(stats_en_class(en)));
    sets(o, "verdict", stats_class_verdict(stats_en_class(en)));
    return MS_OK;
}

/* JJF 1117 with several labs: the reference is the pilot's value given in
 * "reference" {x, U, k}, or the weighted mean of the labs after Grubbs
 * screening (repeated while an outlier is found and 3..30 labs remain). */
static int en_labs(struct cx *c, json_t *d, json_t *o)
{
    struct lab *labs;
    size_t n, used;
    long lab;
    json_t *ref = json_object_get(d, "reference"), *out_labs = json_array(), *steps = NULL;
    json_t *refo = json_object();
    double X, uref, *x, *u, *tmp;
    unsigned char *use;
    int rc, weighted = !ref || json_is_null(ref) || json_is_string(ref), grubbs = 1, worst = 0;

    json_object_set_new(o, "labs", out_labs);
    json_object_set_new(o, "reference", refo);
    if ((rc = read_labs(c, d, "x", 1, &labs, &n)) || (rc = lab_index(c, d, n, &lab)))
        return rc;
    if (json_is_string(ref) && strcmp(json_string_value(ref), "weighted_mean") != 0)
        return ms_fail(c->err, MS_EINVAL, "reference", "calc_choice", "weighted_mean, {x, U, k}");
    if (json_is_false(json_object_get(d, "grubbs")))
        grubbs = 0;
    x = arena_alloc(c->ar, n * sizeof *x);
    u = arena_alloc(c->ar, n * sizeof *u);
    tmp = arena_alloc(c->ar, n * sizeof *tmp);
    use = arena_alloc(c->ar, n);
    if (!x || !u || !tmp || !use)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t i = 0; i < n; i++)
        x[i] = labs[i].x, u[i] = labs[i].U / 2, use[i] = 1;
    if (weighted) {
        used = n;
        steps = json_array();
        json_object_set_new(o, "grubbs", steps);
        while (grubbs && used >= STATS_GRUBBS_MIN_N && used <= STATS_GRUBBS_MAX_N) {
            struct stats_grubbs g;
            size_t m = 0, *map = arena_alloc(c->ar, n * sizeof *map);
            json_t *s = json_object();
            if (!map)
                return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
            for (size_t i = 0; i < n; i++)
                if (use[i])
                    map[m] = i, tmp[m++] = x[i];
            if (stats_grubbs(tmp, m, "labs", &g, NULL) != MS_OK) {
                json_decref(s);
                break; /* no variation: nothing to screen */
            }
            json_object_set_new(s, "index", json_integer((json_int_t)map[g.index]));
            setr(c, s, "mean", g.mean);
            setr(c, s, "sd", g.sd);
            setr(c, s, "g", g.g);
            setr(c, s, "g_crit", g.g_crit);
            json_object_set_new(s, "outlier", json_boolean(g.outlier));
            json_array_append_new(steps, s);
            if (!g.outlier)
                break;
            use[map[g.index]] = 0;
            used--;
        }
        if ((rc = stats_wmean(x, u, use, n, "labs", "labs", &X, &uref, c->err)))
            return rc;
        sets(refo, "method", "weighted_mean");
        setr(c, refo, "x", X);
        setr(c, refo, "u", uref);
        setr(c, refo, "U", 2 * uref);
    } else {
        double k;
        if (!json_is_object(ref))
            return ms_fail(c->err, MS_EINVAL, "reference", "invalid_type", "object");
        if ((rc = num(c, ref, "x", "reference.x", 1, &X, NULL)) ||
            (rc = num(c, ref, "U", "reference.U", 1, &uref, NULL)) ||
            (rc = stats_check_positive(uref, 1, "reference.U", c->err)) ||
            (rc = kfac(c, ref, "k", "reference.k", &k)))
            return rc;
        uref = stats_k2(uref, k) / 2;
        for (size_t i = 0; i < n; i++)
            use[i] = 0;
        sets(refo, "method", "given");
        setr(c, refo, "x", X);
        setr(c, refo, "u", uref);
        setr(c, refo, "U", 2 * uref);
        json_object_set_new(o, "grubbs", json_null());
    }
    for (size_t i = 0; i < n; i++) {
        json_t *l = json_object();
        double en;
        char f[64];
        enum stats_class k;
        snprintf(f, sizeof f, "labs[%zu].U", i);
        rc = use[i] ? stats_en_wref(x[i], u[i], X, uref, &en, c->err)
                    : stats_en(x[i], labs[i].U, X, 2 * uref, &en, c->err);
        if (rc) {
            json_decref(l);
            return refield(c->err, rc, f);
        }
        k = stats_en_class(en);
        if ((lab < 0 || (size_t)lab == i) && (int)k > worst)
            worst = (int)k;
        json_object_set_new(l, "index", json_integer((json_int_t)i));
        copy_id(l, json_array_get(json_object_get(d, "labs"), i));
        setr(c, l, "x", x[i]);
        setr(c, l, "U", labs[i].U);
        setr(c, l, "diff", x[i] - X);
        setr(c, l, "en", en);
        json_object_set_new(l, "in_reference", json_boolean(use[i]));
        sets(l, "class", class_name(k));
        json_array_append_new(out_labs, l);
    }
    json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
    sets(o, "verdict", stats_class_verdict((enum stats_class)worst));
    return MS_OK;
}

static int do_en(struct cx *c, json_t *d, json_t *o)
{
    if (json_object_get(d, "labs")) {
        sets(o, "method", "en_jjf1117");
        return en_labs(c, d, o);
    }
    sets(o, "method", "en");
    return en_single(c, d, o);
}

static int do_zeta(struct cx *c, json_t *d, json_t *o)
{
    double x, u, xp, up, z;
    int rc;

    sets(o, "method", "zeta");
    if ((rc = num(c, d, "x", "x", 1, &x, NULL)) || (rc = num(c, d, "u", "u", 1, &u, NULL)) ||
        (rc = num(c, d, "x_pt", "x_pt", 1, &xp, NULL)) ||
        (rc = num(c, d, "u_pt", "u_pt", 1, &up, NULL)) ||
        (rc = stats_zeta(x, u, xp, up, &z, c->err)))
        return rc;
    setr(c, o, "zeta", z);
    sets(o, "class", class_name(stats_z_class(z)));
    sets(o, "verdict", stats_class_verdict(stats_z_class(z)));
    return MS_OK;
}

/* ------------------------------------------------------------ Algorithm A */

static int alga_json(struct cx *c, const double *x, size_t n, json_t *o, double *xs, double *ss)
{
    double *scratch = arena_alloc(c->ar, (n ? n : 1) * sizeof *scratch);
    struct stats_alga_row *rows =
        arena_alloc(c->ar, (STATS_ALGA_MAX_ITER + 1) * sizeof(struct stats_alga_row));
    struct stats_alga a;
    json_t *tab;
    int rc;

    if (!scratch || !rows)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if ((rc = stats_alga(x, n, scratch, rows, STATS_ALGA_MAX_ITER + 1, &a, c->err)))
        return rc;
    setr(c, o, "x", a.x);
    setr(c, o, "s", a.s);
    json_object_set_new(o, "iterations", json_integer(a.iterations));
    json_object_set_new(o, "converged", json_boolean(a.converged));
    sets(o, "stop_rule", "|dx*| < 1e-9 s* and |ds*| < 1e-9 s*, at most 1000 iterations");
    tab = json_array();
    for (size_t i = 0; i < a.n_rows; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "iter", json_integer(rows[i].iter));
        json_object_set_new(r, "delta", rows[i].iter ? jr(c, rows[i].delta) : json_null());
        setr(c, r, "x", rows[i].x);
        setr(c, r, "s", rows[i].s);
        json_array_append_new(tab, r);
    }
    json_object_set_new(o, "table", tab);
    *xs = a.x;
    *ss = a.s;
    return MS_OK;
}

static int do_alga(struct cx *c, json_t *d, json_t *o)
{
    double *x, xs, ss;
    size_t n;
    int rc;

    sets(o, "method", "iso13528_algorithm_a");
    if ((rc = num_array(c, json_object_get(d, "values"), "values", &x, &n)))
        return rc;
    if ((rc = alga_json(c, x, n, o, &xs, &ss)))
        return rc;
    json_object_set_new(o, "verdict", json_null());
    return MS_OK;
}

/* z or z' of "values" (or one "x") against x_pt and sigma_pt given, or
 * assigned by Algorithm A over the values ("assigned": "algorithm-a"). */
static int do_zscore(struct cx *c, json_t *d, json_t *o)
{
    static const char *const assigned_choices[] = {"given", "algorithm-a", NULL};
    double *x, xp = 0, sp = 0, up = 0, one;
    size_t n;
    long lab;
    int rc, has_u = 0, worst = 0;
    const char *assigned;
    json_t *scores;

    if (json_object_get(d, "x") && !json_object_get(d, "values")) {
        if ((rc = num(c, d, "x", "x", 1, &one, NULL)))
            return rc;
        x = arena_alloc(c->ar, sizeof *x);
        if (!x)
            return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        x[0] = one, n = 1;
    } else if ((rc = num_array(c, json_object_get(d, "values"), "values", &x, &n)))
        return rc;
    if ((rc = stats_check(x, n, 1, "values", c->err)) ||
        (rc = choice(c, d, "assigned", assigned_choices, &assigned)) ||
        (rc = lab_index(c, d, n, &lab)) || (rc = num(c, d, "u_pt", "u_pt", 0, &up, &has_u)))
        return rc;
    if (strcmp(assigned, "algorithm-a") == 0) {
        json_t *a = json_object();
        json_object_set_new(o, "algorithm_a", a);
        if ((rc = alga_json(c, x, n, a, &xp, &sp)))
            return rc;
    } else if ((rc = num(c, d, "x_pt", "x_pt", 1, &xp, NULL)) ||
               (rc = num(c, d, "sigma_pt", "sigma_pt", 1, &sp, NULL)) ||
               (rc = stats_check_positive(sp, 0, "sigma_pt", c->err)))
        return rc;
    if (has_u && (rc = stats_check_positive(up, 1, "u_pt", c->err)))
        return rc;
    sets(o, "method", has_u ? "z_prime" : "z");
    sets(o, "assigned", assigned);
    setr(c, o, "x_pt", xp);
    setr(c, o, "sigma_pt", sp);
    if (has_u)
        setr(c, o, "u_pt", up);
    scores = json_array();
    json_object_set_new(o, "scores", scores);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_object();
        double z;
        enum stats_class k;
        rc = has_u ? stats_zprime(x[i], xp, sp, up, &z, c->err) : stats_z(x[i], xp, sp, &z, c->err);
        if (rc) {
            json_decref(s);
            return rc;
        }
        k = stats_z_class(z);
        if ((lab < 0 || (size_t)lab == i) && (int)k > worst)
            worst = (int)k;
        json_object_set_new(s, "index", json_integer((json_int_t)i));
        setr(c, s, "value", x[i]);
        setr(c, s, "z", z);
        sets(s, "class", class_name(k));
        json_array_append_new(scores, s);
    }
    json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
    sets(o, "verdict", stats_class_verdict((enum stats_class)worst));
    return MS_OK;
}

static int do_grubbs(struct cx *c, json_t *d, json_t *o)
{
    double *x;
    size_t n;
    struct stats_grubbs g;
    int rc;

    sets(o, "method", "grubbs");
    if ((rc = num_array(c, json_object_get(d, "values"), "values", &x, &n)) ||
        (rc = stats_grubbs(x, n, "values", &g, c->err)))
        return rc;
    setr(c, o, "alpha", 0.05);
    setr(c, o, "mean", g.mean);
    setr(c, o, "sd", g.sd);
    setr(c, o, "g", g.g);
    setr(c, o, "g_crit", g.g_crit);
    json_object_set_new(o, "index", json_integer((json_int_t)g.index));
    json_object_set_new(o, "outlier", json_boolean(g.outlier));
    json_object_set_new(o, "verdict", json_null());
    return MS_OK;
}

/* ---------------------------------------- repeatability, stability */

/* s <= s0 pass; s > s0 questionable (re-evaluate the uncertainty with s),
 * unless "meets_needs" says how that re-evaluation ended: true -> pass (s
 * becomes the new baseline), false -> fail (JJF 1033 C.1). */
static int do_repeat(struct cx *c, json_t *d, json_t *o)
{
    double *x, s0;
    size_t n;
    struct stats_repeat r;
    json_t *meets = json_object_get(d, "meets_needs");
    int rc;
    const char *verdict;

    sets(o, "method", "jjf1033_repeatability");
    if ((rc = num_array(c, json_object_get(d, "values"), "values", &x, &n)) ||
        (rc = num(c, d, "s0", "s0", 1, &s0, NULL)) ||
        (rc = stats_repeatability(x, n, s0, &r, c->err)))
        return rc;
    if (meets && !json_is_null(meets) && !json_is_boolean(meets))
        return ms_fail(c->err, MS_EINVAL, "meets_needs", "invalid_type", "boolean");
    verdict = r.within ? "pass" : "questionable";
    if (!r.within && json_is_boolean(meets))
        verdict = json_is_true(meets) ? "pass" : "fail";
    json_object_set_new(o, "n", json_integer((json_int_t)r.n));
    setr(c, o, "mean", r.mean);
    setr(c, o, "s", r.s);
    setr(c, o, "s0", r.s0);
    json_object_set_new(o, "within_baseline", json_boolean(r.within));
    json_object_set_new(o, "reevaluate", json_boolean(!r.within));
    sets(o, "verdict", verdict);
    return MS_OK;
}

static int do_stability(struct cx *c, json_t *d, json_t *o)
{
    static const char *const modes[] = {"groups", "yearly", NULL};
    json_t *groups = json_object_get(d, "groups");
    double *means, lim, U, k;
    size_t m;
    int rc, has_mpe, has_u;
    const char *mode;
    struct stats_stab s;

    sets(o, "method", "jjf1033_stability");
    if ((rc = choice(c, d, "mode", modes, &mode)))
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
            if ((rc = num_array(c, json_array_get(groups, i), f, &g, &gn)) ||
                (rc = stats_mean(g, gn, f, &means[i], c->err)))
                return rc;
        }
        if ((rc = stats_check(means, m, strcmp(mode, "groups") == 0 ? 4 : 2, "groups", c->err)))
            return rc;
    } else if ((rc = num_array(c, json_object_get(d, "means"), "means", &means, &m)))
        return rc;
    if ((rc = num(c, d, "mpe", "mpe", 0, &lim, &has_mpe)) ||
        (rc = num(c, d, "U", "U", 0, &U, &has_u)) || (rc = kfac(c, d, "k", "k", &k)))
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
        return strcmp(c->err->field, "limit") == 0 ? refield(c->err, rc, has_mpe ? "mpe" : "U")
                                                   : rc;
    sets(o, "mode", mode);
    json_object_set_new(o, "means", reals(c, means, m));
    setr(c, o, "value", s.value);
    if (strcmp(mode, "yearly") == 0)
        setr(c, o, "max_adjacent", s.max_adjacent);
    setr(c, o, "limit", s.limit);
    sets(o, "limit_kind", has_mpe ? "mpe" : "U");
    sets(o, "verdict", s.within ? "pass" : "fail");
    return MS_OK;
}

/* ------------------------------------------------------------ verification */

static int do_verification(struct cx *c, json_t *d, json_t *o)
{
    static const char *const methods[] = {"transfer", "comparison", NULL};
    const char *method;
    int rc;

    if ((rc = choice(c, d, "method", methods, &method)))
        return rc;
    if (strcmp(method, "transfer") == 0) {
        double y, U, k, y0, U0, k0;
        struct stats_transfer t;
        sets(o, "method", "jjf1033_transfer");
        if ((rc = num(c, d, "y", "y", 1, &y, NULL)) || (rc = num(c, d, "U", "U", 1, &U, NULL)) ||
            (rc = kfac(c, d, "k", "k", &k)) || (rc = num(c, d, "y_ref", "y_ref", 1, &y0, NULL)) ||
            (rc = num(c, d, "U_ref", "U_ref", 1, &U0, NULL)) ||
            (rc = kfac(c, d, "k_ref", "k_ref", &k0)) ||
            (rc = stats_check_positive(U, 1, "U", c->err)) ||
            (rc = stats_check_positive(U0, 1, "U_ref", c->err)) ||
            (rc = stats_transfer(y, stats_k2(U, k), y0, stats_k2(U0, k0), &t, c->err)))
            return rc;
        setr(c, o, "diff", t.diff);
        setr(c, o, "limit", t.limit);
        setr(c, o, "en", t.en);
        sets(o, "verdict", t.within ? "pass" : "fail");
    } else {
        struct lab *labs;
        size_t n;
        long lab;
        double *y, *U, *diff, *lim, mean;
        unsigned char *ok;
        json_t *out = json_array();
        int fail = 0;
        sets(o, "method", "jjf1033_comparison");
        json_object_set_new(o, "labs", out);
        if ((rc = read_labs(c, d, "y", 2, &labs, &n)) || (rc = lab_index(c, d, n, &lab)))
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
        setr(c, o, "mean", mean);
        setr(c, o, "factor", sqrt((double)(n - 1) / (double)n));
        for (size_t i = 0; i < n; i++) {
            json_t *l = json_object();
            json_object_set_new(l, "index", json_integer((json_int_t)i));
            copy_id(l, json_array_get(json_object_get(d, "labs"), i));
            setr(c, l, "y", y[i]);
            setr(c, l, "U", U[i]);
            setr(c, l, "diff", diff[i]);
            setr(c, l, "limit", lim[i]);
            json_object_set_new(l, "pass", json_boolean(ok[i]));
            json_array_append_new(out, l);
            if (!ok[i] && (lab < 0 || (size_t)lab == i))
                fail = 1;
        }
        json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
        sets(o, "verdict", fail ? "fail" : "pass");
    }
    return MS_OK;
}

/* ------------------------------------------------------------ control chart */

static json_t *series_json(struct cx *c, const char *name, const struct stats_limits *l,
                           const double *y, const uint16_t *marks, size_t first, size_t m)
{
    json_t *o = json_object(), *pts = json_array(), *zones = json_object();

    sets(o, "name", name);
    setr(c, o, "cl", l->cl);
    setr(c, o, "ucl", l->ucl);
    setr(c, o, "lcl", l->lcl);
    setr(c, o, "sigma", l->sigma);
    setr(c, zones, "plus1", l->cl + l->sigma);
    setr(c, zones, "minus1", l->cl - l->sigma);
    setr(c, zones, "plus2", l->cl + 2 * l->sigma);
    setr(c, zones, "minus2", l->cl - 2 * l->sigma);
    json_object_set_new(o, "zones", zones);
    for (size_t i = first; i < m; i++) {
        json_t *p = json_object(), *r = json_array();
        json_object_set_new(p, "index", json_integer((json_int_t)i));
        setr(c, p, "value", y[i]);
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

static int do_chart(struct cx *c, json_t *d, json_t *o)
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

    if ((rc = choice(c, d, "chart", charts, &chart)) || (rc = choice(c, d, "rules", sets_, &rs)))
        return rc;
    set = strcmp(rs, "western_electric") == 0 ? STATS_RULES_WE : STATS_RULES_GB;
    if (strcmp(chart, "auto") == 0)
        chart = sub && !json_is_null(sub) ? "xbar-r" : "i-mr";
    kind = strcmp(chart, "xbar-r") == 0 ? STATS_XBAR_R
                                        : (strcmp(chart, "xbar-s") == 0 ? STATS_XBAR_S : STATS_IMR);
    if (kind == STATS_IMR) {
        if ((rc = num_array(c, json_object_get(d, "values"), "values", &data, &m)))
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
            if ((rc = num_array(c, g, f, &gv, &gn)))
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
    cap = 8 * (m + 1);
    loc = arena_alloc(c->ar, (m + 1) * sizeof *loc);
    disp = arena_alloc(c->ar, (m + 1) * sizeof *disp);
    lm = arena_alloc(c->ar, (m + 1) * sizeof *lm);
    dm = arena_alloc(c->ar, (m + 1) * sizeof *dm);
    v = arena_alloc(c->ar, cap * sizeof *v);
    if (!loc || !disp || !lm || !dm || !v)
        return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if ((rc = stats_chart(kind, data, m, n, set, loc, disp, lm, dm, v, cap, &ch, c->err)))
        return rc;
    sets(o, "method", "shewhart");
    sets(o, "chart", chart);
    sets(o, "rule_set", rs);
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
        sets(x, "name", stats_rule_name(v[i].chart ? set : set, v[i].rule));
        sets(x, "chart", v[i].chart ? "dispersion" : "location");
        json_object_set_new(x, "from", json_integer((json_int_t)v[i].from));
        json_object_set_new(x, "to", json_integer((json_int_t)v[i].to));
        for (size_t j = v[i].from; j <= v[i].to; j++)
            if (mk[j] & (1u << (v[i].rule - 1)))
                json_array_append_new(pts, json_integer((json_int_t)j));
        json_object_set_new(x, "points", pts);
        json_array_append_new(vio, x);
    }
    json_object_set_new(o, "violations", vio);
    sets(o, "verdict", ch.n_violations ? "fail" : "pass");
    return MS_OK;
}

/* ------------------------------------------------------------ entry */

int calc_run(const char *kind, json_t *data, const char *prefix, arena *ar, json_t **out,
             ms_err *err)
{
    /* members each kind takes; anything else is refused (unknown_field) */
    static const struct {
        const char *kind;
        int (*fn)(struct cx *c, json_t *d, json_t *o);
        const char *members[12];
    } fns[] = {
        {"en",
         do_en,
         {"x", "U", "k", "x_ref", "U_ref", "k_ref", "labs", "reference", "grubbs", "lab", NULL}},
        {"zeta", do_zeta, {"x", "u", "x_pt", "u_pt", NULL}},
        {"zscore", do_zscore, {"x", "values", "x_pt", "sigma_pt", "u_pt", "assigned", "lab", NULL}},
        {"algorithm-a", do_alga, {"values", NULL}},
        {"repeatability", do_repeat, {"values", "s0", "meets_needs", NULL}},
        {"stability", do_stability, {"means", "groups", "mode", "mpe", "U", "k", NULL}},
        {"control-chart", do_chart, {"chart", "values", "subgroups", "rules", NULL}},
        {"grubbs", do_grubbs, {"values", NULL}},
        {"verification",
         do_verification,
         {"method", "y", "U", "k", "y_ref", "U_ref", "k_ref", "labs", "lab", NULL}},
    };
    ms_err local;
    struct cx c = {ar, err ? err : &local, 0};
    json_t *o;
    int rc = MS_ENOTFOUND;

    err = c.err;
    *out = NULL;
    if (!json_is_object(data))
        return ms_fail(err, MS_EINVAL, prefix && *prefix ? "data" : "", "calc_object", NULL);
    for (size_t i = 0; i < MS_ARRAY_LEN(fns); i++) {
        if (strcmp(fns[i].kind, kind) != 0)
            continue;
        {
            const char *key;
            json_t *val;
            json_object_foreach(data, key, val)
            {
                int ok = 0;
                for (int m = 0; fns[i].members[m] && !ok; m++)
                    ok = strcmp(fns[i].members[m], key) == 0;
                if (!ok) {
                    ms_fail(err, MS_EINVAL, key, "unknown_field", key);
                    goto prefixed;
                }
            }
        }
        o = json_object();
        if (!o)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        sets(o, "kind", kind);
        sets(o, "rule_version", STATS_RULE_VERSION);
        rc = fns[i].fn(&c, data, o);
        if (rc == MS_OK && c.bad)
            rc = ms_fail(err, MS_EINVAL, "values", "stats_not_finite", NULL);
        if (rc != MS_OK) {
            json_decref(o);
            goto prefixed;
        }
        *out = o;
        return MS_OK;
    }
    return ms_fail(err, rc, "kind", "calc_unknown", kind);
prefixed:
    if (prefix && *prefix && err->field[0]) {
        char f[sizeof err->field];
        snprintf(f, sizeof f, "%s%s", prefix, err->field);
        memcpy(err->field, f, sizeof f);
    }
    return err->code;
}
