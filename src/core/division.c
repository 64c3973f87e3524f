/* division.c - GB/T 2260 division lists: parsing, lookup, validation.
 *
 * A list is one copy of the CSV text (names point into it) and an array of
 * rows sorted by code and valid_from, searched by bisection. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/division.h"
#include "core/embed.h"

#define DIVISIONS_CSV "data/divisions.csv"
#define HEADER        "code,name,level,parent,valid_from,valid_to"

struct row {
    division d;
    long line; /* line number in the CSV, for error messages */
};

struct division_list {
    struct row *rows;
    size_t n;
    char *text; /* the CSV, cut into NUL-terminated fields */
};

/* ------------------------------------------------------------------------ */
/* Provinces                                                                */
/* ------------------------------------------------------------------------ */

static const struct province {
    char code[3];
    const char *short_name;
} provinces[] = {
    {"11", "京"}, {"12", "津"}, {"13", "冀"}, {"14", "晋"}, {"15", "蒙"}, {"21", "辽"},
    {"22", "吉"}, {"23", "黑"}, {"31", "沪"}, {"32", "苏"}, {"33", "浙"}, {"34", "皖"},
    {"35", "闽"}, {"36", "赣"}, {"37", "鲁"}, {"41", "豫"}, {"42", "鄂"}, {"43", "湘"},
    {"44", "粤"}, {"45", "桂"}, {"46", "琼"}, {"50", "渝"}, {"51", "川"}, {"52", "黔"},
    {"53", "滇"}, {"54", "藏"}, {"61", "陕"}, {"62", "甘"}, {"63", "青"}, {"64", "宁"},
    {"65", "新"}, {"71", "台"}, {"81", "港"}, {"82", "澳"},
};

/* Short names also seen in certificate numbers, and the central one. */
static const struct province alternates[] = {
    {"51", "蜀"}, {"52", "贵"}, {"53", "云"}, {"61", "秦"}, {"62", "陇"}, {"10", "国"},
};

static const struct province *province_of(const char *code)
{
    if (!code || !code[0] || !code[1])
        return NULL;
    for (size_t i = 0; i < MS_ARRAY_LEN(provinces); i++)
        if (provinces[i].code[0] == code[0] && provinces[i].code[1] == code[1])
            return &provinces[i];
    return NULL;
}

int division_is_province_prefix(const char *code)
{
    return province_of(code) != NULL;
}

const char *division_province_short(const char *code)
{
    const struct province *p = province_of(code);

    if (p)
        return p->short_name;
    if (code && code[0] == '1' && code[1] == '0')
        return "国";
    return NULL;
}

const char *division_province_by_short(const char *short_name)
{
    if (!short_name)
        return NULL;
    for (size_t i = 0; i < MS_ARRAY_LEN(provinces); i++)
        if (strcmp(provinces[i].short_name, short_name) == 0)
            return provinces[i].code;
    for (size_t i = 0; i < MS_ARRAY_LEN(alternates); i++)
        if (strcmp(alternates[i].short_name, short_name) == 0)
            return alternates[i].code;
    return NULL;
}

