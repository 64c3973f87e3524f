/* checklist.c - parsing and validating checklist data, the conclusion rule,
 * and the process-wide catalog of versions (see checklist.h). */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/checklist.h"
#include "core/embed.h"

#define MAX_ITEMS    200
#define MAX_SUBITEMS 100
#define MAX_CODE     8

/* ---------------------------------------------------------------- parsing */

static int bad(ms_err *err, const char *path)
{
    return ms_fail(err, MS_EINVAL, path, "checklist_invalid", path);
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
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
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", k);
            return bad(err, path);
        }
    }
    return MS_OK;
}

/* String member NAME of O into *OUT (a copy in AR); absent or null leaves
 * NULL, which fails when REQUIRED; an empty string counts as absent. */
static int get_str(json_t *o, const char *name, int required, arena *ar, const char **out,
                   const char *prefix, ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char path[64];

    *out = NULL;
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", name);
    if (v && !json_is_null(v) && !json_is_string(v))
        return bad(err, path);
    if (v && json_is_string(v) && json_string_length(v) > 0) {
        if (strlen(json_string_value(v)) != json_string_length(v))
            return bad(err, path); /* embedded NUL */
        *out = arena_strdup(ar, json_string_value(v));
        if (!*out)
            return oom(err);
    }
    return !*out && required ? bad(err, path) : MS_OK;
}

/* Boolean member NAME of O (absent = 0). */
static int get_bool(json_t *o, const char *name, int *out, const char *prefix, ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char path[64];

    *out = 0;
    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_boolean(v)) {
        snprintf(path, sizeof path, "%s.%s", prefix, name);
        return bad(err, path);
    }
    *out = json_is_true(v);
    return MS_OK;
}

/* "no" of an array element must be its position + 1. */
static int check_no(json_t *o, size_t i, const char *prefix, ms_err *err)
{
    json_t *v = json_object_get(o, "no");
    char path[64];

    if (json_is_integer(v) && json_integer_value(v) == (json_int_t)i + 1)
        return MS_OK;
    snprintf(path, sizeof path, "%s.no", prefix);
    return bad(err, path);
}

static int parse_subs(json_t *arr, struct checklist_item *it, arena *ar, const char *prefix,
                      ms_err *err)
{
    static const char *const allowed[] = {"no", "text", "text_en", "conditional", NULL};
    struct checklist_sub *subs;
    char path[64];
    size_t i;
    json_t *s;
    int rc = MS_OK;

    snprintf(path, sizeof path, "%s.subitems", prefix);
    if (!json_is_array(arr) || json_array_size(arr) > MAX_SUBITEMS)
        return bad(err, path);
    subs = arena_alloc(ar, sizeof *subs * (json_array_size(arr) + 1));
    if (!subs)
        return oom(err);
    json_array_foreach(arr, i, s)
    {
        struct checklist_sub *d = &subs[i];
        snprintf(path, sizeof path, "%s.subitems[%zu]", prefix, i);
        if (!json_is_object(s)) {
            rc = bad(err, path);
            break;
        }
        if ((rc = only(s, allowed, path, err)) != MS_OK || (rc = check_no(s, i, path, err)) ||
            (rc = get_str(s, "text", 1, ar, &d->text, path, err)) ||
            (rc = get_str(s, "text_en", 0, ar, &d->text_en, path, err)) ||
            (rc = get_bool(s, "conditional", &d->conditional, path, err)))
            break;
        d->no = (int)i + 1;
    }
    it->subs = subs;
    it->nsubs = (int)json_array_size(arr);
    return rc;
}

static int parse_item(json_t *o, size_t i, struct checklist_item *it, arena *ar, ms_err *err)
{
    static const char *const allowed[] = {"no",  "section", "section_en", "text", "text_en",
                                          "key", "basis",   "subitems",   NULL};
    char path[64];
    json_t *subs;
    int rc;

    snprintf(path, sizeof path, "items[%zu]", i);
    if (!json_is_object(o))
        return bad(err, path);
    if ((rc = only(o, allowed, path, err)) != MS_OK || (rc = check_no(o, i, path, err)) ||
        (rc = get_str(o, "section", 1, ar, &it->section, path, err)) ||
        (rc = get_str(o, "section_en", 0, ar, &it->section_en, path, err)) ||
        (rc = get_str(o, "text", 1, ar, &it->text, path, err)) ||
        (rc = get_str(o, "text_en", 0, ar, &it->text_en, path, err)) ||
        (rc = get_str(o, "basis", 0, ar, &it->basis, path, err)) ||
        (rc = get_bool(o, "key", &it->key, path, err)))
        return rc;
    it->no = (int)i + 1;
    subs = json_object_get(o, "subitems");
    if (subs && !json_is_null(subs))
        rc = parse_subs(subs, it, ar, path, err);
    return rc;
}

