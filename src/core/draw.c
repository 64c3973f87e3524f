/* draw.c - msup-draw-1: the random keys, the selection of units and
 * subordinate authorities, the result as JSON and its comparison with a
 * published one, and the seed commitment. Rosters: draw_roster.c;
 * inspectors: draw_assign.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/model.h"
#include "core/text.h"

#define N_FIELDS  18
#define TWO_TO_53 9007199254740992.0
#define KEY_TOL   1e-12 /* relative tolerance on key and u when comparing */

/* vsnprintf into a path buffer: a path too long for ms_err.field is cut,
 * it only names the place in a message. */
static void path_fmt(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void path_fmt(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

/* ============================================================ keys */

int draw_u64(const char *seed, const char *id, uint64_t *out)
{
    char stack[512], *buf = stack;
    size_t ls = strlen(seed), li = strlen(id), n = ls + 1 + li;
    unsigned char d[SM3_LEN];
    uint64_t v = 0;
    int rc = MS_EINTERNAL;

    *out = 0;
    if (n > sizeof stack && !(buf = ms_malloc(n)))
        goto out;
    memcpy(buf, seed, ls);
    buf[ls] = '|';
    memcpy(buf + ls + 1, id, li);
    if ((rc = sm3_digest(buf, n, d)) != MS_OK)
        goto out;
    for (int i = 0; i < 8; i++)
        v = v << 8 | d[i];
    *out = v;
out:
    if (buf != stack)
        ms_free(buf);
    return rc;
}

double draw_u(const char *seed, const char *id)
{
    uint64_t v;

    if (draw_u64(seed, id, &v) != MS_OK)
        return 0.0;
    return ((double)(v >> 11) + 0.5) / TWO_TO_53;
}

static double complaints_weight(int64_t c)
{
    return c >= 4 ? 2.0 : c > 0 ? 0.5 * (double)c : 0.0;
}

double draw_unit_weight(const struct draw_unit *u)
{
    unsigned sectors = 0;
    double w = 1.0;

    for (size_t j = 0; j < u->n_standards; j++)
        sectors |= u->standards[j].sectors;
    for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
        if (sectors & (1u << i))
            w += 1.0;
    w += complaints_weight(u->complaints_24m);
    if (u->serious_violation)
        w += 2.0;
    if (u->credit_class && strcmp(u->credit_class, "C") == 0)
        w += 1.0;
    else if (u->credit_class && strcmp(u->credit_class, "D") == 0)
        w += 2.0;
    return w;
}

double draw_sub_weight(const struct draw_sub *s)
{
    return 1.0 + complaints_weight(s->complaints_24m);
}

/* ============================================================ selection */

/* A roster entry in key order. */
struct cand {
    double key;
    const char *id;
    size_t idx; /* position in the roster */
};

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Index 0..17 of a level-1 field code, or -1. */
static int field_index(const char *code)
{
    const struct jjf_field *all = field_all(NULL);

    for (int i = 0; i < N_FIELDS; i++)
        if (all[i].code[0] == code[0] && all[i].code[1] == code[1] && !code[2])
            return i;
    return -1;
}

/* Working state of one units draw. */
struct sel {
    const struct draw_roster *r;
    const char *seed;
    struct cand *order;   /* all units by key */
    double *u, *w;        /* per roster position */
    uint32_t *fmask;      /* per roster position: fields held */
    size_t *pos;          /* per roster position: place in ORDER */
    unsigned char *taken; /* per roster position */
    struct draw_item *items;
    size_t n_items;
    int sm3_failed;
};

static void take(struct sel *s, size_t at, const char *reason)
{
    const struct cand *c = &s->order[at];
    struct draw_item *it = &s->items[s->n_items++];

    s->taken[c->idx] = 1;
    s->pos[s->n_items - 1] = at;
    it->rank = s->n_items;
    it->id = c->id;
    it->key = c->key;
    it->u = s->u[c->idx];
    it->weight = s->w[c->idx];
    it->name = s->r->kind == DRAW_UNITS ? s->r->units[c->idx].name : s->r->subs[c->idx].name;
    snprintf(it->reason, sizeof it->reason, "%s", reason);
}

/* Steps 1 and 2: coverage, then fill up to K. */
static void select_units(struct sel *s, size_t k)
{
    const struct jjf_field *all = field_all(NULL);
    size_t n = s->r->n_units, first[N_FIELDS];
    uint32_t present = 0, covered = 0;
    char reason[DRAW_REASON_MAX];

    for (size_t p = 0; p < n; p++) {
        uint32_t m = s->fmask[s->order[p].idx];

        for (int f = 0; f < N_FIELDS; f++)
            if ((m & (1u << f)) && !(present & (1u << f)))
                first[f] = p;
        present |= m;
    }
    for (int f = 0; f < N_FIELDS; f++) {
        if (!(present & (1u << f)) || (covered & (1u << f)))
            continue;
        snprintf(reason, sizeof reason, "field:%s", all[f].code);
        take(s, first[f], reason);
        covered |= s->fmask[s->order[first[f]].idx];
    }
    for (size_t p = 0; p < n && s->n_items < k; p++)
        if (!s->taken[s->order[p].idx])
            take(s, p, "quota");
}

/* skey of standard J of U, computed once into CACHE[J] (-1: not yet). */
static double skey_of(struct sel *s, const struct draw_unit *u, double *cache, size_t j)
{
    if (cache[j] < 0) {
        cache[j] = draw_u(s->seed, u->standards[j].cert_no);
        s->sm3_failed |= cache[j] == 0.0;
    }
    return cache[j];
}

/* Step 3: the standards to inspect, with the first reason that chose each;
 * skeys are computed only for the standards a rule compares or lists. */
static int pick_standards(arena *a, struct sel *s, ms_err *err)
{
    const struct jjf_field *all = field_all(NULL);
    char(**why)[DRAW_REASON_MAX] = NULL;
    double **skey = NULL;
    size_t *by_key = NULL, *item_at = NULL, ns = s->n_items;
    int rc = MS_OK;

    why = arena_alloc(a, (ns + 1) * sizeof *why);
    skey = arena_alloc(a, (ns + 1) * sizeof *skey);
    by_key = arena_alloc(a, (ns + 1) * sizeof *by_key);
    item_at = arena_alloc(a, (s->r->n_units + 1) * sizeof *item_at); /* item + 1, or 0 */
    if (!why || !skey || !by_key || !item_at)
        return oom(err);
    for (size_t i = 0; i < ns; i++) {
        const struct draw_unit *u = &s->r->units[s->order[s->pos[i]].idx];

        why[i] = arena_alloc(a, u->n_standards * sizeof *why[i]);
        skey[i] = arena_alloc(a, u->n_standards * sizeof *skey[i]);
        if (!why[i] || !skey[i])
            return oom(err);
        for (size_t j = 0; j < u->n_standards; j++)
            skey[i][j] = -1.0; /* computed when needed */
        item_at[s->pos[i]] = i + 1;
    }
    /* the items in key order */
    for (size_t p = 0, q = 0; p < s->r->n_units; p++)
        if (item_at[p])
            by_key[q++] = item_at[p] - 1;
    /* (a) per field: the selected unit with the largest key that holds it,
     * its standard of that field with the largest skey. */
    for (int f = 0; f < N_FIELDS; f++) {
        for (size_t q = 0; q < ns; q++) {
            size_t i = by_key[q], best = SIZE_MAX;
            const struct draw_unit *u = &s->r->units[s->order[s->pos[i]].idx];

            if (!(s->fmask[s->order[s->pos[i]].idx] & (1u << f)))
                continue;
            for (size_t j = 0; j < u->n_standards; j++)
                if (field_index(u->standards[j].field) == f &&
                    (best == SIZE_MAX || skey_of(s, u, skey[i], j) > skey_of(s, u, skey[i], best)))
                    best = j;
            if (!why[i][best][0])
                snprintf(why[i][best], DRAW_REASON_MAX, "field:%s", all[f].code);
            break;
        }
    }
    /* (b) every standard with a focus sector; (c) a sample where none yet. */
    for (size_t i = 0; i < ns; i++) {
        const struct draw_unit *u = &s->r->units[s->order[s->pos[i]].idx];
        size_t best = 0, chosen = 0;

        for (size_t j = 0; j < u->n_standards; j++) {
            if (u->standards[j].sectors && !why[i][j][0])
                snprintf(why[i][j], DRAW_REASON_MAX, "sector");
            chosen += why[i][j][0] != 0;
        }
        for (size_t j = 1; !chosen && j < u->n_standards; j++)
            if (skey_of(s, u, skey[i], j) > skey_of(s, u, skey[i], best))
                best = j;
        if (!chosen) {
            snprintf(why[i][best], DRAW_REASON_MAX, "sample");
            chosen = 1;
        }
        s->items[i].picks = arena_alloc(a, chosen * sizeof *s->items[i].picks);
        if (!s->items[i].picks)
            return oom(err);
        for (size_t j = 0; j < u->n_standards; j++) {
            struct draw_pick *p = &s->items[i].picks[s->items[i].n_picks];

            if (!why[i][j][0])
                continue;
            p->cert_no = u->standards[j].cert_no;
            p->field = u->standards[j].field;
            p->skey = skey_of(s, u, skey[i], j);
            memcpy(p->reason, why[i][j], DRAW_REASON_MAX);
            s->items[i].n_picks++;
        }
    }
    if (s->sm3_failed)
        rc = ms_fail(err, MS_EINTERNAL, "", "internal", "SM3");
    return rc;
}

/* Keys of every entry, ORDER sorted. */
static int rank_all(arena *a, struct sel *s, size_t n, ms_err *err)
{
    const struct draw_roster *r = s->r;

    s->order = arena_alloc(a, (n + 1) * sizeof *s->order);
    s->u = arena_alloc(a, (n + 1) * sizeof *s->u);
    s->w = arena_alloc(a, (n + 1) * sizeof *s->w);
    s->fmask = arena_alloc(a, (n + 1) * sizeof *s->fmask);
    s->taken = arena_alloc(a, n + 1);
    s->items = arena_alloc(a, (n + 1) * sizeof *s->items);
    s->pos = arena_alloc(a, (n + 1) * sizeof *s->pos);
    if (!s->order || !s->u || !s->w || !s->fmask || !s->taken || !s->items || !s->pos)
        return oom(err);
    for (size_t i = 0; i < n; i++) {
        const char *id = r->kind == DRAW_UNITS ? r->units[i].uscc : r->subs[i].code;

        s->u[i] = draw_u(s->seed, id);
        if (s->u[i] == 0.0)
            return ms_fail(err, MS_EINTERNAL, "", "internal", "SM3");
        s->w[i] =
            r->kind == DRAW_UNITS ? draw_unit_weight(&r->units[i]) : draw_sub_weight(&r->subs[i]);
        s->order[i] = (struct cand){log(s->u[i]) / s->w[i], id, i};
        for (size_t j = 0; r->kind == DRAW_UNITS && j < r->units[i].n_standards; j++) {
            int f = field_index(r->units[i].standards[j].field);
            if (f >= 0)
                s->fmask[i] |= 1u << f;
        }
    }
    if (n)
        qsort(s->order, n, sizeof *s->order, cand_cmp);
    return MS_OK;
}

int draw_run(arena *a, const struct draw_roster *r, const char *seed, struct draw_result **out,
             ms_err *err)
{
    struct draw_result *res = NULL;
    struct sel s = {0};
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = text_check("seed", seed, DRAW_SEED_MAX, 1, 0, err)) != MS_OK)
        goto out;
    n = r->kind == DRAW_UNITS ? r->n_units : r->n_subs;
    s.r = r;
    s.seed = seed;
    if (!(res = arena_alloc(a, sizeof *res)) || !(res->seed = arena_strdup(a, seed))) {
        rc = oom(err);
        goto out;
    }
    res->kind = r->kind;
    res->authority = r->authority;
    res->as_of = r->as_of;
    res->rate = r->rate;
    res->n = n;
    res->k = draw_quota(r->rate, n);
    if (draw_roster_digest(r, res->roster_digest) != MS_OK) {
        rc = ms_fail(err, MS_EINTERNAL, "", "internal", "roster digest");
        goto out;
    }
    if ((rc = rank_all(a, &s, n, err)) != MS_OK)
        goto out;
    if (r->kind == DRAW_UNITS)
        select_units(&s, res->k);
    else
        for (size_t p = 0; p < res->k && p < n; p++)
            take(&s, p, "quota");
    if (r->kind == DRAW_UNITS && (rc = pick_standards(a, &s, err)) != MS_OK)
        goto out;
    res->items = s.items;
    res->n_items = s.n_items;
    *out = res;
out:
    return rc;
}