const char *division_level_name(enum division_level level)
{
    switch (level) {
    case DIVISION_PROVINCE: return "province";
    case DIVISION_PREFECTURE: return "prefecture";
    case DIVISION_COUNTY: return "county";
    }
    return "?";
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                  */
/* ------------------------------------------------------------------------ */

static int is_code(const char *s)
{
    for (int i = 0; i < DIVISION_CODE_LEN; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[DIVISION_CODE_LEN] == '\0';
}

/* 1 if CODE has the shape of LEVEL: XX0000, XXYY00 (YY != 00), XXYYZZ (ZZ != 00). */
static int shape_ok(const char *code, enum division_level level)
{
    int pref00 = code[2] == '0' && code[3] == '0';
    int county00 = code[4] == '0' && code[5] == '0';

    switch (level) {
    case DIVISION_PROVINCE: return pref00 && county00;
    case DIVISION_PREFECTURE: return !pref00 && county00;
    case DIVISION_COUNTY: return !county00;
    }
    return 0;
}

/* 1 if PARENT is a possible ancestor of CODE at LEVEL: its province, or for a
 * county its prefecture. */
static int ancestor_ok(const char *code, const char *parent, enum division_level level)
{
    if (memcmp(code, parent, 2) != 0 || strcmp(parent + 4, "00") != 0)
        return 0;
    if (strcmp(parent + 2, "0000") == 0)
        return 1;
    return level == DIVISION_COUNTY && memcmp(code, parent, 4) == 0;
}

static int row_cmp(const void *a, const void *b)
{
    const division *x = &((const struct row *)a)->d, *y = &((const struct row *)b)->d;
    long lx = ((const struct row *)a)->line, ly = ((const struct row *)b)->line;
    int c = strcmp(x->code, y->code);

    if (!c)
        c = strcmp(x->valid_from, y->valid_from);
    return c ? c : (lx > ly) - (lx < ly);
}

static size_t lower_bound(const division_list *l, const char *code)
{
    size_t lo = 0, hi = l->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->rows[mid].d.code, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int list_error(ms_err *err, long line, const char *what, const char *value)
{
    ms_failf(err, MS_EINVAL, "divisions", "invalid_division_list", "%s%s%.60s", what,
             value ? ": " : "", value ? value : "");
    if (err)
        err->row = line;
    return MS_EINVAL;
}

/* Cut LINE (NUL-terminated) at commas into exactly N fields. */
static int split(char *line, char **f, int n)
{
    int i = 0;

    f[i++] = line;
    for (char *p = line; *p; p++) {
        if (*p != ',')
            continue;
        if (i == n)
            return 0;
        *p = '\0';
        f[i++] = p + 1;
    }
    return i == n;
}

/* Fill R from the six fields F of line LINE. */
static int parse_row(char **f, long line, struct row *r, ms_err *err)
{
    division *d = &r->d;
    int rc = MS_OK;

    memset(r, 0, sizeof *r);
    r->line = line;
    if (!is_code(f[0])) {
        rc = list_error(err, line, "code", f[0]);
        goto out;
    }
    memcpy(d->code, f[0], sizeof d->code);
    if (!f[1][0]) {
        rc = list_error(err, line, "empty name", NULL);
        goto out;
    }
    d->name = f[1];
    if (strcmp(f[2], "province") == 0)
        d->level = DIVISION_PROVINCE;
    else if (strcmp(f[2], "prefecture") == 0)
        d->level = DIVISION_PREFECTURE;
    else if (strcmp(f[2], "county") == 0)
        d->level = DIVISION_COUNTY;
    else {
        rc = list_error(err, line, "level", f[2]);
        goto out;
    }
    if (!shape_ok(d->code, d->level)) {
        rc = list_error(err, line, "code does not fit the level", f[0]);
        goto out;
    }
    if (d->level == DIVISION_PROVINCE ? f[3][0] != '\0'
                                      : !is_code(f[3]) || !ancestor_ok(d->code, f[3], d->level)) {
        rc = list_error(err, line, "parent", f[3][0] ? f[3] : "(empty)");
        goto out;
    }
    memcpy(d->parent, f[3], strlen(f[3]) + 1);
    for (int i = 4; i < 6; i++) {
        if (f[i][0] && !date_is_valid_str(f[i])) {
            rc = list_error(err, line, i == 4 ? "valid_from" : "valid_to", f[i]);
            goto out;
        }
    }
    memcpy(d->valid_from, f[4], strlen(f[4]) + 1);
    memcpy(d->valid_to, f[5], strlen(f[5]) + 1);
    if (d->valid_from[0] && d->valid_to[0] && strcmp(d->valid_from, d->valid_to) > 0) {
        rc = list_error(err, line, "valid_from is after valid_to", d->valid_from);
        goto out;
    }
out:
    return rc;
}

/* After sorting: rows of one code must not overlap, parents must exist. */
static int check_list(const division_list *l, ms_err *err)
{
    int rc = MS_OK;

    for (size_t i = 0; i < l->n; i++) {
        const struct row *r = &l->rows[i];
        if (i > 0 && strcmp(l->rows[i - 1].d.code, r->d.code) == 0) {
            const division *prev = &l->rows[i - 1].d;
            if (!prev->valid_to[0] || !r->d.valid_from[0] ||
                strcmp(prev->valid_to, r->d.valid_from) >= 0) {
                rc = list_error(err, r->line, "overlaps an earlier row of", r->d.code);
                goto out;
            }
        }
        if (r->d.parent[0]) {
            size_t p = lower_bound(l, r->d.parent);
            if (p == l->n || strcmp(l->rows[p].d.code, r->d.parent) != 0) {
                rc = list_error(err, r->line, "parent not listed", r->d.parent);
                goto out;
            }
        }
    }
out:
    return rc;
}

int division_list_parse(const char *buf, size_t len, division_list **out, ms_err *err)
{
    division_list *l = NULL;
    size_t cap = 1;
    long line = 0;
    int have_header = 0, rc = MS_OK;
    char *p, *end;

    *out = NULL;
    l = ms_calloc(1, sizeof *l);
    if (!l || !(l->text = ms_malloc(len + 1))) {
        rc = ms_fail(err, MS_EINTERNAL, "divisions", "out_of_memory", NULL);
        goto out;
    }
    memcpy(l->text, buf, len);
    l->text[len] = '\0';
    for (size_t i = 0; i < len; i++) {
        if (l->text[i] == '\0') {
            rc = list_error(err, (long)cap, "NUL byte", NULL);
            goto out;
        }
        cap += l->text[i] == '\n';
    }
    l->rows = ms_calloc(cap, sizeof *l->rows);
    if (!l->rows) {
        rc = ms_fail(err, MS_EINTERNAL, "divisions", "out_of_memory", NULL);
        goto out;
    }
    p = l->text;
    end = l->text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        char *f[6];

        line++;
        *eol = '\0';
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        if (*p == '\0' || *p == '#') {
            p = eol + 1;
            continue;
        }
        if (!have_header) {
            if (strcmp(p, HEADER) != 0) {
                rc = list_error(err, line, "header should be", HEADER);
                goto out;
            }
            have_header = 1;
            p = eol + 1;
            continue;
        }
        if (strchr(p, '"')) {
            rc = list_error(err, line, "quoted fields are not supported", NULL);
            goto out;
        }
        if (!split(p, f, 6)) {
            rc = list_error(err, line, "expected 6 columns", HEADER);
            goto out;
        }
        rc = parse_row(f, line, &l->rows[l->n], err);
        if (rc != MS_OK)
            goto out;
        l->n++;
        p = eol + 1;
    }
    if (!have_header) {
        rc = list_error(err, line, "no header", HEADER);
        goto out;
    }
    qsort(l->rows, l->n, sizeof *l->rows, row_cmp);
    rc = check_list(l, err);
    if (rc != MS_OK)
        goto out;
    *out = l;
    l = NULL;
out:
    division_list_free(l);
    return rc;
}

void division_list_free(division_list *l)
{
    if (!l)
        return;
    ms_free(l->rows);
    ms_free(l->text);
    ms_free(l);
}

/* ------------------------------------------------------------------------ */
/* The default list                                                         */
/* ------------------------------------------------------------------------ */

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static division_list *default_list;
static ms_err default_err;

static void load_default(void)
{
    const struct embed_file *f = embed_find(DIVISIONS_CSV);

    if (!f) {
        ms_fail(&default_err, MS_EINTERNAL, "divisions", "internal", DIVISIONS_CSV " not embedded");
        return;
    }
    if (division_list_parse(f->data, f->size, &default_list, &default_err) != MS_OK)
        default_err.code = MS_EINTERNAL;
}

const division_list *division_default(ms_err *err)
{
    pthread_once(&default_once, load_default);
    if (!default_list && err)
        *err = default_err;
    return default_list;
}

static const division_list *resolve(const division_list *l)
{
    return l ? l : division_default(NULL);
}

size_t division_count(const division_list *l)
{
    l = resolve(l);
    return l ? l->n : 0;
}

const division *division_at(const division_list *l, size_t i)
{
    l = resolve(l);
    return l && i < l->n ? &l->rows[i].d : NULL;
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

int division_in_force(const division *d, const char *as_of)
{
    if (!as_of || !as_of[0])
        return 1;
    if (d->valid_from[0] && strcmp(as_of, d->valid_from) < 0)
        return 0;
    if (d->valid_to[0] && strcmp(as_of, d->valid_to) > 0)
        return 0;
    return 1;
}

const division *division_find(const division_list *l, const char *code, const char *as_of)
{
    const division *found = NULL;
    size_t i;

    l = resolve(l);
    if (!l || !code || !is_code(code))
        return NULL;
    if (as_of && as_of[0] && !date_is_valid_str(as_of))
        return NULL;
    for (i = lower_bound(l, code); i < l->n && strcmp(l->rows[i].d.code, code) == 0; i++) {
        const division *d = &l->rows[i].d;
        if (as_of && as_of[0]) {
            if (division_in_force(d, as_of))
                return d;
        } else {
            found = d; /* the latest so far */
            if (!d->valid_to[0])
                return d;
        }
    }
    return found;
}

const division *division_parent(const division_list *l, const division *d, const char *as_of)
{
    const division *p;

    if (!d || !d->parent[0])
        return NULL;
    p = division_find(l, d->parent, as_of);
    return p ? p : division_find(l, d->parent, NULL);
}

int division_full_name(const division_list *l, const char *code, const char *as_of, char *buf,
                       size_t size)
{
    const division *chain[3];
    const division *d = division_find(l, code, as_of);
    size_t n = 0, used = 0;
    int rc = MS_OK;

    if (size)
        buf[0] = '\0';
    if (!d) {
        rc = MS_ENOTFOUND;
        goto out;
    }
    for (; d && n < MS_ARRAY_LEN(chain); d = division_parent(l, d, as_of))
        chain[n++] = d;
    while (n-- > 0) {
        size_t len = strlen(chain[n]->name);
        if (used + len + 1 > size) {
            rc = MS_ETOOBIG;
            goto out;
        }
        memcpy(buf + used, chain[n]->name, len + 1);
        used += len;
    }
out:
    return rc;
}

size_t division_children(const division_list *l, const char *parent, const char *as_of,
                         const division **out, size_t max)
{
    size_t n = 0;

    l = resolve(l);
    if (!l)
        return 0;
    for (size_t i = 0; i < l->n; i++) {
        const division *d = &l->rows[i].d;
        int match =
            parent && parent[0] ? strcmp(d->parent, parent) == 0 : d->level == DIVISION_PROVINCE;
        if (!match || !division_in_force(d, as_of))
            continue;
        if (n < max)
            out[n] = d;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */
/* ------------------------------------------------------------------------ */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int division_validate(const division_list *l, const char *code, const char *as_of,
                      const division **out, ms_err *err)
{
    char buf[DIVISION_CODE_LEN + 1];
    const division *d;
    size_t len;
    int rc = MS_OK;

    if (out)
        *out = NULL;
    if (!code) {
        rc = ms_fail(err, MS_EINVAL, "division_code", "required", NULL);
        goto out;
    }
    while (is_space(*code))
        code++;
    len = strlen(code);
    while (len > 0 && is_space(code[len - 1]))
        len--;
    if (len == 0) {
        rc = ms_fail(err, MS_EINVAL, "division_code", "required", NULL);
        goto out;
    }
    if (len != DIVISION_CODE_LEN) {
        rc = ms_failf(err, MS_EINVAL, "division_code", "invalid_division", "%.*s",
                      (int)(len > 40 ? 40 : len), code);
        goto out;
    }
    memcpy(buf, code, len);
    buf[len] = '\0';
    if (!is_code(buf)) {
        rc = ms_fail(err, MS_EINVAL, "division_code", "invalid_division", buf);
        goto out;
    }
    if (as_of && as_of[0]) {
        rc = date_parse(as_of, NULL, "as_of", err);
        if (rc != MS_OK)
            goto out;
    }
    if (!l && !(l = division_default(err))) {
        rc = MS_EINTERNAL;
        goto out;
    }
    d = division_find(l, buf, NULL);
    if (!d) {
        rc = ms_fail(err, MS_EINVAL, "division_code", "unknown_division", buf);
        goto out;
    }
    if (as_of && as_of[0]) {
        d = division_find(l, buf, as_of);
        if (!d) {
            rc = ms_failf(err, MS_EINVAL, "division_code", "division_not_in_force", "%s (%s)", buf,
                          as_of);
            goto out;
        }
    }
    if (out)
        *out = d;
out:
    return rc;
}
