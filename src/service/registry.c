/* registry.c - use cases of the registry (see registry.h). */
#include <stdio.h>
#include <string.h>

#include "core/certno.h"
#include "core/date.h"
#include "core/division.h"
#include "core/field.h"
#include "core/text.h"
#include "core/uscc.h"
#include "service/audit.h"
#include "service/registry.h"

#define TEXT_MAX_CHARS 500
#define RENEWAL_DAYS   180

/* ------------------------------------------------------------ permissions */

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

/* Registry writes: the operator's CLI and authority staff; unit staff only
 * for the apparatus and people of their own standards. */
static int may_write(const ms_actor *a, int unit_allowed)
{
    return is_role(a, "system") || is_role(a, "authority") || (unit_allowed && is_role(a, "unit"));
}

/* Registry reads: everyone with business data (not secadmin or auditor). */
static int may_read(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "authority") || is_role(a, "unit") ||
           is_role(a, "inspector");
}

/* ----------------------------------------------------------------- writes */

struct write_ctx {
    const ms_actor *who;
    arena *ar;
    void *rec;
    const void *patch;
    int64_t id;
    char now[32];
    struct store_scope sc;
};

/* ----- audit: one narrow row per write, in the write's transaction */

static void jput(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

static void jput_id(json_t *o, const char *k, int64_t v)
{
    if (v)
        json_object_set_new(o, k, json_integer((json_int_t)v));
}

/* Append the audit row and release CHANGE; returns RC when RC is already an
 * error so that callers can chain. */
static int audited(store *db, const struct write_ctx *c, int rc, const char *action,
                   const char *entity, int64_t id, json_t *change, ms_err *err)
{
    if (rc == MS_OK)
        rc = audit_append(db, c->who, action, entity, id, change, err);
    json_decref(change);
    return rc;
}

static json_t *unit_change(const struct ms_unit *u)
{
    json_t *o = json_object();
    jput(o, "uscc", u->uscc);
    jput(o, "name", u->name);
    jput(o, "division_code", u->division_code);
    jput(o, "address", u->address);
    jput(o, "kind", u->kind);
    jput(o, "sectors", u->sectors);
    jput_id(o, "authority_id", u->authority_id);
    /* personal data is recorded as changed, not copied into the trail */
    if (u->contact_name)
        json_object_set_new(o, "contact_name", json_string("(changed)"));
    if (u->contact_phone)
        json_object_set_new(o, "contact_phone", json_string("(changed)"));
    jput(o, "credit_class", u->credit_class);
    jput(o, "status", u->status);
    return o;
}

static json_t *standard_change(const struct ms_standard *s)
{
    json_t *o = json_object();
    jput_id(o, "unit_id", s->unit_id);
    jput(o, "name", s->name);
    jput(o, "code", s->code);
    jput(o, "category", s->category);
    jput(o, "measurement_range", s->measurement_range);
    jput(o, "uncertainty", s->uncertainty);
    jput(o, "cert_no", s->cert_no);
    jput_id(o, "cert_authority_id", s->cert_authority_id);
    jput(o, "cert_issued_on", s->cert_issued_on);
    jput(o, "cert_expires_on", s->cert_expires_on);
    jput(o, "status", s->status);
    jput(o, "sectors", s->sectors);
    return o;
}

/* The authority ID must exist and lie in the actor's jurisdiction. */
static int check_authority(store *db, struct write_ctx *c, int64_t id, const char *field,
                           ms_err *err)
{
    struct ms_authority a;
    int rc = reg_authority_get(db, &c->sc, id, c->ar, &a, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, field, "unknown_authority", "%lld", (long long)id);
    return rc;
}

static int tx_authority_create(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_authority *a = c->rec;
    int rc;

    if (a->parent_id && (rc = check_authority(db, c, a->parent_id, "parent_id", err)) != MS_OK)
        return rc;
    if (!a->parent_id && !is_role(c->who, "system"))
        return ms_fail(err, MS_EFORBIDDEN, "parent_id", "forbidden", NULL);
    rc = reg_authority_insert(db, a, c->now, err);
    json_t *ch = json_object();
    jput(ch, "code", a->code);
    jput(ch, "name", a->name);
    jput(ch, "level", a->level);
    jput_id(ch, "parent_id", a->parent_id);
    return audited(db, c, rc, "authority.create", "authority", a->id, ch, err);
}

int registry_authority_create(store *db, const ms_actor *who, struct ms_authority *a, arena *ar,
                              ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = a};
    int rc;

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = registry_authority_validate(a, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_authority_create, &c, err);
}

