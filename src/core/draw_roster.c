/* draw_roster.c - rosters of msup-draw-1: parsing the exported JSON,
 * checking and sorting, the canonical form and its SM3 digest, the quota. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/model.h"
#include "core/text.h"
#include "core/uscc.h"

#define PATH_LEN 64

static const char *const top_units_keys[] = {"algorithm", "as_of", "authority", "kind",
                                             "rate",      "units", NULL};
static const char *const top_subs_keys[] = {"algorithm", "as_of", "authorities", "authority",
                                            "kind",      "rate",  NULL};
static const char *const unit_keys[] = {
    "complaints_24m", "credit_class", "name", "serious_violation", "standards", "uscc", NULL};
static const char *const std_keys[] = {"cert_no", "field", "sectors", NULL};
static const char *const sub_keys[] = {"code", "complaints_24m", "name", NULL};
static const char *const credit_classes[] = {"A", "B", "C", "D", NULL};

/* ============================================================ helpers */

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

/* PREFIX "." KEY, or KEY at the top. */
static void join(char out[PATH_LEN], const char *prefix, const char *key)
{
    if (prefix[0])
        path_fmt(out, PATH_LEN, "%s.%s", prefix, key);
    else
        path_fmt(out, PATH_LEN, "%s", key);
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

/* ============================================================ parsing */

static int check_keys(const json_t *obj, const char *const *allowed, const char *prefix,
                      ms_err *err)
{
    const char *key;
    json_t *v;
    char path[PATH_LEN];

    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        if (model_index(allowed, key) < 0) {
            join(path, prefix, key);
            return ms_fail(err, MS_EINVAL, path, "draw_unknown_key", key);
        }
    }
    return MS_OK;
}

/* The member KEY of OBJ, which must exist and have TYPE (NULL_OK: or null). */
static int member(const json_t *obj, const char *key, json_type type, int null_ok,
                  const char *prefix, json_t **out, ms_err *err)
{
    static const char *const names[] = {"object", "array",   "string",  "integer",
                                        "number", "boolean", "boolean", "null"};
    json_t *v = json_object_get(obj, key);
    char path[PATH_LEN];
    int ok;

    *out = v;
    if (!v)
        ok = 0;
    else if (type == JSON_REAL)
        ok = json_is_number(v);
    else if (type == JSON_TRUE)
        ok = json_is_boolean(v);
    else
        ok = json_typeof(v) == type || (null_ok && json_is_null(v));
    if (ok)
        return MS_OK;
    join(path, prefix, key);
    if (!v)
        return ms_fail(err, MS_EINVAL, path, "required", NULL);
    return ms_fail(err, MS_EINVAL, path, "draw_wrong_type", names[type]);
}

/* A string member, copied into A. */
static int string_member(arena *a, const json_t *obj, const char *key, const char *prefix,
                         const char **out, ms_err *err)
{
    json_t *v;
    int rc = member(obj, key, JSON_STRING, 0, prefix, &v, err);

    if (rc != MS_OK)
        return rc;
    *out = arena_strdup(a, json_string_value(v));
    return *out ? MS_OK : oom(err);
}

static int parse_sectors(const json_t *arr, const char *prefix, unsigned *mask, ms_err *err)
{
    char path[PATH_LEN];
    size_t i;
    json_t *v;

    *mask = 0;
    json_array_foreach(arr, i, v)
    {
        int s = -1;

        path_fmt(path, sizeof path, "%s[%zu]", prefix, i);
        if (!json_is_string(v))
            return ms_fail(err, MS_EINVAL, path, "draw_wrong_type", "string");
        for (int j = 0; j < MODEL_SECTOR_COUNT; j++)
            if (strcmp(model_sectors[j], json_string_value(v)) == 0)
                s = j;
        if (s < 0)
            return ms_fail(err, MS_EINVAL, path, "draw_bad_sector", json_string_value(v));
        if (*mask & (1u << s))
            return ms_fail(err, MS_EINVAL, path, "draw_duplicate", json_string_value(v));
        *mask |= 1u << s;
    }
    return MS_OK;
}