static int valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n < 1 || n > MAX_CODE || !(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return 0;
    return 1;
}

int checklist_parse(const char *text, size_t len, struct checklist **out, ms_err *err)
{
    static const char *const allowed[] = {"code",         "version", "title",   "title_en", "scope",
                                          "rule_version", "note",    "note_en", "items",    NULL};
    struct checklist *cl = NULL;
    struct checklist_item *items;
    json_t *root = NULL, *v, *arr, *x;
    json_error_t jerr;
    size_t i;
    int rc;

    *out = NULL;
    root = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!json_is_object(root)) {
        rc = bad(err, "");
        goto out;
    }
    cl = ms_calloc(1, sizeof *cl);
    if (!cl) {
        rc = oom(err);
        goto out;
    }
    arena_init(&cl->ar);
    if ((rc = only(root, allowed, "", err)) != MS_OK ||
        (rc = get_str(root, "code", 1, &cl->ar, &cl->code, "", err)) ||
        (rc = get_str(root, "title", 1, &cl->ar, &cl->title, "", err)) ||
        (rc = get_str(root, "title_en", 0, &cl->ar, &cl->title_en, "", err)) ||
        (rc = get_str(root, "scope", 0, &cl->ar, &cl->scope, "", err)) ||
        (rc = get_str(root, "rule_version", 0, &cl->ar, &cl->rule_version, "", err)) ||
        (rc = get_str(root, "note", 0, &cl->ar, &cl->note, "", err)) ||
        (rc = get_str(root, "note_en", 0, &cl->ar, &cl->note_en, "", err)))
        goto out;
    if (!valid_code(cl->code)) {
        rc = bad(err, "code");
        goto out;
    }
    if (cl->scope && strcmp(cl->scope, "standard") != 0 && strcmp(cl->scope, "authority") != 0) {
        rc = bad(err, "scope");
        goto out;
    }
    v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 9999) {
        rc = bad(err, "version");
        goto out;
    }
    cl->version = (int)json_integer_value(v);
    arr = json_object_get(root, "items");
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MAX_ITEMS) {
        rc = bad(err, "items");
        goto out;
    }
    items = arena_alloc(&cl->ar, sizeof *items * json_array_size(arr));
    if (!items) {
        rc = oom(err);
        goto out;
    }
    json_array_foreach(arr, i, x)
    {
        if ((rc = parse_item(x, i, &items[i], &cl->ar, err)) != MS_OK)
            goto out;
    }
    cl->items = items;
    cl->nitems = (int)json_array_size(arr);
    *out = cl;
    cl = NULL;
    rc = MS_OK;
out:
    checklist_free(cl);
    json_decref(root);
    return rc;
}

void checklist_free(struct checklist *cl)
{
    if (!cl)
        return;
    arena_free(&cl->ar);
    ms_free(cl);
}

const struct checklist_item *checklist_item(const struct checklist *cl, int no)
{
    return cl && no >= 1 && no <= cl->nitems ? &cl->items[no - 1] : NULL;
}

/* ------------------------------------------------------- verdicts and rule */

static const char *const verdict_names[] = {NULL, "conform", "nonconform", "defect", "na"};
static const char *const verdict_zh[] = {NULL, "符合", "不符合", "缺陷", "不适用"};
static const char *const conclusion_names[] = {NULL, "pass", "rectify", "fail"};
static const char *const conclusion_zh[] = {NULL, "合格", "需整改", "不合格"};

int checklist_verdict_parse(const char *s)
{
    for (int i = CHECKLIST_CONFORM; s && i <= CHECKLIST_NA; i++)
        if (strcmp(s, verdict_names[i]) == 0)
            return i;
    return -1;
}

const char *checklist_verdict_name(int v)
{
    return v >= CHECKLIST_CONFORM && v <= CHECKLIST_NA ? verdict_names[v] : NULL;
}