static int tx_unit_create(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_unit *u = c->rec;
    int rc = check_authority(db, c, u->authority_id, "authority_id", err);

    if (rc == MS_OK)
        rc = reg_unit_insert(db, u, c->now, err);
    return rc == MS_OK ? audited(db, c, rc, "unit.create", "unit", u->id, unit_change(u), err) : rc;
}

int registry_unit_create(store *db, const ms_actor *who, struct ms_unit *u, arena *ar, ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = u};
    int rc;

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = registry_unit_validate(u, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_unit_create, &c, err);
}

/* The unit must exist and be visible to the actor. */
static int check_unit(store *db, struct write_ctx *c, int64_t id, ms_err *err)
{
    struct ms_unit u;
    int rc = reg_unit_get(db, &c->sc, id, c->ar, &u, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, "unit_id", "unknown_unit", "%lld", (long long)id);
    return rc;
}

static int tx_standard_create(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_standard *s = c->rec;
    int rc;

    if ((rc = check_unit(db, c, s->unit_id, err)) != MS_OK ||
        (rc = check_authority(db, c, s->cert_authority_id, "cert_authority_id", err)) != MS_OK)
        return rc;
    if ((rc = reg_standard_insert(db, s, c->now, err)) != MS_OK)
        return rc;
    return audited(db, c, rc, "standard.create", "standard", s->id, standard_change(s), err);
}

int registry_standard_create(store *db, const ms_actor *who, struct ms_standard *s, arena *ar,
                             ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = s};
    int rc;

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = registry_standard_validate(s, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_standard_create, &c, err);
}

/* The standard must exist and be visible (same rule as reads). */
static int check_standard(store *db, struct write_ctx *c, int64_t id, ms_err *err)
{
    struct ms_standard s;
    int rc = reg_standard_get(db, &c->sc, id, c->ar, &s, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "standard_id", "not_found", "%lld", (long long)id);
    return rc;
}

static int tx_apparatus_add(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_apparatus *a = c->rec;
    int rc = check_standard(db, c, a->standard_id, err);
    json_t *ch;

    if (rc != MS_OK || (rc = reg_apparatus_insert(db, a, c->now, err)) != MS_OK)
        return rc;
    ch = json_object();
    jput_id(ch, "standard_id", a->standard_id);
    jput(ch, "name", a->name);
    jput(ch, "serial", a->serial);
    jput(ch, "trace_cert_no", a->trace_cert_no);
    jput(ch, "calibrated_on", a->calibrated_on);
    jput(ch, "due_on", a->due_on);
    return audited(db, c, rc, "apparatus.create", "apparatus", a->id, ch, err);
}

int registry_apparatus_add(store *db, const ms_actor *who, struct ms_apparatus *a, arena *ar,
                           ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = a};
    int rc;

    if (!may_write(who, 1))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = registry_apparatus_validate(a, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_apparatus_add, &c, err);
}

static int tx_personnel_add(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    struct ms_personnel *p = c->rec;
    int rc = check_standard(db, c, p->standard_id, err);
    json_t *ch;

    if (rc != MS_OK || (rc = reg_personnel_insert(db, p, c->now, err)) != MS_OK)
        return rc;
    ch = json_object();
    jput_id(ch, "standard_id", p->standard_id);
    jput(ch, "qualification_no", p->qualification_no);
    jput(ch, "valid_until", p->valid_until);
    return audited(db, c, rc, "personnel.create", "personnel", p->id, ch, err);
}