static int parse_standard(arena *a, const json_t *o, const char *prefix, struct draw_standard *s,
                          ms_err *err)
{
    json_t *v;
    char path[PATH_LEN];
    int rc;

    join(path, prefix, "sectors");
    if ((rc = check_keys(o, std_keys, prefix, err)) != MS_OK ||
        (rc = string_member(a, o, "cert_no", prefix, &s->cert_no, err)) != MS_OK ||
        (rc = string_member(a, o, "field", prefix, &s->field, err)) != MS_OK ||
        (rc = member(o, "sectors", JSON_ARRAY, 0, prefix, &v, err)) != MS_OK)
        return rc;
    return parse_sectors(v, path, &s->sectors, err);
}

static int parse_unit(arena *a, const json_t *o, const char *prefix, struct draw_unit *u,
                      ms_err *err)
{
    json_t *v, *stds;
    char path[PATH_LEN];
    size_t i;
    int rc;

    if ((rc = check_keys(o, unit_keys, prefix, err)) != MS_OK ||
        (rc = string_member(a, o, "uscc", prefix, &u->uscc, err)) != MS_OK ||
        (rc = string_member(a, o, "name", prefix, &u->name, err)) != MS_OK ||
        (rc = member(o, "complaints_24m", JSON_INTEGER, 0, prefix, &v, err)) != MS_OK)
        return rc;
    u->complaints_24m = (int64_t)json_integer_value(v);
    if ((rc = member(o, "serious_violation", JSON_TRUE, 0, prefix, &v, err)) != MS_OK)
        return rc;
    u->serious_violation = json_is_true(v);
    if ((rc = member(o, "credit_class", JSON_STRING, 1, prefix, &v, err)) != MS_OK)
        return rc;
    if (json_is_string(v) && !(u->credit_class = arena_strdup(a, json_string_value(v))))
        return oom(err);
    if ((rc = member(o, "standards", JSON_ARRAY, 0, prefix, &stds, err)) != MS_OK)
        return rc;
    u->n_standards = json_array_size(stds);
    if (u->n_standards) {
        u->standards = arena_alloc(a, u->n_standards * sizeof *u->standards);
        if (!u->standards)
            return oom(err);
    }
    json_array_foreach(stds, i, v)
    {
        path_fmt(path, sizeof path, "%s.standards[%zu]", prefix, i);
        if (!json_is_object(v))
            return ms_fail(err, MS_EINVAL, path, "draw_wrong_type", "object");
        if ((rc = parse_standard(a, v, path, &u->standards[i], err)) != MS_OK)
            return rc;
    }
    return MS_OK;
}

static int parse_sub(arena *a, const json_t *o, const char *prefix, struct draw_sub *s, ms_err *err)
{
    json_t *v;
    int rc;

    if ((rc = check_keys(o, sub_keys, prefix, err)) != MS_OK ||
        (rc = string_member(a, o, "code", prefix, &s->code, err)) != MS_OK ||
        (rc = string_member(a, o, "name", prefix, &s->name, err)) != MS_OK ||
        (rc = member(o, "complaints_24m", JSON_INTEGER, 0, prefix, &v, err)) != MS_OK)
        return rc;
    s->complaints_24m = (int64_t)json_integer_value(v);
    return MS_OK;
}

