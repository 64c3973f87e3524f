/* import.c - bulk import of units, standards, apparatus and personnel from
 * CSV or XLSX (see import.h).
 *
 * One pass over the file inside one write transaction: each row is mapped
 * by header, validated like an API call (registry_*_validate), its
 * references resolved from preloaded key maps (one query for all keys, not
 * one per row), and queued; every BATCH rows the queue goes to the database
 * through a reg_load_* loader (COPY on PostgreSQL, one prepared INSERT on
 * SQLite) and the batch arena is freed. Once a row is rejected in
 * all-or-nothing mode nothing more is queued; the rest is only checked, so
 * that the report lists every bad row, and the transaction rolls back. */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/certno.h"
#include "core/tabin.h"
#include "core/text.h"
#include "core/uscc.h"
#include "render/csvout.h"
#include "service/audit.h"
#include "service/import_int.h"
#include "service/registry.h"
#include "store/imports.h"

#define BATCH        4096
#define MAX_COLS     12
#define MAX_WARNINGS 100
/* An import that loads at least this many rows refreshes the planner's
 * statistics afterwards (store_analyze). */
#define ANALYZE_ROWS 10000

/* ------------------------------------------------------- string -> id map */

struct slot {
    const char *key;
    uint64_t hash;
    int64_t val;
};

struct strmap {
    struct slot *slots;
    size_t cap, n;
    arena keys;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void strmap_free(struct strmap *m)
{
    ms_free(m->slots);
    arena_free(&m->keys);
    memset(m, 0, sizeof *m);
}

static struct slot *strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
    size_t i;

    if (!m->cap)
        return NULL;
    for (i = h & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
        if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
            return &m->slots[i];
    return &m->slots[i];
}

/* The value of KEY, or NULL. */
static int64_t *strmap_get(const struct strmap *m, const char *key)
{
    struct slot *s = strmap_find(m, key, hash_str(key));
    return s && s->key ? &s->val : NULL;
}

/* Set KEY (copied) to VAL. 0 when out of memory. */
static int strmap_put(struct strmap *m, const char *key, int64_t val)
{
    uint64_t h = hash_str(key);
    struct slot *s;

    if ((m->n + 1) * 10 > m->cap * 7) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        struct slot *ns = ms_calloc(cap, sizeof *ns), *old = m->slots;
        size_t oldcap = m->cap;
        if (!ns)
            return 0;
        m->slots = ns;
        m->cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key)
                *strmap_find(m, old[i].key, old[i].hash) = old[i];
        ms_free(old);
    }
    s = strmap_find(m, key, h);
    if (!s->key) {
        if (!(s->key = arena_strdup(&m->keys, key)))
            return 0;
        s->hash = h;
        m->n++;
    }
    s->val = val;
    return 1;
}

/* --------------------------------------------------------------- context */

struct rec {
    long row;
    union {
        struct ms_unit u;
        struct ms_standard s;
        struct ms_apparatus a;
        struct ms_personnel p;
    };
};

struct imp {
    store *db;
    const ms_actor *who;
    enum import_kind kind;
    const struct import_col *cols;
    int ncols, partial, restricted, header_done, writing, oom;
    int colidx[MAX_COLS];
    struct store_scope sc;
    const unsigned char *data;
    size_t len;
    const char *filename;
    char sha[65], now[32];
    svc_progress_fn progress;
    void *pctx;
    /* lookups */
    struct strmap keys; /* this kind's unique key already in the database -> id */
    struct strmap file; /* this kind's unique key seen in the file -> row */
    struct strmap refs; /* referenced records: uscc or cert_no -> id */
    struct strmap auth; /* authority code -> id, or -1 */
    struct strmap seen; /* restricted actors: ref key -> 1 visible, 0 not */
    /* the batch */
    arena ar;
    struct rec *batch;
    int nbatch, arena_rows;
    int64_t next_id;
    struct import_report *rep;
    ms_err first;
};