int registry_personnel_add(store *db, const ms_actor *who, struct ms_personnel *p, arena *ar,
                           ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = p};
    int rc;

    if (!may_write(who, 1))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = registry_personnel_validate(p, ar, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_personnel_add, &c, err);
}

/* ---------------------------------------------------------------- updates */

#define MERGE_S(f)                                                                                 \
    if (patch->f)                                                                                  \
    cur.f = patch->f
#define MERGE_I(f)                                                                                 \
    if (patch->f)                                                                                  \
    cur.f = patch->f

static int tx_unit_update(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    const struct ms_unit *patch = c->patch;
    struct ms_unit cur, *out = c->rec;
    int rc = reg_unit_get(db, &c->sc, c->id, c->ar, &cur, err);
    json_t *change;

    if (rc != MS_OK)
        return rc;
    /* A unit is readable by an authority that certified one of its
     * standards, but only its supervising authority (or one above) may
     * change it: for anyone else it does not exist. */
    if (c->sc.authority_path && check_authority(db, c, cur.authority_id, "id", err) != MS_OK)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)c->id);
    change = unit_change(patch);
    if (json_object_size(change) == 0) { /* nothing to change: no write, no audit row */
        json_decref(change);
        *out = cur;
        return MS_OK;
    }
    json_decref(change);
    MERGE_S(uscc);
    MERGE_S(name);
    MERGE_S(division_code);
    MERGE_S(address);
    MERGE_S(kind);
    MERGE_S(sectors);
    MERGE_I(authority_id);
    MERGE_S(contact_name);
    MERGE_S(contact_phone);
    MERGE_S(credit_class);
    MERGE_S(status);
    if ((rc = registry_unit_validate(&cur, c->ar, err)) != MS_OK)
        return rc;
    if (patch->authority_id &&
        (rc = check_authority(db, c, cur.authority_id, "authority_id", err)) != MS_OK)
        return rc;
    if ((rc = reg_unit_update(db, &cur, c->now, err)) != MS_OK ||
        (rc = audited(db, c, rc, "unit.update", "unit", c->id, unit_change(patch), err)) != MS_OK)
        return rc;
    return reg_unit_get(db, &c->sc, c->id, c->ar, out, err);
}

int registry_unit_update(store *db, const ms_actor *who, int64_t id, const struct ms_unit *patch,
                         arena *ar, struct ms_unit *out, ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = out, .patch = patch, .id = id};

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_unit_update, &c, err);
}

static int tx_standard_update(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    const struct ms_standard *patch = c->patch;
    struct ms_standard cur, *out = c->rec;
    int rc = reg_standard_get(db, &c->sc, c->id, c->ar, &cur, err);
    json_t *change;

    if (rc != MS_OK)
        return rc;
    change = standard_change(patch);
    if (json_object_size(change) == 0 && !patch->field) {
        json_decref(change);
        *out = cur;
        return MS_OK;
    }
    json_decref(change);
    MERGE_I(unit_id);
    MERGE_S(name);
    MERGE_S(code);
    MERGE_S(category);
    MERGE_S(measurement_range);
    MERGE_S(uncertainty);
    MERGE_S(cert_no);
    MERGE_I(cert_authority_id);
    MERGE_S(cert_issued_on);
    MERGE_S(cert_expires_on);
    MERGE_S(sectors);
    /* The field follows from the code: a given field must agree with it. */
    cur.field = patch->field;
    if ((rc = registry_standard_validate(&cur, c->ar, err)) != MS_OK)
        return rc;
    if (patch->unit_id && (rc = check_unit(db, c, cur.unit_id, err)) != MS_OK)
        return rc;
    if (patch->cert_authority_id &&
        (rc = check_authority(db, c, cur.cert_authority_id, "cert_authority_id", err)) != MS_OK)
        return rc;
    if ((rc = reg_standard_update(db, &cur, c->now, err)) != MS_OK ||
        (rc = audited(db, c, rc, "standard.update", "standard", c->id, standard_change(patch),
                      err)) != MS_OK)
        return rc;
    return reg_standard_get(db, &c->sc, c->id, c->ar, out, err);
}