const char *checklist_verdict_zh(int v)
{
    return v >= CHECKLIST_CONFORM && v <= CHECKLIST_NA ? verdict_zh[v] : NULL;
}

const char *checklist_conclusion_name(int c)
{
    return c >= CHECKLIST_PASS && c <= CHECKLIST_FAIL ? conclusion_names[c] : NULL;
}

const char *checklist_conclusion_zh(int c)
{
    return c >= CHECKLIST_PASS && c <= CHECKLIST_FAIL ? conclusion_zh[c] : NULL;
}

static int answer_fail(ms_err *err, const char *path, size_t j, const char *member, const char *key,
                       int no)
{
    char field[64];

    snprintf(field, sizeof field, "%s[%zu].%s", path, j, member);
    return ms_failf(err, MS_EINVAL, field, key, "%d", no);
}

int checklist_check(const struct checklist *cl, const struct checklist_answer *a, size_t n,
                    int complete, const char *path, ms_err *err)
{
    unsigned char seen[MAX_ITEMS + 1] = {0};
    int rc = MS_OK;

    for (size_t j = 0; j < n && rc == MS_OK; j++) {
        if (!checklist_item(cl, a[j].no))
            rc = answer_fail(err, path, j, "no", "checklist_unknown_item", a[j].no);
        else if (seen[a[j].no])
            rc = answer_fail(err, path, j, "no", "checklist_duplicate_item", a[j].no);
        else if (a[j].verdict < CHECKLIST_UNANSWERED || a[j].verdict > CHECKLIST_NA)
            rc = answer_fail(err, path, j, "verdict", "checklist_verdict", a[j].no);
        else if (complete && a[j].verdict == CHECKLIST_UNANSWERED)
            rc = answer_fail(err, path, j, "verdict", "checklist_unanswered", a[j].no);
        else
            seen[a[j].no] = 1;
    }
    for (int no = 1; rc == MS_OK && complete && no <= cl->nitems; no++)
        if (!seen[no])
            rc = ms_failf(err, MS_EINVAL, path, "checklist_unanswered", "%d", no);
    return rc;
}

int checklist_conclude(const struct checklist *cl, const struct checklist_answer *a, size_t n,
                       int *out, ms_err *err)
{
    int fail = 0, rectify = 0;
    int rc = checklist_check(cl, a, n, 1, "items", err);

    *out = CHECKLIST_INCOMPLETE;
    if (rc != MS_OK)
        return rc;
    for (size_t j = 0; j < n; j++) {
        if (a[j].verdict == CHECKLIST_NONCONFORM && checklist_item(cl, a[j].no)->key)
            fail = 1;
        if (a[j].verdict == CHECKLIST_NONCONFORM || a[j].verdict == CHECKLIST_DEFECT)
            rectify = 1;
    }
    *out = fail ? CHECKLIST_FAIL : rectify ? CHECKLIST_RECTIFY : CHECKLIST_PASS;
    return MS_OK;
}

/* ---------------------------------------------------------------- catalog */

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    struct checklist **v; /* sorted by code, then version */
    int n, cap;
    ms_err load_err; /* set when the embedded data is broken */
} cat = {PTHREAD_ONCE_INIT, PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, {0}};

static int cmp_entry(const struct checklist *a, const char *code, int version)
{
    int c = strcmp(a->code, code);
    return c ? c : (a->version > version) - (a->version < version);
}

/* Insert CL in order; the lock is held (or loading). */
static int cat_insert(struct checklist *cl, ms_err *err)
{
    int i;

    if (cat.n == cat.cap) {
        int cap = cat.cap ? cat.cap * 2 : 8;
        struct checklist **nv = ms_realloc(cat.v, sizeof *nv * (size_t)cap);
        if (!nv)
            return oom(err);
        cat.v = nv;
        cat.cap = cap;
    }
    for (i = cat.n; i > 0 && cmp_entry(cat.v[i - 1], cl->code, cl->version) > 0; i--)
        cat.v[i] = cat.v[i - 1];
    cat.v[i] = cl;
    cat.n++;
    return MS_OK;
}

static int latest(const char *code)
{
    int v = 0;

    for (int i = 0; i < cat.n; i++)
        if (strcmp(cat.v[i]->code, code) == 0 && cat.v[i]->version > v)
            v = cat.v[i]->version;
    return v;
}