/* ============================================================ result JSON */

static json_t *picks_json(const struct draw_item *it)
{
    json_t *arr = json_array();

    for (size_t j = 0; arr && j < it->n_picks; j++) {
        const struct draw_pick *p = &it->picks[j];
        json_t *o = json_object();

        int bad = !o || json_object_set_new(o, "cert_no", json_string(p->cert_no)) ||
                  json_object_set_new(o, "field", json_string(p->field)) ||
                  json_object_set_new(o, "skey", json_real(p->skey)) ||
                  json_object_set_new(o, "reason", json_string(p->reason));

        if (bad)
            json_decref(o);
        /* append_new takes O, also when it fails */
        if (bad || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

static json_t *item_json(const struct draw_result *res, const struct draw_item *it)
{
    json_t *o = json_object();

    if (!o || json_object_set_new(o, "rank", json_integer((json_int_t)it->rank)) ||
        json_object_set_new(o, res->kind == DRAW_UNITS ? "uscc" : "code", json_string(it->id)) ||
        json_object_set_new(o, "name", json_string(it->name)) ||
        json_object_set_new(o, "u", json_real(it->u)) ||
        json_object_set_new(o, "weight", json_real(it->weight)) ||
        json_object_set_new(o, "key", json_real(it->key)) ||
        json_object_set_new(o, "reason", json_string(it->reason)) ||
        (res->kind == DRAW_UNITS && json_object_set_new(o, "standards", picks_json(it)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *draw_result_json(const struct draw_result *res)
{
    json_t *o = json_object(), *items = json_array();
    int bad = !o || !items;

    for (size_t i = 0; !bad && i < res->n_items; i++)
        bad = json_array_append_new(items, item_json(res, &res->items[i])) != 0;
    bad = bad || json_object_set_new(o, "algorithm", json_string(DRAW_ALGORITHM)) ||
          json_object_set_new(o, "kind",
                              json_string(res->kind == DRAW_UNITS ? "units" : "authorities")) ||
          json_object_set_new(o, "authority", json_string(res->authority)) ||
          json_object_set_new(o, "as_of", json_string(res->as_of)) ||
          json_object_set_new(o, "seed", json_string(res->seed)) ||
          json_object_set_new(o, "rate", json_real(res->rate)) ||
          json_object_set_new(o, "roster_digest", json_string(res->roster_digest)) ||
          json_object_set_new(o, "n", json_integer((json_int_t)res->n)) ||
          json_object_set_new(o, "k", json_integer((json_int_t)res->k)) ||
          json_object_set(o, "items", items);
    json_decref(items);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ============================================================ comparison */

/* Short text of a published value for messages. */
static void show(const json_t *v, char *buf, size_t size)
{
    size_t n;

    if (!v) {
        snprintf(buf, size, "(missing)");
        return;
    }
    n = json_dumpb(v, buf, size - 1, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17));
    if (n >= size)
        n = size - 1;
    buf[n] = '\0';
}

static int differ(ms_err *err, const char *path, const json_t *pub, const char *mine)
{
    char p[72];

    show(pub, p, sizeof p);
    return ms_failf(err, MS_ECONFLICT, path, "draw_result_differs", "%s / %s", p, mine);
}

static int cmp_str(const json_t *obj, const char *key, const char *mine, const char *prefix,
                   ms_err *err)
{
    const json_t *v = json_object_get(obj, key);
    char path[64], m[80];

    if (json_is_string(v) && strcmp(json_string_value(v), mine) == 0)
        return MS_OK;
    path_fmt(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
    snprintf(m, sizeof m, "\"%s\"", mine);
    return differ(err, path, v, m);
}

static int cmp_int(const json_t *obj, const char *key, long long mine, const char *prefix,
                   ms_err *err)
{
    const json_t *v = json_object_get(obj, key);
    char path[64], m[32];

    if (json_is_integer(v) && json_integer_value(v) == mine)
        return MS_OK;
    path_fmt(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
    snprintf(m, sizeof m, "%lld", mine);
    return differ(err, path, v, m);
}

static int cmp_real(const json_t *obj, const char *key, double mine, double tol, const char *prefix,
                    ms_err *err)
{
    const json_t *v = json_object_get(obj, key);
    char path[64], m[32];
    double x = json_is_number(v) ? json_number_value(v) : NAN;

    if (fabs(x - mine) <= tol * fmax(fabs(x), fabs(mine)))
        return MS_OK;
    path_fmt(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
    snprintf(m, sizeof m, "%.17g", mine);
    return differ(err, path, v, m);
}

static int cmp_item(const struct draw_result *res, const struct draw_item *it, const json_t *o,
                    const char *prefix, ms_err *err)
{
    const json_t *stds;
    char path[64], m[32];
    size_t n;
    int rc;

    if (!json_is_object(o))
        return differ(err, prefix, o, "{...}");
    if ((rc = cmp_int(o, "rank", (long long)it->rank, prefix, err)) != MS_OK ||
        (rc = cmp_str(o, res->kind == DRAW_UNITS ? "uscc" : "code", it->id, prefix, err)) !=
            MS_OK ||
        (json_object_get(o, "name") && (rc = cmp_str(o, "name", it->name, prefix, err)) != MS_OK) ||
        (rc = cmp_str(o, "reason", it->reason, prefix, err)) != MS_OK ||
        (rc = cmp_real(o, "weight", it->weight, 0, prefix, err)) != MS_OK ||
        (rc = cmp_real(o, "key", it->key, KEY_TOL, prefix, err)) != MS_OK ||
        (json_object_get(o, "u") && (rc = cmp_real(o, "u", it->u, KEY_TOL, prefix, err)) != MS_OK))
        return rc;
    if (res->kind != DRAW_UNITS)
        return MS_OK;
    stds = json_object_get(o, "standards");
    n = json_array_size(stds);
    for (size_t j = 0; j < n && j < it->n_picks; j++) {
        const json_t *p = json_array_get(stds, j);

        path_fmt(path, sizeof path, "%s.standards[%zu]", prefix, j);
        if (!json_is_object(p))
            return differ(err, path, p, "{...}");
        if ((rc = cmp_str(p, "cert_no", it->picks[j].cert_no, path, err)) != MS_OK ||
            (rc = cmp_str(p, "field", it->picks[j].field, path, err)) != MS_OK ||
            (rc = cmp_str(p, "reason", it->picks[j].reason, path, err)) != MS_OK)
            return rc;
    }
    if (json_is_array(stds) && n == it->n_picks)
        return MS_OK;
    path_fmt(path, sizeof path, "%s.standards", prefix);
    snprintf(m, sizeof m, "%zu", it->n_picks);
    if (!json_is_array(stds))
        return differ(err, path, stds, "[...]");
    return ms_failf(err, MS_ECONFLICT, path, "draw_result_differs", "%zu / %s", n, m);
}

int draw_result_compare(const struct draw_result *res, const json_t *pub, ms_err *err)
{
    const json_t *items = json_object_get(pub, "items");
    char path[64];
    size_t n;
    int rc;

    if (!json_is_object(pub))
        return ms_fail(err, MS_EINVAL, "", "draw_wrong_type", "object");
    if ((rc = cmp_str(pub, "algorithm", DRAW_ALGORITHM, "", err)) != MS_OK ||
        (rc = cmp_str(pub, "kind", res->kind == DRAW_UNITS ? "units" : "authorities", "", err)) !=
            MS_OK ||
        (rc = cmp_str(pub, "authority", res->authority, "", err)) != MS_OK ||
        (rc = cmp_str(pub, "as_of", res->as_of, "", err)) != MS_OK ||
        (rc = cmp_str(pub, "roster_digest", res->roster_digest, "", err)) != MS_OK ||
        (json_object_get(pub, "seed") &&
         (rc = cmp_str(pub, "seed", res->seed, "", err)) != MS_OK) ||
        (json_object_get(pub, "n") &&
         (rc = cmp_int(pub, "n", (long long)res->n, "", err)) != MS_OK) ||
        (rc = cmp_int(pub, "k", (long long)res->k, "", err)) != MS_OK)
        return rc;
    if (!json_is_array(items))
        return differ(err, "items", items, "[...]");
    n = json_array_size(items);
    for (size_t i = 0; i < n && i < res->n_items; i++) {
        path_fmt(path, sizeof path, "items[%zu]", i);
        if ((rc = cmp_item(res, &res->items[i], json_array_get(items, i), path, err)) != MS_OK)
            return rc;
    }
    if (n != res->n_items)
        return ms_failf(err, MS_ECONFLICT, "items", "draw_result_differs", "%zu / %zu", n,
                        res->n_items);
    return MS_OK;
}

/* ============================================================ commitment */

int draw_seed_commit(const char *seed, char out[SM3_HEX_LEN + 1])
{
    return sm3_hex(seed, strlen(seed), out);
}

int draw_seed_check(const char *seed, const char *commit, ms_err *err)
{
    char mine[SM3_HEX_LEN + 1];
    size_t i = 0;

    for (; commit && commit[i]; i++)
        if (!((commit[i] >= '0' && commit[i] <= '9') || (commit[i] >= 'a' && commit[i] <= 'f') ||
              (commit[i] >= 'A' && commit[i] <= 'F')))
            break;
    if (!commit || i != SM3_HEX_LEN || commit[i])
        return ms_fail(err, MS_EINVAL, "commit", "draw_bad_commit", commit ? commit : "");
    if (!seed)
        return ms_fail(err, MS_EINVAL, "seed", "required", NULL);
    if (draw_seed_commit(seed, mine) != MS_OK)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "SM3");
    if (strcasecmp(mine, commit) != 0)
        return ms_fail(err, MS_ECONFLICT, "seed", "draw_seed_mismatch", mine);
    return MS_OK;
}