int registry_standard_update(store *db, const ms_actor *who, int64_t id,
                             const struct ms_standard *patch, arena *ar, struct ms_standard *out,
                             ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = out, .patch = patch, .id = id};

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (patch->status)
        return ms_fail(err, MS_EINVAL, "status", "status_not_patchable", NULL);
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_standard_update, &c, err);
}

/* ------------------------------------------------------------ transitions */

struct transition_ctx {
    struct write_ctx w;
    const char *action, *reason, *on;
    int64_t replaced_by;
};

static int tx_transition(store *db, void *ctx, ms_err *err)
{
    struct transition_ctx *t = ctx;
    struct write_ctx *c = &t->w;
    struct ms_standard cur, *out = c->rec;
    const char *to = NULL;
    int rc = reg_standard_get(db, &c->sc, c->id, c->ar, &cur, err);

    if (rc != MS_OK)
        return rc;
    if (strcmp(t->action, "seal") == 0) {
        if (strcmp(cur.status, "active") == 0)
            to = "sealed";
    } else if (strcmp(t->action, "unseal") == 0) {
        if (strcmp(cur.status, "sealed") == 0) {
            if (strcmp(cur.cert_expires_on, t->on) < 0)
                return ms_fail(err, MS_ECONFLICT, "cert_expires_on", "unseal_expired",
                               cur.cert_expires_on);
            to = "active";
        }
    } else if (strcmp(t->action, "revoke") == 0) {
        if (strcmp(cur.status, "active") == 0 || strcmp(cur.status, "sealed") == 0 ||
            strcmp(cur.status, "expired") == 0)
            to = "revoked";
    } else if (strcmp(t->action, "replace") == 0) {
        if (strcmp(cur.status, "active") == 0 || strcmp(cur.status, "sealed") == 0) {
            struct ms_standard nw;
            if (t->replaced_by <= 0)
                return ms_fail(err, MS_EINVAL, "replaced_by_id", "required", NULL);
            if (t->replaced_by == cur.id)
                return ms_fail(err, MS_EINVAL, "replaced_by_id", "replace_self", NULL);
            rc = reg_standard_get(db, &c->sc, t->replaced_by, c->ar, &nw, err);
            if (rc == MS_ENOTFOUND)
                return ms_failf(err, MS_EINVAL, "replaced_by_id", "not_found", "%lld",
                                (long long)t->replaced_by);
            if (rc != MS_OK)
                return rc;
            if (nw.unit_id != cur.unit_id || strcmp(nw.status, "active") != 0)
                return ms_fail(err, MS_EINVAL, "replaced_by_id", "replace_mismatch", nw.cert_no);
            to = "replaced";
        }
    } else {
        return ms_fail(err, MS_EINVAL, "action", "invalid_enum", t->action);
    }
    if (!to)
        return ms_fail(err, MS_ECONFLICT, "status", "bad_transition", cur.status);
    rc = reg_standard_set_status(db, cur.id, t->action, cur.status, to, t->reason, t->on,
                                 strcmp(to, "replaced") == 0 ? t->replaced_by : 0, c->who->name,
                                 c->now, err);
    if (rc == MS_OK) {
        json_t *ch = json_object();
        char action[32];
        jput(ch, "from", cur.status);
        jput(ch, "to", to);
        jput(ch, "reason", t->reason);
        jput(ch, "date", t->on);
        jput_id(ch, "replaced_by_id", strcmp(to, "replaced") == 0 ? t->replaced_by : 0);
        snprintf(action, sizeof action, "standard.%s", t->action);
        rc = audited(db, c, rc, action, "standard", cur.id, ch, err);
    }
    if (rc != MS_OK)
        return rc;
    return reg_standard_get(db, &c->sc, c->id, c->ar, out, err);
}