static int exists(const char *code, int version)
{
    for (int i = 0; i < cat.n; i++)
        if (cmp_entry(cat.v[i], code, version) == 0)
            return 1;
    return 0;
}

/* Parse every embedded data/checklists/NAME.json once; a broken file leaves
 * cat.load_err set and the catalog empty. */
static void load_embedded(void)
{
    size_t plen = strlen(CHECKLIST_DIR);
    struct checklist *cl = NULL;
    ms_err err = {0};

    for (const struct embed_file *f = embed_files; f->path && !err.code; f++) {
        size_t n = strlen(f->path);
        if (strncmp(f->path, CHECKLIST_DIR, plen) != 0 || n < 5 ||
            strcmp(f->path + n - 5, ".json") != 0)
            continue;
        if (checklist_parse(f->data, f->size, &cl, &err) != MS_OK) {
            char at[sizeof err.field];
            snprintf(at, sizeof at, "%s", err.field);
            ms_failf(&err, MS_EINTERNAL, at, "checklist_invalid", "%s: %s", f->path, at);
        } else if (exists(cl->code, cl->version)) {
            ms_failf(&err, MS_EINTERNAL, "version", "checklist_invalid", "%s: version", f->path);
            checklist_free(cl);
        } else if (cat_insert(cl, &err) != MS_OK) {
            checklist_free(cl);
        }
        cl = NULL;
    }
    if (err.code) {
        for (int i = 0; i < cat.n; i++)
            checklist_free(cat.v[i]);
        cat.n = 0;
        cat.load_err = err;
    }
}

/* Load once; MS_OK, or the load error into ERR. */
static int cat_ready(ms_err *err)
{
    pthread_once(&cat.once, load_embedded);
    if (!cat.load_err.code)
        return MS_OK;
    if (err)
        *err = cat.load_err;
    return cat.load_err.code;
}

const struct checklist *checklist_find(const char *code, int version, ms_err *err)
{
    const struct checklist *found = NULL;
    int want;

    if (cat_ready(err) != MS_OK)
        return NULL;
    pthread_mutex_lock(&cat.lock);
    want = version > 0 ? version : latest(code ? code : "");
    for (int i = 0; code && i < cat.n && !found; i++)
        if (cmp_entry(cat.v[i], code, want) == 0)
            found = cat.v[i];
    if (!found && code && latest(code) > 0)
        ms_failf(err, MS_ENOTFOUND, "version", "checklist_version_unknown", "%s v%d", code,
                 version);
    else if (!found)
        ms_fail(err, MS_ENOTFOUND, "code", "checklist_unknown", code ? code : "");
    pthread_mutex_unlock(&cat.lock);
    return found;
}

int checklist_versions(const char *code, int *v, int max)
{
    int n = 0;

    if (!code || cat_ready(NULL) != MS_OK)
        return 0;
    pthread_mutex_lock(&cat.lock);
    for (int i = 0; i < cat.n; i++) {
        if (strcmp(cat.v[i]->code, code) != 0)
            continue;
        if (n < max)
            v[n] = cat.v[i]->version;
        n++;
    }
    pthread_mutex_unlock(&cat.lock);
    return n;
}

int checklist_codes(const char **codes, int max)
{
    int n = 0;

    if (cat_ready(NULL) != MS_OK)
        return 0;
    pthread_mutex_lock(&cat.lock);
    for (int i = 0; i < cat.n; i++) {
        if (i > 0 && strcmp(cat.v[i - 1]->code, cat.v[i]->code) == 0)
            continue;
        if (n < max)
            codes[n] = cat.v[i]->code;
        n++;
    }
    pthread_mutex_unlock(&cat.lock);
    return n;
}

int checklist_publish(struct checklist *cl, ms_err *err)
{
    int rc = cat_ready(err);

    if (rc != MS_OK)
        return rc;
    pthread_mutex_lock(&cat.lock);
    if (cl->version <= latest(cl->code))
        rc = ms_failf(err, MS_ECONFLICT, "version", "checklist_version_exists", "%s v%d", cl->code,
                      cl->version);
    else
        rc = cat_insert(cl, err);
    pthread_mutex_unlock(&cat.lock);
    return rc;
}
