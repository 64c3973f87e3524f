/* disposition.c - the disposition catalogue: parsing, the embedded copy,
 * and the check of one decision (see disposition.h). */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/disposition.h"
#include "core/embed.h"

#define MAX_ITEMS 64
#define MAX_CAP   100000000 /* 1e8 yuan: a sanity bound for the data, not a policy */

/* ---------------------------------------------------------------- parsing */

static int bad(ms_err *err, const char *path)
{
    return ms_fail(err, MS_EINVAL, path, "disposition_catalog_invalid", path);
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static void join(char *path, size_t size, const char *prefix, const char *name)
{
    snprintf(path, size, "%s%s%s", prefix, *prefix ? "." : "", name);
}

/* Refuse members of O not in ALLOWED; PREFIX is O's path ("" at the top). */
static int only(json_t *o, const char *const *allowed, const char *prefix, ms_err *err)
{
    const char *k;
    json_t *v;
    char path[64];

    json_object_foreach(o, k, v)
    {
        int ok = 0;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], k) == 0;
        if (!ok) {
            join(path, sizeof path, prefix, k);
            return bad(err, path);
        }
    }
    return MS_OK;
}

/* String member NAME of O into *OUT (copied into AR); absent, null or ""
 * leaves NULL, which fails when REQUIRED. */
static int get_str(json_t *o, const char *name, int required, arena *ar, const char **out,
                   const char *prefix, ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char path[64];

    *out = NULL;
    join(path, sizeof path, prefix, name);
    if (v && !json_is_null(v) && !json_is_string(v))
        return bad(err, path);
    if (v && json_is_string(v) && json_string_length(v) > 0) {
        if (strlen(json_string_value(v)) != json_string_length(v))
            return bad(err, path); /* embedded NUL */
        if (!(*out = arena_strdup(ar, json_string_value(v))))
            return oom(err);
    }
    return !*out && required ? bad(err, path) : MS_OK;
}

/* A code: 1..40 characters of [a-z_], starting with a letter. */
static int valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n == 0 || n > 40 || s[0] < 'a' || s[0] > 'z')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return 0;
    return 1;
}

/* One of two words into *OUT (1 for YES, 0 for NO). */
static int get_choice(json_t *o, const char *name, const char *yes, const char *no, int *out,
                      const char *prefix, ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char path[64];

    join(path, sizeof path, prefix, name);
    if (json_is_string(v) && strcmp(json_string_value(v), yes) == 0)
        *out = 1;
    else if (json_is_string(v) && strcmp(json_string_value(v), no) == 0)
        *out = 0;
    else
        return bad(err, path);
    return MS_OK;
}

static int parse_effects(json_t *o, struct disposition_item *it, const char *prefix, ms_err *err)
{
    json_t *arr = json_object_get(o, "effects"), *x;
    char path[64];
    size_t i;

    join(path, sizeof path, prefix, "effects");
    if (!arr || json_is_null(arr))
        return MS_OK;
    if (!json_is_array(arr))
        return bad(err, path);
    json_array_foreach(arr, i, x)
    {
        if (!json_is_string(x) || strcmp(json_string_value(x), "revoke_standard") != 0) {
            snprintf(path, sizeof path, "%s.effects[%zu]", prefix, i);
            return bad(err, path);
        }
        it->revokes_standard = 1;
    }
    return MS_OK;
}

static int parse_item(json_t *o, size_t i, struct disposition_item *it,
                      const struct disposition_item *before, arena *ar, ms_err *err)
{
    static const char *const allowed[] = {"code",   "name",     "name_en", "basis",
                                          "source", "note",     "note_en", "cap_yuan",
                                          "amount", "standard", "effects", NULL};
    char prefix[32], path[64];
    json_t *cap;
    int rc;

    snprintf(prefix, sizeof prefix, "items[%zu]", i);
    if (!json_is_object(o))
        return bad(err, prefix);
    if ((rc = only(o, allowed, prefix, err)) ||
        (rc = get_str(o, "code", 1, ar, &it->code, prefix, err)) ||
        (rc = get_str(o, "name", 1, ar, &it->name, prefix, err)) ||
        (rc = get_str(o, "name_en", 1, ar, &it->name_en, prefix, err)) ||
        (rc = get_str(o, "basis", 1, ar, &it->basis, prefix, err)) ||
        (rc = get_str(o, "source", 1, ar, &it->source, prefix, err)) ||
        (rc = get_str(o, "note", 0, ar, &it->note, prefix, err)) ||
        (rc = get_str(o, "note_en", 0, ar, &it->note_en, prefix, err)) ||
        (rc = get_choice(o, "amount", "required", "none", &it->amount_required, prefix, err)) ||
        (rc = get_choice(o, "standard", "required", "optional", &it->standard_required, prefix,
                         err)) ||
        (rc = parse_effects(o, it, prefix, err)))
        return rc;
    join(path, sizeof path, prefix, "code");
    if (!valid_code(it->code))
        return bad(err, path);
    for (size_t k = 0; k < i; k++)
        if (strcmp(before[k].code, it->code) == 0)
            return bad(err, path);
    cap = json_object_get(o, "cap_yuan");
    join(path, sizeof path, prefix, "cap_yuan");
    if (cap && !json_is_null(cap)) {
        if (!json_is_integer(cap) || json_integer_value(cap) < 1 ||
            json_integer_value(cap) > MAX_CAP || !it->amount_required)
            return bad(err, path);
        it->cap_yuan = (int64_t)json_integer_value(cap);
    } else if (it->amount_required) {
        return bad(err, path);
    }
    if (it->revokes_standard && !it->standard_required) {
        join(path, sizeof path, prefix, "standard");
        return bad(err, path);
    }
    return MS_OK;
}