/* Check the arguments of a transition into T (permission, action, reason,
 * date); MS_OK or the error. */
static int transition_prepare(struct transition_ctx *t, const ms_actor *who, char *today,
                              ms_err *err)
{
    int rc;

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!t->action ||
        model_index((const char *const[]){"seal", "unseal", "revoke", "replace", NULL}, t->action) <
            0)
        return ms_fail(err, MS_EINVAL, "action", "invalid_enum", t->action);
    if ((rc = text_check("reason", t->reason, TEXT_MAX_CHARS, 1, 1, err)) != MS_OK)
        return rc;
    if (text_blank(t->on)) {
        svc_today(today);
        t->on = today;
    } else if ((rc = date_parse(t->on, &(ms_date){0}, "date", err)) != MS_OK) {
        return rc;
    }
    svc_now(t->w.now);
    svc_scope(who, &t->w.sc);
    return MS_OK;
}

int registry_standard_transition(store *db, const ms_actor *who, int64_t id, const char *action,
                                 const char *reason, const char *on, int64_t replaced_by, arena *ar,
                                 struct ms_standard *out, ms_err *err)
{
    struct transition_ctx t = {.w = {.who = who, .ar = ar, .rec = out, .id = id},
                               .action = action,
                               .reason = reason,
                               .on = on,
                               .replaced_by = replaced_by};
    char today[DATE_LEN + 1];
    int rc = transition_prepare(&t, who, today, err);

    return rc == MS_OK ? store_tx(db, tx_transition, &t, err) : rc;
}

int registry_standard_transition_in_tx(store *db, const ms_actor *who, int64_t id,
                                       const char *action, const char *reason, const char *on,
                                       arena *ar, struct ms_standard *out, ms_err *err)
{
    struct transition_ctx t = {.w = {.who = who, .ar = ar, .rec = out, .id = id},
                               .action = action,
                               .reason = reason,
                               .on = on};
    char today[DATE_LEN + 1];
    int rc;

    if (!store_in_tx(db))
        return ms_fail(err, MS_EINTERNAL, "", "internal", "transition outside a transaction");
    rc = transition_prepare(&t, who, today, err);
    return rc == MS_OK ? tx_transition(db, &t, err) : rc;
}

/* ------------------------------------------------------------------ reads */

int registry_authority_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                           struct ms_authority *out, ms_err *err)
{
    struct store_scope sc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    sc.unit_id = 0; /* authorities are public records */
    if (is_role(who, "unit"))
        sc.authority_path = NULL;
    return reg_authority_get(db, &sc, id, ar, out, err);
}

int registry_unit_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_unit *out,
                      ms_err *err)
{
    struct store_scope sc;

    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    rc = reg_unit_get(db, &sc, id, ar, out, err);
    /* The unit's contact person is personal data: authority reads are audited. */
    if (rc == MS_OK && is_role(who, "authority") && (out->contact_name || out->contact_phone)) {
        json_t *what = json_pack("{s:s}", "fields", "contact");
        rc = audit_read(db, who, "unit", id, what, err);
        json_decref(what);
    }
    return rc;
}

int registry_standard_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                          struct ms_standard *out, ms_err *err)
{
    struct store_scope sc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    return reg_standard_get(db, &sc, id, ar, out, err);
}

static int check_page(const struct store_page *pg, ms_err *err)
{
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->per_page > 500 || pg->per_page < 0 ? "per_page" : "page",
                       "invalid_page", NULL);
    return MS_OK;
}

