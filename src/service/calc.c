/* calc.c - JSON adapters of the technical-check calculators (see calc.h).
 * Each kind reads its members with the typed readers below (a wrong type
 * or a missing member is MS_EINVAL naming it), calls core/stats and builds
 * the result. Numbers leave through calc_jr(), which refuses a non-finite value
 * (an overflow of valid input) so that no NaN or infinity is ever printed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/stats.h"
#include "service/calc.h"
#include "service/calc_int.h"

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

/* ------------------------------------------------------------ readers */

static int is_number(json_t *v)
{
    return json_is_integer(v) || json_is_real(v);
}

/* Member NAME of O as a number; FIELD names it in errors. REQUIRED: absent
 * is an error; else *SET (may be NULL) says whether it was there. */
int calc_num(struct cx *c, json_t *o, const char *name, const char *field, int required,
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
int calc_kfac(struct cx *c, json_t *o, const char *name, const char *field, double *k)
{
    int rc, set;

    *k = 2.0;
    if ((rc = calc_num(c, o, name, field, 0, k, &set)) != MS_OK)
        return rc;
    return stats_check_positive(*k, 0, field, c->err);
}

/* An array of numbers V into a new arena array *OUT of *N. */
int calc_num_array(struct cx *c, json_t *v, const char *field, double **out, size_t *n)
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
int calc_choice(struct cx *c, json_t *o, const char *name, const char *const *choices,
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
int calc_lab_index(struct cx *c, json_t *o, size_t n, long *lab)
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
int calc_refield(ms_err *err, int rc, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

/* ------------------------------------------------------------ writers */

json_t *calc_jr(struct cx *c, double v)
{
    if (!isfinite(v)) {
        c->bad = 1;
        return json_null();
    }
    return json_real(v);
}

void calc_setr(struct cx *c, json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, calc_jr(c, v));
}

void calc_sets(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static const char *class_name(enum stats_class k)
{
    return k == STATS_SATISFACTORY ? "satisfactory"
                                   : (k == STATS_QUESTIONABLE ? "questionable" : "unsatisfactory");
}

json_t *calc_reals(struct cx *c, const double *x, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, calc_jr(c, x[i]));
    return a;
}

/* A lab's "id" (string or integer) copied into the output, if given. */
void calc_copy_id(json_t *to, json_t *lab)
{
    json_t *id = json_object_get(lab, "id");

    if (id && (json_is_string(id) || json_is_integer(id)))
        json_object_set(to, "id", id);
}

/* ------------------------------------------------------------ en */

/* labs[]: [{id, x|y, U, k}] -> arena array; XNAME is "x" or "y". */
int calc_read_labs(struct cx *c, json_t *d, const char *xname, size_t min, struct lab **labs,
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
        if ((rc = calc_num(c, l, xname, f, 1, &(*labs)[i].x, NULL)) != MS_OK)
            return rc;
        snprintf(f, sizeof f, "labs[%zu].U", i);
        if ((rc = calc_num(c, l, "U", f, 1, &(*labs)[i].U, NULL)) != MS_OK ||
            (rc = stats_check_positive((*labs)[i].U, 0, f, c->err)) != MS_OK)
            return rc;
        snprintf(f, sizeof f, "labs[%zu].k", i);
        if ((rc = calc_kfac(c, l, "k", f, &k)) != MS_OK)
            return rc;
        (*labs)[i].U = stats_k2((*labs)[i].U, k);
    }
    return MS_OK;
}

static int en_single(struct cx *c, json_t *d, json_t *o)
{
    double x, U, k, X, UX, kX, en;
    int rc;

    if ((rc = calc_num(c, d, "x", "x", 1, &x, NULL)) ||
        (rc = calc_num(c, d, "U", "U", 1, &U, NULL)) || (rc = calc_kfac(c, d, "k", "k", &k)) ||
        (rc = calc_num(c, d, "x_ref", "x_ref", 1, &X, NULL)) ||
        (rc = calc_num(c, d, "U_ref", "U_ref", 1, &UX, NULL)) ||
        (rc = calc_kfac(c, d, "k_ref", "k_ref", &kX)))
        return rc;
    if ((rc = stats_check_positive(U, 1, "U", c->err)) ||
        (rc = stats_check_positive(UX, 1, "U_ref", c->err)) ||
        (rc = stats_en(x, stats_k2(U, k), X, stats_k2(UX, kX), &en, c->err)))
        return rc;
    calc_setr(c, o, "x", x);
    calc_setr(c, o, "x_ref", X);
    calc_setr(c, o, "U", stats_k2(U, k));
    calc_setr(c, o, "U_ref", stats_k2(UX, kX));
    calc_setr(c, o, "diff", x - X);
    calc_setr(c, o, "en", en);
    calc_sets(o, "class", class_name(stats_en_class(en)));
    calc_sets(o, "verdict", stats_class_verdict(stats_en_class(en)));
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
    if ((rc = calc_read_labs(c, d, "x", 1, &labs, &n)) || (rc = calc_lab_index(c, d, n, &lab)))
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
            calc_setr(c, s, "mean", g.mean);
            calc_setr(c, s, "sd", g.sd);
            calc_setr(c, s, "g", g.g);
            calc_setr(c, s, "g_crit", g.g_crit);
            json_object_set_new(s, "outlier", json_boolean(g.outlier));
            json_array_append_new(steps, s);
            if (!g.outlier)
                break;
            use[map[g.index]] = 0;
            used--;
        }
        if ((rc = stats_wmean(x, u, use, n, "labs", "labs", &X, &uref, c->err)))
            return rc;
        calc_sets(refo, "method", "weighted_mean");
        calc_setr(c, refo, "x", X);
        calc_setr(c, refo, "u", uref);
        calc_setr(c, refo, "U", 2 * uref);
    } else {
        double k;
        if (!json_is_object(ref))
            return ms_fail(c->err, MS_EINVAL, "reference", "invalid_type", "object");
        if ((rc = calc_num(c, ref, "x", "reference.x", 1, &X, NULL)) ||
            (rc = calc_num(c, ref, "U", "reference.U", 1, &uref, NULL)) ||
            (rc = stats_check_positive(uref, 1, "reference.U", c->err)) ||
            (rc = calc_kfac(c, ref, "k", "reference.k", &k)))
            return rc;
        uref = stats_k2(uref, k) / 2;
        for (size_t i = 0; i < n; i++)
            use[i] = 0;
        calc_sets(refo, "method", "given");
        calc_setr(c, refo, "x", X);
        calc_setr(c, refo, "u", uref);
        calc_setr(c, refo, "U", 2 * uref);
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
            return calc_refield(c->err, rc, f);
        }
        k = stats_en_class(en);
        if ((lab < 0 || (size_t)lab == i) && (int)k > worst)
            worst = (int)k;
        json_object_set_new(l, "index", json_integer((json_int_t)i));
        calc_copy_id(l, json_array_get(json_object_get(d, "labs"), i));
        calc_setr(c, l, "x", x[i]);
        calc_setr(c, l, "U", labs[i].U);
        calc_setr(c, l, "diff", x[i] - X);
        calc_setr(c, l, "en", en);
        json_object_set_new(l, "in_reference", json_boolean(use[i]));
        calc_sets(l, "class", class_name(k));
        json_array_append_new(out_labs, l);
    }
    json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
    calc_sets(o, "verdict", stats_class_verdict((enum stats_class)worst));
    return MS_OK;
}