/* The list of a roster: "units" or "authorities". */
static int parse_list(arena *a, const json_t *root, struct draw_roster *r, ms_err *err)
{
    const char *name = r->kind == DRAW_UNITS ? "units" : "authorities";
    size_t size = r->kind == DRAW_UNITS ? sizeof(struct draw_unit) : sizeof(struct draw_sub);
    char path[PATH_LEN];
    json_t *list, *v;
    void *items = NULL;
    size_t i, n;
    int rc;

    if ((rc = member(root, name, JSON_ARRAY, 0, "", &list, err)) != MS_OK)
        return rc;
    n = json_array_size(list);
    if (n && !(items = arena_alloc(a, n * size)))
        return oom(err);
    json_array_foreach(list, i, v)
    {
        path_fmt(path, sizeof path, "%s[%zu]", name, i);
        if (!json_is_object(v))
            return ms_fail(err, MS_EINVAL, path, "draw_wrong_type", "object");
        rc = r->kind == DRAW_UNITS ? parse_unit(a, v, path, (struct draw_unit *)items + i, err)
                                   : parse_sub(a, v, path, (struct draw_sub *)items + i, err);
        if (rc != MS_OK)
            return rc;
    }
    if (r->kind == DRAW_UNITS)
        r->units = items, r->n_units = n;
    else
        r->subs = items, r->n_subs = n;
    return MS_OK;
}

static int parse_top(arena *a, const json_t *root, struct draw_roster *r, ms_err *err)
{
    const char *algorithm, *kind;
    json_t *v;
    int rc;

    if ((rc = string_member(a, root, "algorithm", "", &algorithm, err)) != MS_OK)
        return rc;
    if (strcmp(algorithm, DRAW_ALGORITHM) != 0)
        return ms_fail(err, MS_EINVAL, "algorithm", "draw_bad_algorithm", algorithm);
    if ((rc = string_member(a, root, "kind", "", &kind, err)) != MS_OK)
        return rc;
    if (strcmp(kind, "units") == 0)
        r->kind = DRAW_UNITS;
    else if (strcmp(kind, "authorities") == 0)
        r->kind = DRAW_AUTHORITIES;
    else
        return ms_fail(err, MS_EINVAL, "kind", "invalid_enum", kind);
    if ((rc = check_keys(root, r->kind == DRAW_UNITS ? top_units_keys : top_subs_keys, "", err)) !=
            MS_OK ||
        (rc = string_member(a, root, "authority", "", &r->authority, err)) != MS_OK ||
        (rc = string_member(a, root, "as_of", "", &r->as_of, err)) != MS_OK ||
        (rc = member(root, "rate", JSON_REAL, 0, "", &v, err)) != MS_OK)
        return rc;
    r->rate = json_number_value(v);
    return parse_list(a, root, r, err);
}

int draw_roster_parse(arena *a, const char *text, size_t len, struct draw_roster **out, ms_err *err)
{
    struct draw_roster *r = NULL;
    json_error_t jerr;
    json_t *root = NULL;
    int rc;

    *out = NULL;
    root = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!root) {
        rc = ms_failf(err, MS_EINVAL, "", "draw_bad_json", "%s (line %d, column %d)",
                      text ? jerr.text : "no text", text ? jerr.line : 0, text ? jerr.column : 0);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = ms_fail(err, MS_EINVAL, "", "draw_wrong_type", "object");
        goto out;
    }
    if (!(r = arena_alloc(a, sizeof *r))) {
        rc = oom(err);
        goto out;
    }
    if ((rc = parse_top(a, root, r, err)) != MS_OK || (rc = draw_roster_normalize(r, err)) != MS_OK)
        goto out;
    *out = r;
out:
    json_decref(root);
    return rc;
}

/* ============================================================ checks */

/* On failure, name the place in ERR: LIST[I].KEY, or with J != SIZE_MAX
 * LIST[I].standards[J].KEY. Paths are built only here, after a failure:
 * a roster of a whole province is checked without formatting any. */
static int at_item(ms_err *err, int rc, const char *list, size_t i, size_t j, const char *key)
{
    if (rc == MS_OK || !err)
        return rc;
    if (j != SIZE_MAX)
        path_fmt(err->field, sizeof err->field, "%s[%zu].standards[%zu].%s", list, i, j, key);
    else
        path_fmt(err->field, sizeof err->field, "%s[%zu].%s", list, i, key);
    return rc;
}