int registry_unit_list(store *db, const ms_actor *who, const struct reg_unit_filter *f,
                       const struct store_page *pg, arena *ar, struct ms_unit **items, int *n,
                       int64_t *total, ms_err *err)
{
    struct store_scope sc;
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = check_page(pg, err)) != MS_OK)
        return rc;
    svc_scope(who, &sc);
    return reg_unit_list(db, &sc, f, pg, ar, items, n, total, err);
}

/* Permission and filter checks of the standards list; fills SC. */
static int standard_list_check(const ms_actor *who, const struct reg_standard_filter *f,
                               const struct store_page *pg, struct store_scope *sc, ms_err *err)
{
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = check_page(pg, err)) != MS_OK)
        return rc;
    if (f && f->expiring_before && *f->expiring_before &&
        (rc = date_parse(f->expiring_before, &(ms_date){0}, "expiring_before", err)) != MS_OK)
        return rc;
    if (f && f->status && *f->status && model_index(model_std_statuses, f->status) < 0)
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", f->status);
    if (f && f->category && *f->category && model_index(model_categories, f->category) < 0)
        return ms_fail(err, MS_EINVAL, "category", "invalid_enum", f->category);
    svc_scope(who, sc);
    return MS_OK;
}

int registry_standard_list(store *db, const ms_actor *who, const struct reg_standard_filter *f,
                           const struct store_page *pg, arena *ar, struct ms_standard **items,
                           int *n, int64_t *total, ms_err *err)
{
    struct store_scope sc;
    int rc;

    *n = 0;
    *total = 0;
    if ((rc = standard_list_check(who, f, pg, &sc, err)) != MS_OK)
        return rc;
    return reg_standard_list(db, &sc, f, pg, ar, items, n, total, err);
}

int registry_standard_each(store *db, const ms_actor *who, const struct reg_standard_filter *f,
                           const struct store_page *pg, const struct reg_standard_sink *sink,
                           int64_t *total, ms_err *err)
{
    struct store_scope sc;
    struct reg_standard_sink s = *sink;
    int rc;

    *total = 0;
    if ((rc = standard_list_check(who, f, pg, &sc, err)) != MS_OK)
        return rc;
    /* Inside a write transaction a row may be seen in a version that is
     * rolled back later: never let the caller skip a row by its rev then. */
    if (store_in_tx(db))
        s.need = NULL;
    return reg_standard_list_each(db, &sc, f, pg, &s, total, err);
}

int registry_alerts(store *db, const ms_actor *who, const char *as_of, int max, arena *ar,
                    struct reg_alert **items, int *n, int64_t counts[4], ms_err *err)
{
    struct store_scope sc;
    char today[DATE_LEN + 1], until[DATE_LEN + 1];
    ms_date d;
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (text_blank(as_of)) {
        svc_today(today);
        as_of = today;
    }
    if ((rc = date_parse(as_of, &d, "as_of", err)) != MS_OK)
        return rc;
    date_format(date_add_days(d, RENEWAL_DAYS), until);
    svc_scope(who, &sc);
    return reg_alerts(db, &sc, as_of, until, max, ar, items, n, counts, err);
}

int registry_summary(store *db, const ms_actor *who, struct reg_summary *out, ms_err *err)
{
    struct store_scope sc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    return reg_summary(db, &sc, out, err);
}

int registry_actor_for_authority(store *db, const char *code, enum ms_lang lang, arena *ar,
                                 ms_actor *a, struct ms_authority *auth, ms_err *err)
{
    int rc = reg_authority_by_code(db, code, ar, auth, err);

    if (rc != MS_OK)
        return rc == MS_ENOTFOUND
                   ? ms_fail(err, MS_ENOTFOUND, "authority", "unknown_authority", code)
                   : rc;
    memset(a, 0, sizeof *a);
    a->name = "system";
    a->role = "authority";
    a->authority_id = auth->id;
    a->lang = lang;
    snprintf(a->authority_path, sizeof a->authority_path, "%s", auth->path);
    return MS_OK;
}