static int do_en(struct cx *c, json_t *d, json_t *o)
{
    if (json_object_get(d, "labs")) {
        calc_sets(o, "method", "en_jjf1117");
        return en_labs(c, d, o);
    }
    calc_sets(o, "method", "en");
    return en_single(c, d, o);
}

static int do_zeta(struct cx *c, json_t *d, json_t *o)
{
    double x = 0, u = 0, xp = 0, up = 0, z = 0;
    int rc;

    calc_sets(o, "method", "zeta");
    if ((rc = calc_num(c, d, "x", "x", 1, &x, NULL)) ||
        (rc = calc_num(c, d, "u", "u", 1, &u, NULL)) ||
        (rc = calc_num(c, d, "x_pt", "x_pt", 1, &xp, NULL)) ||
        (rc = calc_num(c, d, "u_pt", "u_pt", 1, &up, NULL)) ||
        (rc = stats_zeta(x, u, xp, up, &z, c->err)))
        return rc;
    calc_setr(c, o, "zeta", z);
    calc_sets(o, "class", class_name(stats_z_class(z)));
    calc_sets(o, "verdict", stats_class_verdict(stats_z_class(z)));
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
    calc_setr(c, o, "x", a.x);
    calc_setr(c, o, "s", a.s);
    json_object_set_new(o, "iterations", json_integer(a.iterations));
    json_object_set_new(o, "converged", json_boolean(a.converged));
    calc_sets(o, "stop_rule", "|dx*| < 1e-9 s* and |ds*| < 1e-9 s*, at most 1000 iterations");
    tab = json_array();
    for (size_t i = 0; i < a.n_rows; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "iter", json_integer(rows[i].iter));
        json_object_set_new(r, "delta", rows[i].iter ? calc_jr(c, rows[i].delta) : json_null());
        calc_setr(c, r, "x", rows[i].x);
        calc_setr(c, r, "s", rows[i].s);
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

    calc_sets(o, "method", "iso13528_algorithm_a");
    if ((rc = calc_num_array(c, json_object_get(d, "values"), "values", &x, &n)))
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
        if ((rc = calc_num(c, d, "x", "x", 1, &one, NULL)))
            return rc;
        x = arena_alloc(c->ar, sizeof *x);
        if (!x)
            return ms_fail(c->err, MS_EINTERNAL, "", "out_of_memory", NULL);
        x[0] = one, n = 1;
    } else if ((rc = calc_num_array(c, json_object_get(d, "values"), "values", &x, &n)))
        return rc;
    if ((rc = stats_check(x, n, 1, "values", c->err)) ||
        (rc = calc_choice(c, d, "assigned", assigned_choices, &assigned)) ||
        (rc = calc_lab_index(c, d, n, &lab)) ||
        (rc = calc_num(c, d, "u_pt", "u_pt", 0, &up, &has_u)))
        return rc;
    if (strcmp(assigned, "algorithm-a") == 0) {
        json_t *a = json_object();
        json_object_set_new(o, "algorithm_a", a);
        if ((rc = alga_json(c, x, n, a, &xp, &sp)))
            return rc;
    } else if ((rc = calc_num(c, d, "x_pt", "x_pt", 1, &xp, NULL)) ||
               (rc = calc_num(c, d, "sigma_pt", "sigma_pt", 1, &sp, NULL)) ||
               (rc = stats_check_positive(sp, 0, "sigma_pt", c->err)))
        return rc;
    if (has_u && (rc = stats_check_positive(up, 1, "u_pt", c->err)))
        return rc;
    calc_sets(o, "method", has_u ? "z_prime" : "z");
    calc_sets(o, "assigned", assigned);
    calc_setr(c, o, "x_pt", xp);
    calc_setr(c, o, "sigma_pt", sp);
    if (has_u)
        calc_setr(c, o, "u_pt", up);
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
        calc_setr(c, s, "value", x[i]);
        calc_setr(c, s, "z", z);
        calc_sets(s, "class", class_name(k));
        json_array_append_new(scores, s);
    }
    json_object_set_new(o, "lab", lab >= 0 ? json_integer(lab) : json_null());
    calc_sets(o, "verdict", stats_class_verdict((enum stats_class)worst));
    return MS_OK;
}