static void key_into(const char *key, int64_t id, void *ctx)
{
    struct imp *c = ctx;
    if (!strmap_put(&c->keys, key, id))
        c->oom = 1;
}

static void ref_into(const char *key, int64_t id, void *ctx)
{
    struct imp *c = ctx;
    if (!strmap_put(&c->refs, key, id))
        c->oom = 1;
}

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static int push_err(ms_err **list, int *n, int max, const ms_err *e)
{
    if (*n >= max)
        return 1;
    if (*n == 0 || (*n >= 16 && !(*n & (*n - 1)))) { /* capacity: 16, 32, 64 ... */
        ms_err *nl = ms_realloc(*list, (size_t)(*n ? *n * 2 : 16) * sizeof *nl);
        if (!nl)
            return 0;
        *list = nl;
    }
    (*list)[(*n)++] = *e;
    return 1;
}

/* ------------------------------------------------------------------ cells */

/* The cell as a value: surrounding blanks (and U+3000) trimmed, the CSV
 * formula guard dropped, copied into the batch arena; NULL when empty. */
static const char *cell(struct imp *c, const struct tabin_row *r, int col)
{
    int i = c->colidx[col];
    const char *s, *e;

    if (i < 0 || i >= r->ncells)
        return NULL;
    s = r->cells[i];
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
            s += 3;
        else
            break;
    }
    e = s + strlen(s);
    for (;;) {
        if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            e--;
        else if (e - s >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    if (e == s)
        return NULL;
    s = arena_strndup(&c->ar, s, (size_t)(e - s));
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    return csvout_unguard(s);
}

/* Column COL read as its type: Chinese enum names to values, dates in any
 * typed form to YYYY-MM-DD. Unrecognised text is passed on unchanged, so
 * that validation names the problem. */
static const char *value(struct imp *c, const struct tabin_row *r, int col)
{
    const struct import_col *k = &c->cols[col];
    const char *s = cell(c, r, col);
    char d[11];
    int i;

    if (!s)
        return NULL;
    if (k->type == IMPORT_ENUM && k->values_zh && (i = model_index(k->values_zh, s)) >= 0)
        return k->values[i];
    if (k->type == IMPORT_DATE && tabin_date_normalize(s, d)) {
        const char *v = arena_strdup(&c->ar, d);
        c->oom |= !v;
        return v;
    }
    return s;
}

static int row_blank(const struct tabin_row *r)
{
    for (int i = 0; i < r->ncells; i++)
        if (!text_blank(r->cells[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------ references */

/* Id of authority CODE within the actor's jurisdiction, 0 if none; <0 on a
 * database error (ERR set). */
static int64_t authority_id(struct imp *c, const char *code, ms_err *err)
{
    int64_t *v = strmap_get(&c->auth, code), id = 0;
    struct ms_authority a;
    int rc;

    if (v)
        return *v;
    rc = reg_authority_by_code(c->db, code, &c->ar, &a, err);
    if (rc == MS_OK) {
        id = a.id;
        if (c->sc.authority_path &&
            strncmp(a.path, c->sc.authority_path, strlen(c->sc.authority_path)) != 0)
            id = 0;
    } else if (rc != MS_ENOTFOUND) {
        return -1;
    }
    ms_err_clear(err);
    return strmap_put(&c->auth, code, id) ? id : (c->oom = 1, 0);
}

/* Id of the unit (standards) or standard (apparatus, personnel) with KEY
 * that the actor can see, 0 if none; <0 on a database error. */
static int64_t ref_id(struct imp *c, const char *key, ms_err *err)
{
    int64_t *v = strmap_get(&c->refs, key), *ok;
    int rc;

    if (!v)
        return 0;
    if (!c->restricted)
        return *v;
    if (!(ok = strmap_get(&c->seen, key))) {
        if (c->kind == IMPORT_STANDARDS) {
            struct ms_unit u;
            rc = reg_unit_get(c->db, &c->sc, *v, &c->ar, &u, err);
        } else {
            struct ms_standard s;
            rc = reg_standard_get(c->db, &c->sc, *v, &c->ar, &s, err);
        }
        if (rc != MS_OK && rc != MS_ENOTFOUND)
            return -1;
        ms_err_clear(err);
        if (!strmap_put(&c->seen, key, rc == MS_OK)) {
            c->oom = 1;
            return 0;
        }
        return rc == MS_OK ? *v : 0;
    }
    return *ok ? *v : 0;
}

/* Duplicate check of this kind's unique KEY (field FIELD) against the
 * database and the rows before. */
static int check_unique(struct imp *c, const char *field, const char *key, ms_err *e)
{
    int64_t *row;

    if (strmap_get(&c->keys, key))
        return ms_fail(e, MS_EINVAL, field, "duplicate", key);
    if ((row = strmap_get(&c->file, key)))
        return ms_failf(e, MS_EINVAL, field, "import_duplicate_in_file", "%lld", (long long)*row);
    return MS_OK;
}

/* ------------------------------------------------------------- row checks */

/* Each returns MS_OK, MS_EINVAL for a bad row (E says why) or another code
 * for a failure that stops the import (E set too). */

static int row_unit(struct imp *c, const struct tabin_row *r, struct rec *out, ms_err *e)
{
    struct ms_unit *u = &out->u;
    const char *auth = value(c, r, U_AUTH);
    char *cc;
    int64_t aid;
    int rc;

    u->uscc = value(c, r, U_USCC);
    u->name = value(c, r, U_NAME);
    u->division_code = value(c, r, U_DIVISION);
    u->address = value(c, r, U_ADDRESS);
    u->kind = value(c, r, U_KIND);
    u->sectors = value(c, r, U_SECTORS);
    u->contact_name = value(c, r, U_CONTACT);
    u->contact_phone = value(c, r, U_PHONE);
    u->credit_class = cc = (char *)value(c, r, U_CREDIT);
    if (cc && cc[0] >= 'a' && cc[0] <= 'd' && !cc[1])
        cc[0] = (char)(cc[0] - 'a' + 'A');
    u->authority_id = INT64_MAX; /* resolved below, after the field checks */
    if ((rc = registry_unit_validate(u, &c->ar, e)) != MS_OK)
        return rc;
    if (!auth)
        return ms_fail(e, MS_EINVAL, "authority_code", "required", NULL);
    if ((aid = authority_id(c, auth, e)) < 0)
        return e->code ? e->code : MS_EINTERNAL;
    if (!aid)
        return ms_fail(e, MS_EINVAL, "authority_code", "unknown_authority", auth);
    u->authority_id = aid;
    return check_unique(c, "uscc", u->uscc, e);
}

static int row_standard(struct imp *c, const struct tabin_row *r, struct rec *out, ms_err *e)
{
    struct ms_standard *s = &out->s;
    const char *unit = value(c, r, S_UNIT), *auth = value(c, r, S_AUTH);
    char uscc[USCC_LEN + 1];
    int64_t uid, aid;
    int rc;

    if (!unit)
        return ms_fail(e, MS_EINVAL, "unit_uscc", "required", NULL);
    if (uscc_validate(unit, uscc, NULL, e) != MS_OK) {
        snprintf(e->field, sizeof e->field, "unit_uscc");
        return MS_EINVAL;
    }
    s->name = value(c, r, S_NAME);
    s->code = value(c, r, S_CODE);
    if (s->code && strlen(s->code) == 7 && strspn(s->code, "0123456789") == 7) {
        /* Typed into Excel as a number, 01xxxxxx and 04xxxxxx lose a zero. */
        s->code = arena_printf(&c->ar, "0%s", s->code);
        c->oom |= !s->code;
    }
    s->category = value(c, r, S_CATEGORY);
    s->measurement_range = value(c, r, S_RANGE);
    s->uncertainty = value(c, r, S_UNC);
    s->cert_no = value(c, r, S_CERT);
    s->cert_issued_on = value(c, r, S_ISSUED);
    s->cert_expires_on = value(c, r, S_EXPIRES);
    s->status = value(c, r, S_STATUS);
    s->sectors = value(c, r, S_SECTORS);
    s->unit_id = s->cert_authority_id = INT64_MAX; /* resolved below */
    if ((rc = registry_standard_validate(s, &c->ar, e)) != MS_OK)
        return rc;
    if ((uid = ref_id(c, uscc, e)) < 0)
        return e->code ? e->code : MS_EINTERNAL;
    if (!uid)
        return ms_fail(e, MS_EINVAL, "unit_uscc", "unknown_unit", uscc);
    if (!auth)
        return ms_fail(e, MS_EINVAL, "cert_authority_code", "required", NULL);
    if ((aid = authority_id(c, auth, e)) < 0)
        return e->code ? e->code : MS_EINTERNAL;
    if (!aid)
        return ms_fail(e, MS_EINVAL, "cert_authority_code", "unknown_authority", auth);
    s->unit_id = uid;
    s->cert_authority_id = aid;
    return check_unique(c, "cert_no", s->cert_no, e);
}

/* The standard of an apparatus or personnel row, by certificate number. */
static int row_standard_ref(struct imp *c, const struct tabin_row *r, int col, int64_t *id,
                            ms_err *e)
{
    const char *no = value(c, r, col);
    certno cn;

    if (!no)
        return ms_fail(e, MS_EINVAL, "cert_no", "required", NULL);
    if (certno_parse(no, &cn, e) != MS_OK)
        return MS_EINVAL;
    if ((*id = ref_id(c, cn.text, e)) < 0)
        return e->code ? e->code : MS_EINTERNAL;
    if (!*id)
        return ms_fail(e, MS_EINVAL, "cert_no", "import_unknown_standard", cn.text);
    return MS_OK;
}

static int row_apparatus(struct imp *c, const struct tabin_row *r, struct rec *out, ms_err *e)
{
    struct ms_apparatus *a = &out->a;
    int rc = row_standard_ref(c, r, A_CERT, &a->standard_id, e);

    if (rc != MS_OK)
        return rc;
    a->name = value(c, r, A_NAME);
    a->model = value(c, r, A_MODEL);
    a->serial = value(c, r, A_SERIAL);
    a->role = value(c, r, A_ROLE);
    a->trace_cert_no = value(c, r, A_TCERT);
    a->trace_org = value(c, r, A_TORG);
    a->calibrated_on = value(c, r, A_CAL);
    a->due_on = value(c, r, A_DUE);
    return registry_apparatus_validate(a, &c->ar, e);
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "y", "是", "√", NULL};
    static const char *const no[] = {"0", "false", "no", "n", "否", NULL};

    *out = 0;
    if (!s)
        return 1;
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return *out = 1;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 1;
    return 0;
}

static int row_personnel(struct imp *c, const struct tabin_row *r, struct rec *out, ms_err *e)
{
    struct ms_personnel *p = &out->p;
    const char *charge = value(c, r, P_CHARGE);
    int rc = row_standard_ref(c, r, P_CERT, &p->standard_id, e);

    if (rc != MS_OK)
        return rc;
    p->name = value(c, r, P_NAME);
    p->qualification_no = value(c, r, P_QUAL);
    p->valid_until = value(c, r, P_VALID);
    if (!parse_bool(charge, &p->in_charge))
        return ms_fail(e, MS_EINVAL, "in_charge", "import_bad_bool", charge);
    return registry_personnel_validate(p, &c->ar, e);
}

/* ----------------------------------------------------------------- writes */

static int flush(struct imp *c, ms_err *err)
{
    reg_loader *l = NULL;
    int rc = MS_OK;

    if (c->nbatch && c->writing) {
        rc = reg_load_begin(c->db, import_entity(c->kind), c->now, &l, err);
        for (int i = 0; rc == MS_OK && i < c->nbatch; i++) {
            struct rec *x = &c->batch[i];
            switch (c->kind) {
            case IMPORT_UNITS:
                x->u.id = c->next_id++;
                rc = reg_load_unit(l, &x->u, err);
                break;
            case IMPORT_STANDARDS:
                x->s.id = c->next_id++;
                rc = reg_load_standard(l, &x->s, err);
                break;
            case IMPORT_APPARATUS:
                x->a.id = c->next_id++;
                rc = reg_load_apparatus(l, &x->a, err);
                break;
            case IMPORT_PERSONNEL:
                x->p.id = c->next_id++;
                rc = reg_load_personnel(l, &x->p, err);
                break;
            }
        }
        if (l && rc == MS_OK)
            rc = reg_load_end(l, err);
        else
            reg_load_abort(l);
        if (rc == MS_OK)
            c->rep->accepted += c->nbatch;
    }
    c->nbatch = 0;
    c->arena_rows = 0;
    arena_free(&c->ar);
    return rc;
}

/* ----------------------------------------------------------------- header */

/* Header text as compared: trimmed, without a required-marker '*'. */
static void header_norm(const char *in, char *out, size_t size)
{
    size_t n;

    while (*in == ' ')
        in++;
    snprintf(out, size, "%s", in);
    n = strlen(out);
    for (;;) {
        if (n && (out[n - 1] == ' ' || out[n - 1] == '*'))
            n--;
        else if (n >= 3 && memcmp(out + n - 3, "\xEF\xBC\x8A", 3) == 0) /* ＊ */
            n -= 3;
        else
            break;
    }
    out[n] = '\0';
}

static int alias_match(const char *aliases, const char *h)
{
    size_t n = strlen(h);

    for (const char *p = aliases; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, h, n) == 0)
            return 1;
        p = bar ? bar + 1 : p + len;
    }
    return 0;
}

static int header(struct imp *c, const struct tabin_row *r, ms_err *err)
{
    char h[256];

    for (int i = 0; i < r->ncells; i++) {
        int j;
        header_norm(r->cells[i], h, sizeof h);
        if (!h[0])
            continue;
        for (j = 0; j < c->ncols; j++)
            if (strcasecmp(h, c->cols[j].name) == 0 || strcmp(h, c->cols[j].zh) == 0)
                break;
        for (int k = 0; j == c->ncols && k < c->ncols; k++)
            if (c->colidx[k] < 0 && alias_match(c->cols[k].aliases, h))
                j = k;
        if (j == c->ncols) {
            ms_err w;
            ms_fail(&w, MS_OK, h, "import_unknown_column", h);
            w.row = r->row;
            if (!push_err(&c->rep->warnings, &c->rep->nwarnings, MAX_WARNINGS, &w))
                return oom(err);
            continue;
        }
        if (c->colidx[j] >= 0) {
            ms_fail(err, MS_EINVAL, c->cols[j].name, "import_duplicate_column", h);
            err->row = r->row;
            return MS_EINVAL;
        }
        c->colidx[j] = i;
    }
    for (int j = 0; j < c->ncols; j++)
        if (c->cols[j].required && c->colidx[j] < 0) {
            ms_failf(err, MS_EINVAL, c->cols[j].name, "import_missing_column", "%s (%s)",
                     c->cols[j].zh, c->cols[j].name);
            err->row = r->row;
            return MS_EINVAL;
        }
    c->header_done = 1;
    return MS_OK;
}

/* -------------------------------------------------------------- the rows */

static int on_row(void *ctx, const struct tabin_row *r, ms_err *err)
{
    struct imp *c = ctx;
    struct import_report *rep = c->rep;
    struct rec *x;
    ms_err e;
    int rc;

    if (!c->header_done)
        return header(c, r, err);
    if (row_blank(r))
        return MS_OK;
    rep->rows++;
    if (c->progress && rep->rows % BATCH == 0)
        c->progress(c->pctx, "import", (int64_t)r->done, (int64_t)r->total);
    x = &c->batch[c->nbatch];
    memset(x, 0, sizeof *x);
    x->row = r->row;
    ms_err_clear(&e);
    switch (c->kind) {
    case IMPORT_UNITS: rc = row_unit(c, r, x, &e); break;
    case IMPORT_STANDARDS: rc = row_standard(c, r, x, &e); break;
    case IMPORT_APPARATUS: rc = row_apparatus(c, r, x, &e); break;
    default: rc = row_personnel(c, r, x, &e); break;
    }
    if (c->oom)
        return oom(err);
    if (rc == MS_EINVAL) {
        e.row = r->row;
        if (!rep->rejected++)
            c->first = e;
        if (!push_err(&rep->errors, &rep->nerrors, IMPORT_MAX_ERRORS, &e))
            return oom(err);
        if (!c->partial)
            c->writing = 0; /* all or nothing: from now on only check */
    } else if (rc != MS_OK) {
        *err = e;
        return rc;
    } else {
        const char *key = c->kind == IMPORT_UNITS       ? x->u.uscc
                          : c->kind == IMPORT_STANDARDS ? x->s.cert_no
                                                        : NULL;
        rep->valid++;
        if (key && !strmap_put(&c->file, key, r->row))
            return oom(err);
        if (c->writing)
            c->nbatch++;
    }
    /* The arena holds this batch's rows, checked or queued: free it with
     * the batch (nbatch <= arena_rows). */
    return ++c->arena_rows >= BATCH ? flush(c, err) : MS_OK;
}

/* The `imports` row of this batch and its audit row (one per batch, not
 * one per record), inside the open transaction. */
static int record_batch(store *db, struct imp *c, int64_t accepted, int written, ms_err *err)
{
    char action[32];
    json_t *change = NULL;
    struct imports_row row = {
        .kind = import_kind_name(c->kind),
        .filename = c->filename ? c->filename : "",
        .sha256 = c->sha,
        .accepted = accepted,
        .rejected = c->rep->rejected,
        .partial = c->partial,
        .actor = c->who->name ? c->who->name : "",
        .created_at = c->now,
    };
    int rc = imports_insert(db, &row, err);

    if (rc != MS_OK)
        goto out;
    c->rep->id = row.id;
    change = json_pack("{s:s, s:s, s:I, s:I, s:b, s:b}", "filename", row.filename, "sha256",
                       row.sha256, "accepted", (json_int_t)accepted, "rejected",
                       (json_int_t)row.rejected, "partial", c->partial, "written", written);
    if (!change) {
        rc = oom(err);
        goto out;
    }
    snprintf(action, sizeof action, "import.%s", row.kind);
    rc = audit_append(db, c->who, action, "import", row.id, change, err);
out:
    json_decref(change);
    return rc;
}

static void reset(struct imp *c)
{
    struct import_report *rep = c->rep;

    strmap_free(&c->keys);
    strmap_free(&c->file);
    strmap_free(&c->refs);
    strmap_free(&c->auth);
    strmap_free(&c->seen);
    arena_free(&c->ar);
    c->nbatch = c->arena_rows = c->header_done = c->oom = 0;
    c->writing = 1;
    for (int j = 0; j < MAX_COLS; j++)
        c->colidx[j] = -1;
    ms_err_clear(&c->first);
    ms_free(rep->errors);
    ms_free(rep->warnings);
    rep->errors = rep->warnings = NULL;
    rep->nerrors = rep->nwarnings = 0;
    rep->rows = rep->valid = rep->accepted = rep->rejected = 0;
    rep->id = 0;
}

static int tx_import(store *db, void *ctx, ms_err *err)
{
    struct imp *c = ctx;
    struct tabin_info info;
    int rc = MS_OK;

    reset(c); /* store_tx may run this again after a transient conflict */
    if (c->kind == IMPORT_UNITS || c->kind == IMPORT_STANDARDS)
        rc = reg_each_key(db, import_entity(c->kind), key_into, c, err);
    if (rc == MS_OK && c->kind != IMPORT_UNITS)
        rc = reg_each_key(db, c->kind == IMPORT_STANDARDS ? REG_UNIT : REG_STANDARD, ref_into, c,
                          err);
    if (rc != MS_OK || c->oom)
        return rc != MS_OK ? rc : oom(err);
    c->next_id = reg_next_id(db, import_entity(c->kind), err);
    if (c->next_id <= 0)
        return err && err->code ? err->code : MS_EINTERNAL;
    if (c->progress)
        c->progress(c->pctx, "import", 0, (int64_t)c->len);
    rc = tabin_read(c->data, c->len, on_row, c, &info, err);
    c->rep->format = info.format == TABIN_XLSX ? "xlsx" : "csv";
    c->rep->encoding = info.encoding;
    if (rc == MS_OK && !c->header_done)
        rc = ms_fail(err, MS_EINVAL, "", "import_no_header", NULL);
    if (rc == MS_OK)
        rc = flush(c, err);
    if (rc == MS_OK && c->progress)
        c->progress(c->pctx, "import", (int64_t)c->len, (int64_t)c->len);
    if (rc == MS_OK && c->rep->rejected && !c->partial) {
        *err = c->first;
        return MS_EINVAL;
    }
    return rc == MS_OK ? record_batch(db, c, c->rep->accepted, 1, err) : rc;
}

static int tx_record_refused(store *db, void *ctx, ms_err *err)
{
    return record_batch(db, ctx, 0, 0, err);
}

static void sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    out[0] = '\0';
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1)
        return;
    for (unsigned i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int import_run(store *db, const ms_actor *who, enum import_kind kind, const char *filename,
               const unsigned char *data, size_t len, int partial, svc_progress_fn progress,
               void *progress_ctx, struct import_report *out, ms_err *err)
{
    struct imp c = {.db = db,
                    .who = who,
                    .kind = kind,
                    .partial = partial != 0,
                    .data = data,
                    .len = len,
                    .filename = filename,
                    .progress = progress,
                    .pctx = progress_ctx,
                    .rep = out};
    int rc;

    memset(out, 0, sizeof *out);
    ms_err_clear(err);
    if ((unsigned)kind >= IMPORT_KIND_COUNT)
        return ms_fail(err, MS_EINVAL, "kind", "import_kind", "");
    c.cols = import_columns(kind, &c.ncols);
    /* Same rule as the registry's writes: the operator and authority staff;
     * unit staff only for the apparatus and people of their standards. */
    if (!who || !who->role ||
        !(strcmp(who->role, "system") == 0 || strcmp(who->role, "authority") == 0 ||
          (strcmp(who->role, "unit") == 0 && kind >= IMPORT_APPARATUS)))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &c.sc);
    c.restricted = c.sc.authority_path != NULL || c.sc.unit_id != 0;
    svc_now(c.now);
    sha256_hex(data, len, c.sha);
    c.batch = ms_malloc(BATCH * sizeof *c.batch);
    if (!c.batch) {
        rc = oom(err);
        goto out;
    }
    store_tune_bulk(db);
    rc = store_tx(db, tx_import, &c, err);
    if (rc == MS_OK) {
        out->written = 1;
        if (out->accepted >= ANALYZE_ROWS)
            store_analyze(db);
        if (out->rejected) { /* partial: good rows kept, the rest reported */
            *err = c.first;
            rc = MS_EINVAL;
        }
    } else {
        out->accepted = 0;
        if (rc == MS_EINVAL && out->rejected && !partial) {
            ms_err e2;
            store_tx(db, tx_record_refused, &c, &e2);
        }
    }
out:
    strmap_free(&c.keys);
    strmap_free(&c.file);
    strmap_free(&c.refs);
    strmap_free(&c.auth);
    strmap_free(&c.seen);
    arena_free(&c.ar);
    ms_free(c.batch);
    return rc;
}

void import_report_free(struct import_report *r)
{
    if (!r)
        return;
    ms_free(r->errors);
    ms_free(r->warnings);
    r->errors = r->warnings = NULL;
    r->nerrors = r->nwarnings = 0;
}