int registry_authority_list(store *db, const ms_actor *who, int64_t parent_id, const char *level,
                            const struct store_page *pg, arena *ar, struct ms_authority **items,
                            int *n, int64_t *total, ms_err *err)
{
    struct store_scope sc;
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = check_page(pg, err)) != MS_OK)
        return rc;
    if (level && *level && model_index(model_levels, level) < 0)
        return ms_fail(err, MS_EINVAL, "level", "invalid_enum", level);
    svc_scope(who, &sc);
    sc.unit_id = 0;
    if (is_role(who, "unit"))
        sc.authority_path = NULL;
    return reg_authority_list(db, &sc, parent_id, level && *level ? level : NULL, pg, ar, items, n,
                              total, err);
}

/* The standard must be visible to WHO before its children are listed. */
static int visible_standard(store *db, const ms_actor *who, int64_t id, arena *ar, ms_err *err)
{
    struct store_scope sc;
    struct ms_standard s;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    return reg_standard_get(db, &sc, id, ar, &s, err);
}

int registry_apparatus_list(store *db, const ms_actor *who, int64_t standard_id, arena *ar,
                            struct ms_apparatus **items, int *n, ms_err *err)
{
    int rc = visible_standard(db, who, standard_id, ar, err);
    return rc == MS_OK ? reg_apparatus_list(db, standard_id, ar, items, n, err) : rc;
}

int registry_personnel_list(store *db, const ms_actor *who, int64_t standard_id, arena *ar,
                            struct ms_personnel **items, int *n, ms_err *err)
{
    int rc = visible_standard(db, who, standard_id, ar, err);

    if (rc == MS_OK)
        rc = reg_personnel_list(db, standard_id, ar, items, n, err);
    /* Staff names are personal data: authority reads are audited. */
    if (rc == MS_OK && *n && is_role(who, "authority")) {
        json_t *what = json_pack("{s:s}", "fields", "personnel");
        rc = audit_read(db, who, "standard", standard_id, what, err);
        json_decref(what);
    }
    return rc;
}

int registry_standard_detail(store *db, const ms_actor *who, int64_t id, arena *ar,
                             struct ms_standard *out, struct reg_standard_event **events, int *n,
                             ms_err *err)
{
    int rc = registry_standard_get(db, who, id, ar, out, err);
    return rc == MS_OK ? reg_standard_events(db, out->id, ar, events, n, err) : rc;
}

static int tx_authority_update(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *c = ctx;
    const struct ms_authority *patch = c->patch;
    struct ms_authority cur, *out = c->rec;
    int rc = reg_authority_get(db, &c->sc, c->id, c->ar, &cur, err);

    if (rc != MS_OK)
        return rc;
    if (!patch->name && !patch->division_code && !patch->short_name) {
        *out = cur;
        return MS_OK;
    }
    MERGE_S(name);
    MERGE_S(division_code);
    MERGE_S(short_name);
    if ((rc = registry_authority_validate(&cur, c->ar, err)) != MS_OK ||
        (rc = reg_authority_update(db, &cur, c->now, err)) != MS_OK)
        return rc;
    {
        json_t *ch = json_object();
        jput(ch, "name", patch->name);
        jput(ch, "division_code", patch->division_code);
        jput(ch, "short_name", patch->short_name);
        if ((rc = audited(db, c, rc, "authority.update", "authority", c->id, ch, err)) != MS_OK)
            return rc;
    }
    return reg_authority_get(db, &c->sc, c->id, c->ar, out, err);
}

int registry_authority_update(store *db, const ms_actor *who, int64_t id,
                              const struct ms_authority *patch, arena *ar, struct ms_authority *out,
                              ms_err *err)
{
    struct write_ctx c = {.who = who, .ar = ar, .rec = out, .patch = patch, .id = id};

    if (!may_write(who, 0))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_authority_update, &c, err);
}