static int check_count(int64_t n, ms_err *err)
{
    if (n < 0)
        return ms_failf(err, MS_EINVAL, "", "draw_bad_count", "%lld", (long long)n);
    return MS_OK;
}

/* Standard J of unit I. */
static int check_standard(const struct draw_standard *s, size_t i, size_t j, ms_err *err)
{
    int rc = text_check("", s->cert_no, DRAW_CERT_MAX, 1, 0, err);

    if (rc == MS_OK && strpbrk(s->cert_no, " \t"))
        rc = ms_fail(err, MS_EINVAL, "", "draw_cert_space", s->cert_no);
    if (rc != MS_OK)
        return at_item(err, rc, "units", i, j, "cert_no");
    if (!s->field || strlen(s->field) != 2 || !field_find(s->field))
        return at_item(err, ms_fail(err, MS_EINVAL, "", "draw_bad_field", s->field ? s->field : ""),
                       "units", i, j, "field");
    if (s->sectors >= 1u << MODEL_SECTOR_COUNT)
        return at_item(err, ms_failf(err, MS_EINVAL, "", "draw_bad_sector", "0x%x", s->sectors),
                       "units", i, j, "sectors");
    return MS_OK;
}

/* Unit I. */
static int check_unit(const struct draw_unit *u, size_t i, ms_err *err)
{
    char norm[USCC_LEN + 1];
    int rc = u->uscc ? uscc_validate(u->uscc, norm, NULL, err)
                     : ms_fail(err, MS_EINVAL, "", "required", NULL);

    if (rc == MS_OK && strcmp(norm, u->uscc) != 0)
        rc = ms_fail(err, MS_EINVAL, "", "draw_not_normal", norm);
    if (rc != MS_OK)
        return at_item(err, rc, "units", i, SIZE_MAX, "uscc");
    if ((rc = text_check("", u->name, DRAW_NAME_MAX, 1, 0, err)) != MS_OK)
        return at_item(err, rc, "units", i, SIZE_MAX, "name");
    if ((rc = check_count(u->complaints_24m, err)) != MS_OK)
        return at_item(err, rc, "units", i, SIZE_MAX, "complaints_24m");
    if (u->credit_class && model_index(credit_classes, u->credit_class) < 0)
        return at_item(err, ms_fail(err, MS_EINVAL, "", "draw_bad_credit", u->credit_class),
                       "units", i, SIZE_MAX, "credit_class");
    if (!u->n_standards)
        return at_item(err, ms_fail(err, MS_EINVAL, "", "draw_no_standards", NULL), "units", i,
                       SIZE_MAX, "standards");
    for (size_t j = 0; j < u->n_standards; j++)
        if ((rc = check_standard(&u->standards[j], i, j, err)) != MS_OK)
            return rc;
    return MS_OK;
}

/* Subordinate authority I. */
static int check_sub(const struct draw_sub *s, size_t i, ms_err *err)
{
    int rc;

    if ((rc = text_check("", s->code, DRAW_CODE_MAX, 1, 0, err)) != MS_OK)
        return at_item(err, rc, "authorities", i, SIZE_MAX, "code");
    if ((rc = text_check("", s->name, DRAW_NAME_MAX, 1, 0, err)) != MS_OK)
        return at_item(err, rc, "authorities", i, SIZE_MAX, "name");
    if ((rc = check_count(s->complaints_24m, err)) != MS_OK)
        return at_item(err, rc, "authorities", i, SIZE_MAX, "complaints_24m");
    return MS_OK;
}

/* A name to find duplicates by: the string, and where it was. */
struct tag {
    const char *s;
    size_t i, j; /* position of the owner (and of the standard) */
};

