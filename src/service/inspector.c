/* inspector.c - use cases of the inspector pool (see inspector.h). */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/field.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/inspector.h"

#define NAME_MAX_CHARS   100
#define CERT_MAX_CHARS   100
#define REASON_MAX_CHARS 500

static const char *const KINDS[] = {"enforcement", "expert", NULL};

/* Pool reads and writes: the operator's CLI and authority staff. */
static int may_use(const ms_actor *a)
{
    return a && a->role && (strcmp(a->role, "system") == 0 || strcmp(a->role, "authority") == 0);
}

/* ------------------------------------------------------------- validation */

/* Normalise the comma-separated level-1 codes of IN into *OUT ("01,05",
 * each once, in the order given). */
static int fields_normalise(const char *in, arena *ar, const char **out, ms_err *err)
{
    char buf[3 * 18 + 1] = "", code[3];
    const char *p = in;

    if (text_blank(in))
        return ms_fail(err, MS_EINVAL, "fields", "required", NULL);
    while (*p) {
        const char *s, *e;
        size_t len;

        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        s = p;
        while (*p && *p != ',')
            p++;
        e = p;
        while (e > s && e[-1] == ' ')
            e--;
        len = (size_t)(e - s);
        if (len != 2) {
            char bad[32];
            snprintf(bad, sizeof bad, "%.*s", (int)(len < 24 ? len : 24), s);
            return ms_fail(err, MS_EINVAL, "fields", "inspector_bad_field", bad);
        }
        memcpy(code, s, 2);
        code[2] = '\0';
        if (!field_find(code))
            return ms_fail(err, MS_EINVAL, "fields", "inspector_bad_field", code);
        if (!strstr(buf, code)) { /* entries are 2 digits at 3-char steps */
            if (buf[0])
                strcat(buf, ",");
            strcat(buf, code);
        }
    }
    if (!buf[0])
        return ms_fail(err, MS_EINVAL, "fields", "required", NULL);
    *out = arena_strdup(ar, buf);
    return *out ? MS_OK : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

int inspector_validate(struct ms_inspector *i, arena *ar, ms_err *err)
{
    int rc;

    if ((rc = text_check("name", i->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK)
        return rc;
    if (text_blank(i->kind))
        return ms_fail(err, MS_EINVAL, "kind", "required", NULL);
    if (model_index(KINDS, i->kind) < 0)
        return ms_fail(err, MS_EINVAL, "kind", "invalid_enum", i->kind);
    if ((rc = fields_normalise(i->fields, ar, &i->fields, err)) != MS_OK)
        return rc;
    if (i->employer_unit_id < 0)
        return ms_fail(err, MS_EINVAL, "employer_unit_id", "invalid_id", NULL);
    if (i->employer_unit_id && strcmp(i->kind, "expert") != 0)
        return ms_fail(err, MS_EINVAL, "employer_unit_id", "inspector_employer_kind", i->kind);
    if (text_blank(i->certificate_no))
        i->certificate_no = NULL;
    else if ((rc = text_check("certificate_no", i->certificate_no, CERT_MAX_CHARS, 0, 0, err)) !=
             MS_OK)
        return rc;
    i->active = i->active ? 1 : 0;
    return MS_OK;
}

/* ----------------------------------------------------------------- writes */

struct write_ctx {
    const ms_actor *who;
    arena *ar;
    struct ms_inspector *rec;
    const struct inspector_patch *patch;
    struct inspdb_conflict *conflict;
    int64_t id;
    char now[32];
    struct store_scope sc;
};

/* The audit change of a record or patch: the name only as changed. */
static json_t *change_of(const char *name, const char *kind, const char *fields,
                         int64_t authority_id, int64_t employer, const char *cert, int active)
{
    json_t *o = json_object();

    if (name)
        json_object_set_new(o, "name", json_string("(changed)"));
    if (kind)
        json_object_set_new(o, "kind", json_string(kind));
    if (fields)
        json_object_set_new(o, "fields", json_string(fields));
    if (authority_id)
        json_object_set_new(o, "authority_id", json_integer((json_int_t)authority_id));
    if (employer)
        json_object_set_new(o, "employer_unit_id", json_integer((json_int_t)employer));
    if (cert)
        json_object_set_new(o, "certificate_no", json_string(cert));
    if (active >= 0)
        json_object_set_new(o, "active", json_boolean(active));
    return o;
}

static int audited(store *db, const ms_actor *who, int rc, const char *action, int64_t id,
                   json_t *change, ms_err *err)
{
    if (rc == MS_OK)
        rc = audit_append(db, who, action, "inspector", id, change, err);
    json_decref(change);
    return rc;
}

/* The pool's authority must be within the actor's jurisdiction. */
static int check_authority(store *db, struct write_ctx *c, int64_t id, ms_err *err)
{
    struct ms_authority a;
    int rc = reg_authority_get(db, &c->sc, id, c->ar, &a, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, "authority_id", "unknown_authority", "%lld", (long long)id);
    return rc;
}

/* A unit must be registered (anywhere: experts and conflicts may concern
 * units outside the pool's jurisdiction). */
static int check_unit(store *db, struct write_ctx *c, int64_t id, const char *field, ms_err *err)
{
    struct store_scope all = {0};
    struct ms_unit u;
    int rc = reg_unit_get(db, &all, id, c->ar, &u, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, field, "unknown_unit", "%lld", (long long)id);
    return rc;
}

static int tx_create(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_inspector *i = c->rec;
    int rc;

    if ((rc = check_authority(db, c, i->authority_id, err)) != MS_OK ||
        (i->employer_unit_id &&
         (rc = check_unit(db, c, i->employer_unit_id, "employer_unit_id", err)) != MS_OK) ||
        (rc = reg_inspector_insert(db, i, c->now, err)) != MS_OK)
        return rc;
    return audited(db, c->who, rc, "inspector.create", i->id,
                   change_of(i->name, i->kind, i->fields, i->authority_id, i->employer_unit_id,
                             i->certificate_no, i->active),
                   err);
}

int inspector_create(store *db, const ms_actor *who, struct ms_inspector *i, arena *ar, ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = i};
    int rc;

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (i->authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    if ((rc = inspector_validate(i, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_create, &c, err);
}

static int tx_update(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    const struct inspector_patch *p = c->patch;
    struct ms_inspector cur;
    int rc = inspdb_get(db, &c->sc, c->id, c->ar, &cur, err);

    if (rc != MS_OK)
        return rc;
    if (!p->name && !p->fields && !p->certificate_no && !p->employer_unit_id && p->active < 0) {
        *c->rec = cur; /* nothing to change: no write, no audit row */
        return MS_OK;
    }
    if (p->name)
        cur.name = p->name;
    if (p->fields)
        cur.fields = p->fields;
    if (p->certificate_no)
        cur.certificate_no = p->certificate_no;
    if (p->employer_unit_id)
        cur.employer_unit_id = p->employer_unit_id;
    if (p->active >= 0)
        cur.active = p->active;
    if ((rc = inspector_validate(&cur, c->ar, err)) != MS_OK ||
        (p->employer_unit_id &&
         (rc = check_unit(db, c, cur.employer_unit_id, "employer_unit_id", err)) != MS_OK) ||
        (rc = inspdb_update(db, &cur, c->now, err)) != MS_OK ||
        (rc = audited(db, c->who, rc, "inspector.update", c->id,
                      change_of(p->name, NULL, p->fields ? cur.fields : NULL, 0,
                                p->employer_unit_id, p->certificate_no, p->active),
                      err)) != MS_OK)
        return rc;
    return inspdb_get(db, &c->sc, c->id, c->ar, c->rec, err);
}

int inspector_update(store *db, const ms_actor *who, int64_t id, const struct inspector_patch *p,
                     arena *ar, struct ms_inspector *out, ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = out, .patch = p, .id = id};

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (p->employer_unit_id < 0)
        return ms_fail(err, MS_EINVAL, "employer_unit_id", "invalid_id", NULL);
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_update, &c, err);
}

static int tx_conflict(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct inspdb_conflict *k = c->conflict;
    struct ms_inspector cur;
    json_t *ch;
    int rc;

    if ((rc = inspdb_get(db, &c->sc, c->id, c->ar, &cur, err)) != MS_OK ||
        (rc = check_unit(db, c, k->unit_id, "unit_id", err)) != MS_OK)
        return rc;
    k->inspector_id = cur.id;
    if ((rc = inspdb_conflict_insert(db, k, err)) != MS_OK)
        return rc;
    ch = json_pack("{sIsIss}", "conflict_id", (json_int_t)k->id, "unit_id", (json_int_t)k->unit_id,
                   "declared_on", k->declared_on);
    return audited(db, c->who, rc, "inspector.conflict", cur.id, ch, err);
}

int inspector_conflict_declare(store *db, const ms_actor *who, int64_t inspector_id,
                               struct inspdb_conflict *k, arena *ar, ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .conflict = k, .id = inspector_id};
    char today[DATE_LEN + 1];
    int rc;

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (k->unit_id <= 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    if ((rc = text_check("reason", k->reason, REASON_MAX_CHARS, 1, 1, err)) != MS_OK)
        return rc;
    if (text_blank(k->declared_on)) {
        svc_today(today);
        k->declared_on = arena_strdup(ar, today);
    } else if ((rc = date_parse(k->declared_on, NULL, "declared_on", err)) != MS_OK) {
        return rc;
    }
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_conflict, &c, err);
}

/* ------------------------------------------------------------------ reads */

int inspector_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_inspector *out,
                  ms_err *err)
{
    struct store_scope sc;

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    return inspdb_get(db, &sc, id, ar, out, err);
}

int inspector_list(store *db, const ms_actor *who, const struct inspdb_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_inspector **items, int *n,
                   int64_t *total, ms_err *err)
{
    struct store_scope sc;

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (f->kind && f->kind[0] && model_index(KINDS, f->kind) < 0)
        return ms_fail(err, MS_EINVAL, "kind", "invalid_enum", f->kind);
    if (f->field && f->field[0] && (strlen(f->field) != 2 || !field_find(f->field)))
        return ms_fail(err, MS_EINVAL, "field", "inspector_bad_field", f->field);
    svc_scope(who, &sc);
    return inspdb_list(db, &sc, f, pg, ar, items, n, total, err);
}

int inspector_conflict_list(store *db, const ms_actor *who, int64_t inspector_id, arena *ar,
                            struct inspdb_conflict **items, int *n, ms_err *err)
{
    struct ms_inspector cur;
    struct store_scope sc;
    int rc;

    if (!may_use(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    if ((rc = inspdb_get(db, &sc, inspector_id, ar, &cur, err)) != MS_OK)
        return rc;
    return inspdb_conflict_list(db, inspector_id, ar, items, n, err);
}