static int do_grubbs(struct cx *c, json_t *d, json_t *o)
{
    double *x;
    size_t n;
    struct stats_grubbs g;
    int rc;

    calc_sets(o, "method", "grubbs");
    if ((rc = calc_num_array(c, json_object_get(d, "values"), "values", &x, &n)) ||
        (rc = stats_grubbs(x, n, "values", &g, c->err)))
        return rc;
    calc_setr(c, o, "alpha", 0.05);
    calc_setr(c, o, "mean", g.mean);
    calc_setr(c, o, "sd", g.sd);
    calc_setr(c, o, "g", g.g);
    calc_setr(c, o, "g_crit", g.g_crit);
    json_object_set_new(o, "index", json_integer((json_int_t)g.index));
    json_object_set_new(o, "outlier", json_boolean(g.outlier));
    json_object_set_new(o, "verdict", json_null());
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
        {"repeatability", calc_do_repeat, {"values", "s0", "meets_needs", NULL}},
        {"stability", calc_do_stability, {"means", "groups", "mode", "mpe", "U", "k", NULL}},
        {"control-chart", calc_do_chart, {"chart", "values", "subgroups", "rules", NULL}},
        {"grubbs", do_grubbs, {"values", NULL}},
        {"verification",
         calc_do_verification,
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
        calc_sets(o, "kind", kind);
        calc_sets(o, "rule_version", STATS_RULE_VERSION);
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