static int tag_cmp(const void *a, const void *b)
{
    const struct tag *x = a, *y = b;
    int c = strcmp(x->s, y->s);

    if (c)
        return c;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Sort TAGS; fail on the second of two equal ones, naming it in LIST
 * ("units", "authorities") with KEY, and for standards their index too. */
static int find_dups(struct tag *tags, size_t n, const char *list, int standards, const char *key,
                     ms_err *err)
{
    if (n)
        qsort(tags, n, sizeof *tags, tag_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(tags[i - 1].s, tags[i].s) == 0)
            return at_item(err, ms_fail(err, MS_EINVAL, "", "draw_duplicate", tags[i].s), list,
                           tags[i].i, standards ? tags[i].j : SIZE_MAX, key);
    return MS_OK;
}

static int std_cmp(const void *a, const void *b)
{
    return strcmp(((const struct draw_standard *)a)->cert_no,
                  ((const struct draw_standard *)b)->cert_no);
}

/* Duplicate uscc, cert_no or code are errors; then R is put in canonical
 * order through the sorted tags (R is untouched on failure). */
static int sort_unique(struct draw_roster *r, ms_err *err)
{
    int units = r->kind == DRAW_UNITS;
    size_t n = units ? r->n_units : r->n_subs, cap = n, size;
    struct tag *tags = NULL;
    unsigned char *tmp = NULL, *base = units ? (void *)r->units : (void *)r->subs;
    int rc;

    for (size_t i = 0; units && i < r->n_units; i++)
        cap += r->units[i].n_standards;
    size = units ? sizeof *r->units : sizeof *r->subs;
    if (cap && (!(tags = ms_malloc(cap * sizeof *tags)) || !(tmp = ms_malloc(n * size + 1)))) {
        rc = oom(err);
        goto out;
    }
    /* certificate numbers are unique across the roster */
    for (size_t i = 0, k = 0; units && i < r->n_units; i++)
        for (size_t j = 0; j < r->units[i].n_standards; j++)
            tags[k++] = (struct tag){r->units[i].standards[j].cert_no, i, j};
    if (units && (rc = find_dups(tags, cap - n, "units", 1, "cert_no", err)) != MS_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        tags[i] = (struct tag){units ? r->units[i].uscc : r->subs[i].code, i, 0};
    if ((rc = find_dups(tags, n, units ? "units" : "authorities", 0, units ? "uscc" : "code",
                        err)) != MS_OK)
        goto out;
    for (size_t k = 0; k < n; k++)
        memcpy(tmp + k * size, base + tags[k].i * size, size);
    if (n)
        memcpy(base, tmp, n * size);
    for (size_t i = 0; units && i < r->n_units; i++)
        if (r->units[i].n_standards > 1)
            qsort(r->units[i].standards, r->units[i].n_standards, sizeof *r->units[i].standards,
                  std_cmp);
    rc = MS_OK;
out:
    ms_free(tmp);
    ms_free(tags);
    return rc;
}

int draw_roster_normalize(struct draw_roster *r, ms_err *err)
{
    char rate[32];
    int rc;

    if (r->kind != DRAW_UNITS && r->kind != DRAW_AUTHORITIES)
        return ms_failf(err, MS_EINVAL, "kind", "invalid_enum", "%d", r->kind);
    if ((rc = text_check("authority", r->authority, DRAW_CODE_MAX, 1, 0, err)) != MS_OK ||
        (rc = date_parse(r->as_of, NULL, "as_of", err)) != MS_OK)
        return rc;
    if (!(r->rate > 0 && r->rate <= 1))
        return ms_fail(err, MS_EINVAL, "rate", "draw_bad_rate", draw_rate_text(r->rate, rate));
    for (size_t i = 0; r->kind == DRAW_UNITS && i < r->n_units; i++)
        if ((rc = check_unit(&r->units[i], i, err)) != MS_OK)
            return rc;
    for (size_t i = 0; r->kind == DRAW_AUTHORITIES && i < r->n_subs; i++)
        if ((rc = check_sub(&r->subs[i], i, err)) != MS_OK)
            return rc;
    return sort_unique(r, err);
}

/* ============================================================ canonical form */

/* Smallest precision 1..17 with which "%.*g" reads back as RATE. */
static int rate_precision(double rate)
{
    char buf[40];

    for (int p = 1; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, rate);
        if (strtod(buf, NULL) == rate)
            return p;
    }
    return 17;
}

char *draw_rate_text(double rate, char buf[32])
{
    /* The way jansson writes a real: %.*g, ".0" when it looks like an
     * integer, exponent without '+' and leading zeros (jsonp_dtostr). */
    json_t *v = json_real(rate);
    size_t n = 0;

    buf[0] = '\0';
    if (v && isfinite(rate))
        n = json_dumpb(v, buf, 31, JSON_ENCODE_ANY | JSON_REAL_PRECISION(rate_precision(rate)));
    if (!v || !isfinite(rate) || n == 0 || n > 31)
        snprintf(buf, 32, "%g", rate);
    else
        buf[n] = '\0';
    json_decref(v);
    return buf;
}

/* The canonical text is written directly (a roster can hold thousands of
 * units; building jansson objects only to sort their keys costs more than
 * the draw). It is byte for byte what jansson writes with JSON_COMPACT |
 * JSON_SORT_KEYS and the rate's precision: the tests compare the two. */
struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->cap - b->n <= n) {
        size_t cap = b->cap ? b->cap : 4096;
        char *q;

        while (cap - b->n <= n)
            cap *= 2;
        if (!(q = ms_realloc(b->p, cap))) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void sb_lit(struct sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* A JSON string as jansson escapes it: \" \\ \b \f \n \r \t, other
 * control characters as \u00XX (upper case), everything else as is. */
static void sb_str(struct sbuf *b, const char *s)
{
    const char *run = s;
    char esc[8];

    sb_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, run, (size_t)(s - run));
        run = s + 1;
        switch (c) {
        case '"': sb_lit(b, "\\\""); break;
        case '\\': sb_lit(b, "\\\\"); break;
        case '\b': sb_lit(b, "\\b"); break;
        case '\f': sb_lit(b, "\\f"); break;
        case '\n': sb_lit(b, "\\n"); break;
        case '\r': sb_lit(b, "\\r"); break;
        case '\t': sb_lit(b, "\\t"); break;
        default: snprintf(esc, sizeof esc, "\\u%04X", c); sb_lit(b, esc);
        }
    }
    sb_put(b, run, (size_t)(s - run));
    sb_put(b, "\"", 1);
}