int disposition_parse(const char *text, size_t len, struct disposition_catalog **out, ms_err *err)
{
    static const char *const allowed[] = {"version", "title", "title_en", "note",
                                          "note_en", "items", NULL};
    struct disposition_catalog *c = NULL;
    struct disposition_item *items;
    json_t *root, *v, *arr, *x;
    json_error_t jerr;
    size_t i;
    int rc;

    *out = NULL;
    root = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!json_is_object(root)) {
        rc = bad(err, "");
        goto out;
    }
    if (!(c = ms_calloc(1, sizeof *c))) {
        rc = oom(err);
        goto out;
    }
    arena_init(&c->ar);
    if ((rc = only(root, allowed, "", err)) ||
        (rc = get_str(root, "title", 1, &c->ar, &c->title, "", err)) ||
        (rc = get_str(root, "title_en", 0, &c->ar, &c->title_en, "", err)) ||
        (rc = get_str(root, "note", 0, &c->ar, &c->note, "", err)) ||
        (rc = get_str(root, "note_en", 0, &c->ar, &c->note_en, "", err)))
        goto out;
    v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 9999) {
        rc = bad(err, "version");
        goto out;
    }
    c->version = (int)json_integer_value(v);
    arr = json_object_get(root, "items");
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MAX_ITEMS) {
        rc = bad(err, "items");
        goto out;
    }
    if (!(items = arena_alloc(&c->ar, sizeof *items * json_array_size(arr)))) {
        rc = oom(err);
        goto out;
    }
    memset(items, 0, sizeof *items * json_array_size(arr));
    json_array_foreach(arr, i, x)
    {
        if ((rc = parse_item(x, i, &items[i], items, &c->ar, err)) != MS_OK)
            goto out;
    }
    c->items = items;
    c->nitems = (int)json_array_size(arr);
    *out = c;
    c = NULL;
    rc = MS_OK;
out:
    disposition_catalog_free(c);
    json_decref(root);
    return rc;
}

void disposition_catalog_free(struct disposition_catalog *c)
{
    if (!c)
        return;
    arena_free(&c->ar);
    ms_free(c);
}

/* ------------------------------------------------------------- embedded */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct disposition_catalog *embedded;
static ms_err load_err;

static void load(void)
{
    const struct embed_file *f = embed_find(DISPOSITION_FILE);

    if (!f) {
        ms_fail(&load_err, MS_EINTERNAL, "", "disposition_catalog_invalid", DISPOSITION_FILE);
        return;
    }
    if (disposition_parse(f->data, f->size, &embedded, &load_err) != MS_OK) {
        char at[sizeof load_err.field];
        snprintf(at, sizeof at, "%s", load_err.field);
        ms_failf(&load_err, MS_EINTERNAL, at, "disposition_catalog_invalid", "%s: %s",
                 DISPOSITION_FILE, at);
    }
}

const struct disposition_catalog *disposition_catalog(ms_err *err)
{
    pthread_once(&once, load);
    if (embedded)
        return embedded;
    if (err)
        *err = load_err;
    return NULL;
}

const struct disposition_item *disposition_find(const struct disposition_catalog *c,
                                                const char *code)
{
    if (!c || !code)
        return NULL;
    for (int i = 0; i < c->nitems; i++)
        if (strcmp(c->items[i].code, code) == 0)
            return &c->items[i];
    return NULL;
}

/* ---------------------------------------------------------------- checks */

int disposition_check(const struct disposition_item *it, int has_amount, int64_t amount,
                      int has_standard, ms_err *err)
{
    if (it->amount_required) {
        if (!has_amount)
            return ms_fail(err, MS_EINVAL, "amount_yuan", "required", NULL);
        if (amount <= 0 || amount > it->cap_yuan)
            return ms_failf(err, MS_EINVAL, "amount_yuan", "disposition_amount_cap", "%lld",
                            (long long)it->cap_yuan);
    } else if (has_amount) {
        return ms_fail(err, MS_EINVAL, "amount_yuan", "disposition_no_amount", it->code);
    }
    if (it->standard_required && !has_standard)
        return ms_fail(err, MS_EINVAL, "standard_id", "required", NULL);
    return MS_OK;
}