static void sb_int(struct sbuf *b, int64_t v)
{
    char num[24];

    snprintf(num, sizeof num, "%lld", (long long)v);
    sb_lit(b, num);
}

/* The sectors of MASK as an array sorted by name. */
static void sb_sectors(struct sbuf *b, unsigned mask)
{
    const char *names[MODEL_SECTOR_COUNT];
    int n = 0;

    for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
        if (mask & (1u << i))
            names[n++] = model_sectors[i];
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    sb_put(b, "[", 1);
    for (int i = 0; i < n; i++) {
        if (i)
            sb_put(b, ",", 1);
        sb_str(b, names[i]);
    }
    sb_put(b, "]", 1);
}

/* Keys in sorted order: complaints_24m credit_class name serious_violation
 * standards uscc; a standard: cert_no field sectors. */
static void sb_unit(struct sbuf *b, const struct draw_unit *u)
{
    sb_lit(b, "{\"complaints_24m\":");
    sb_int(b, u->complaints_24m);
    sb_lit(b, ",\"credit_class\":");
    if (u->credit_class)
        sb_str(b, u->credit_class);
    else
        sb_lit(b, "null");
    sb_lit(b, ",\"name\":");
    sb_str(b, u->name);
    sb_lit(b,
           u->serious_violation ? ",\"serious_violation\":true" : ",\"serious_violation\":false");
    sb_lit(b, ",\"standards\":[");
    for (size_t j = 0; j < u->n_standards; j++) {
        sb_lit(b, j ? ",{\"cert_no\":" : "{\"cert_no\":");
        sb_str(b, u->standards[j].cert_no);
        sb_lit(b, ",\"field\":");
        sb_str(b, u->standards[j].field);
        sb_lit(b, ",\"sectors\":");
        sb_sectors(b, u->standards[j].sectors);
        sb_put(b, "}", 1);
    }
    sb_lit(b, "],\"uscc\":");
    sb_str(b, u->uscc);
    sb_put(b, "}", 1);
}

/* Keys in sorted order: code complaints_24m name. */
static void sb_sub(struct sbuf *b, const struct draw_sub *s)
{
    sb_lit(b, "{\"code\":");
    sb_str(b, s->code);
    sb_lit(b, ",\"complaints_24m\":");
    sb_int(b, s->complaints_24m);
    sb_lit(b, ",\"name\":");
    sb_str(b, s->name);
    sb_put(b, "}", 1);
}

char *draw_roster_json(const struct draw_roster *r, size_t *len)
{
    struct sbuf b = {0};
    char rate[32];
    int units = r->kind == DRAW_UNITS;

    if (len)
        *len = 0;
    /* top-level keys sorted: algorithm as_of [authorities] authority kind
     * rate [units] */
    sb_lit(&b, "{\"algorithm\":");
    sb_str(&b, DRAW_ALGORITHM);
    sb_lit(&b, ",\"as_of\":");
    sb_str(&b, r->as_of);
    if (!units) {
        sb_lit(&b, ",\"authorities\":[");
        for (size_t i = 0; i < r->n_subs; i++) {
            if (i)
                sb_put(&b, ",", 1);
            sb_sub(&b, &r->subs[i]);
        }
        sb_put(&b, "]", 1);
    }
    sb_lit(&b, ",\"authority\":");
    sb_str(&b, r->authority);
    sb_lit(&b, units ? ",\"kind\":\"units\",\"rate\":" : ",\"kind\":\"authorities\",\"rate\":");
    sb_lit(&b, draw_rate_text(r->rate, rate));
    if (units) {
        sb_lit(&b, ",\"units\":[");
        for (size_t i = 0; i < r->n_units; i++) {
            if (i)
                sb_put(&b, ",", 1);
            sb_unit(&b, &r->units[i]);
        }
        sb_put(&b, "]", 1);
    }
    sb_put(&b, "}", 1);
    sb_put(&b, "", 1); /* the NUL */
    if (b.oom) {
        ms_free(b.p);
        return NULL;
    }
    if (len)
        *len = b.n - 1;
    return b.p;
}

int draw_roster_digest(const struct draw_roster *r, char out[SM3_HEX_LEN + 1])
{
    size_t n;
    char *text = draw_roster_json(r, &n);
    int rc = text ? sm3_hex(text, n, out) : MS_EINTERNAL;

    if (!text)
        out[0] = '\0';
    ms_free(text);
    return rc;
}

/* ============================================================ quota */

size_t draw_quota(double rate, size_t n)
{
    unsigned __int128 m = 0, d = 1, prod;
    char buf[40], *p;
    int prec, e;

    if (n == 0 || !(rate > 0 && rate <= 1))
        return 0;
    /* RATE = M x 10^E exactly for the shortest decimal that reads back. */
    prec = rate_precision(rate);
    snprintf(buf, sizeof buf, "%.*e", prec - 1, rate);
    for (p = buf; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            m = m * 10 + (unsigned)(*p - '0');
    e = atoi(p + 1) - (prec - 1);
    prod = m * n;
    if (e >= 0) { /* only RATE = 1 gets here */
        while (e-- > 0)
            prod *= 10;
        return (size_t)prod;
    }
    if (-e > 38) /* 10^-e exceeds any M x N: a positive rate gives 1 */
        return 1;
    while (e++ < 0)
        d *= 10;
    return (size_t)((prod + d - 1) / d);
}
