/* cases.c - use cases of dispositions and of the violations register (see
 * cases.h); complaints are in complaint.c, the risk ranking in risk.c. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/disposition.h"
#include "core/model.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/registry.h"

#define NOTE_MAX_CHARS    2000
#define BASIS_MAX_CHARS   1000
#define SUMMARY_MAX_CHARS 2000

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

/* Dispositions and violations: authority staff and the operator's CLI. */
static int may_use(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "authority");
}

static int forbidden(ms_err *err)
{
    return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
}

static int check_page(const struct store_page *pg, ms_err *err)
{
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    return MS_OK;
}

/* DATE (NULL / blank = today into BUF) must be a valid date. */
static int date_or_today(const char **date, char buf[DATE_LEN + 1], const char *field, ms_err *err)
{
    if (text_blank(*date)) {
        svc_today(buf);
        *date = buf;
        return MS_OK;
    }
    return date_parse(*date, &(ms_date){0}, field, err);
}

/* The unit ID as the actor sees it; outside = MS_EINVAL naming unit_id. */
static int unit_in_scope(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                         struct ms_unit *u, ms_err *err)
{
    int rc;

    if (id <= 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    rc = reg_unit_get(db, sc, id, ar, u, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, "unit_id", "unknown_unit", "%lld", (long long)id);
    return rc;
}

/* The deciding authority: the actor's, or the unit's supervisor for system. */
static int64_t deciding_authority(const ms_actor *who, const struct ms_unit *u)
{
    return is_role(who, "authority") ? who->authority_id : u->authority_id;
}

static void jput(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

static void jput_id(json_t *o, const char *k, int64_t v)
{
    if (v > 0)
        json_object_set_new(o, k, json_integer((json_int_t)v));
}

static int audited(store *db, const ms_actor *who, const char *action, const char *entity,
                   int64_t id, json_t *change, ms_err *err)
{
    int rc = change ? audit_append(db, who, action, entity, id, change, err)
                    : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);

    json_decref(change);
    return rc;
}

/* ---------------------------------------------------------- dispositions */

struct disp_ctx {
    const ms_actor *who;
    arena *ar;
    const struct disposition_input *in;
    const struct disposition_item *item;
    int catalog_version;
    const char *decided_on;
    char now[32];
    struct store_scope sc;
    struct ms_disposition *out;
};

/* A finding or inspection named by the input must concern the unit. */
static int check_ref(store *db, struct disp_ctx *c, int64_t *inspection_id, ms_err *err)
{
    const struct disposition_input *in = c->in;
    struct casedb_ref ref;
    int rc;

    *inspection_id = in->inspection_id;
    if (in->finding_id) {
        rc = casedb_finding_ref(db, &c->sc, in->finding_id, &ref, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_EINVAL, "finding_id", "not_found", "%lld",
                            (long long)in->finding_id);
        if (rc != MS_OK)
            return rc;
        if (ref.unit_id != in->unit_id)
            return ms_failf(err, MS_EINVAL, "finding_id", "disposition_other_unit", "%lld",
                            (long long)in->finding_id);
        if (*inspection_id && ref.inspection_id && ref.inspection_id != *inspection_id)
            return ms_failf(err, MS_EINVAL, "inspection_id", "disposition_other_unit", "%lld",
                            (long long)*inspection_id);
        if (!*inspection_id)
            *inspection_id = ref.inspection_id;
    }
    if (in->inspection_id) {
        rc = casedb_inspection_ref(db, &c->sc, in->inspection_id, &ref, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_EINVAL, "inspection_id", "not_found", "%lld",
                            (long long)in->inspection_id);
        if (rc != MS_OK)
            return rc;
        if (ref.unit_id != in->unit_id)
            return ms_failf(err, MS_EINVAL, "inspection_id", "disposition_other_unit", "%lld",
                            (long long)in->inspection_id);
    }
    return MS_OK;
}

static int tx_disposition(store *db, void *ctx, ms_err *err)
{
    struct disp_ctx *c = ctx;
    const struct disposition_input *in = c->in;
    struct ms_disposition d = {0};
    struct ms_standard s;
    struct ms_unit u;
    json_t *ch;
    int rc;

    if ((rc = unit_in_scope(db, &c->sc, in->unit_id, c->ar, &u, err)) != MS_OK)
        return rc;
    if (in->standard_id) {
        rc = reg_standard_get(db, &c->sc, in->standard_id, c->ar, &s, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_EINVAL, "standard_id", "not_found", "%lld",
                            (long long)in->standard_id);
        if (rc != MS_OK)
            return rc;
        if (s.unit_id != in->unit_id)
            return ms_fail(err, MS_EINVAL, "standard_id", "disposition_standard_unit", s.cert_no);
    }
    d.authority_id = deciding_authority(c->who, &u);
    d.unit_id = in->unit_id;
    d.standard_id = in->standard_id;
    d.finding_id = in->finding_id;
    if ((rc = check_ref(db, c, &d.inspection_id, err)) != MS_OK)
        return rc;
    d.action = c->item->code;
    d.catalog_version = c->catalog_version;
    d.basis = text_blank(in->basis) ? c->item->basis : in->basis;
    d.amount_yuan = in->has_amount ? in->amount_yuan : -1;
    d.decided_on = c->decided_on;
    d.note = text_blank(in->note) ? NULL : in->note;
    d.created_by = c->who->name;
    if ((rc = casedb_disposition_insert(db, &d, c->now, err)) != MS_OK)
        return rc;
    ch = json_object();
    jput(ch, "action", d.action);
    json_object_set_new(ch, "catalog_version", json_integer(d.catalog_version));
    jput_id(ch, "unit_id", d.unit_id);
    jput_id(ch, "standard_id", d.standard_id);
    jput_id(ch, "finding_id", d.finding_id);
    jput_id(ch, "inspection_id", d.inspection_id);
    if (d.amount_yuan >= 0)
        json_object_set_new(ch, "amount_yuan", json_integer((json_int_t)d.amount_yuan));
    jput(ch, "decided_on", d.decided_on);
    if ((rc = audited(db, c->who, "disposition.create", "disposition", d.id, ch, err)) != MS_OK)
        return rc;
    /* The certificate's effect goes through the registry's own rules. */
    if (c->item->revokes_standard) {
        struct ms_standard after;
        char reason[256];
        snprintf(reason, sizeof reason, "%s #%lld", c->item->name, (long long)d.id);
        ms_utf8_trim(reason);
        rc = registry_standard_transition_in_tx(db, c->who, d.standard_id, "revoke", reason,
                                                d.decided_on, c->ar, &after, err);
        if (rc != MS_OK)
            return rc;
    }
    return casedb_disposition_get(db, NULL, d.id, c->ar, c->out, err);
}

int disposition_create(store *db, const ms_actor *who, const struct disposition_input *in,
                       arena *ar, struct ms_disposition *out, ms_err *err)
{
    struct disp_ctx c = {.who = who, .ar = ar, .in = in, .out = out};
    const struct disposition_catalog *cat;
    char today[DATE_LEN + 1];
    int rc;

    if (!may_use(who))
        return forbidden(err);
    if (!(cat = disposition_catalog(err)))
        return err ? err->code : MS_EINTERNAL;
    if (in->unit_id <= 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    if (text_blank(in->action))
        return ms_fail(err, MS_EINVAL, "action", "required", NULL);
    if (!(c.item = disposition_find(cat, in->action)))
        return ms_fail(err, MS_EINVAL, "action", "disposition_unknown_action", in->action);
    c.catalog_version = cat->version;
    if ((rc = disposition_check(c.item, in->has_amount, in->amount_yuan, in->standard_id > 0,
                                err)) != MS_OK)
        return rc;
    c.decided_on = in->decided_on;
    if ((rc = date_or_today(&c.decided_on, today, "decided_on", err)) != MS_OK ||
        (rc = text_check("basis", in->basis, BASIS_MAX_CHARS, 0, 1, err)) != MS_OK ||
        (rc = text_check("note", in->note, NOTE_MAX_CHARS, 0, 1, err)) != MS_OK)
        return rc;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_disposition, &c, err);
}

int disposition_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                    struct ms_disposition *out, ms_err *err)
{
    struct store_scope sc;

    if (!may_use(who))
        return forbidden(err);
    svc_scope(who, &sc);
    return casedb_disposition_get(db, &sc, id, ar, out, err);
}

/* The path of the filter authority ID within SC into *PATH (NULL for 0). */
static int filter_path(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                       const char **path, ms_err *err)
{
    struct ms_authority a;
    int rc;

    *path = NULL;
    if (!id)
        return MS_OK;
    rc = reg_authority_get(db, sc, id, ar, &a, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "authority_id", "unknown_authority", "%lld",
                        (long long)id);
    if (rc == MS_OK)
        *path = a.path;
    return rc;
}

int disposition_list(store *db, const ms_actor *who, const struct casedb_disposition_filter *f,
                     const struct store_page *pg, arena *ar, struct ms_disposition **items, int *n,
                     int64_t *total, ms_err *err)
{
    struct store_scope sc;
    const char *path;
    int rc;

    if (!may_use(who))
        return forbidden(err);
    if ((rc = check_page(pg, err)) != MS_OK)
        return rc;
    if (f && f->action && f->action[0] && !disposition_find(disposition_catalog(NULL), f->action))
        return ms_fail(err, MS_EINVAL, "action", "disposition_unknown_action", f->action);
    svc_scope(who, &sc);
    if ((rc = filter_path(db, &sc, f ? f->authority_id : 0, ar, &path, err)) != MS_OK)
        return rc;
    return casedb_disposition_list(db, &sc, f, path, pg, ar, items, n, total, err);
}

/* ------------------------------------------------------------ violations */

struct viol_ctx {
    const ms_actor *who;
    arena *ar;
    struct ms_violation_rec *v;
    char now[32];
    struct store_scope sc;
};

static int tx_violation(store *db, void *ctx, ms_err *err)
{
    struct viol_ctx *c = ctx;
    struct ms_violation_rec *v = c->v;
    struct ms_unit u;
    json_t *ch;
    int rc;

    if ((rc = unit_in_scope(db, &c->sc, v->unit_id, c->ar, &u, err)) != MS_OK)
        return rc;
    if (v->disposition_id) {
        struct ms_disposition d;
        rc = casedb_disposition_get(db, &c->sc, v->disposition_id, c->ar, &d, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_EINVAL, "disposition_id", "not_found", "%lld",
                            (long long)v->disposition_id);
        if (rc != MS_OK)
            return rc;
        if (d.unit_id != v->unit_id)
            return ms_failf(err, MS_EINVAL, "disposition_id", "disposition_other_unit", "%lld",
                            (long long)v->disposition_id);
    }
    v->authority_id = deciding_authority(c->who, &u);
    v->created_by = c->who->name;
    if ((rc = casedb_violation_insert(db, v, c->now, err)) != MS_OK)
        return rc;
    ch = json_object();
    jput_id(ch, "unit_id", v->unit_id);
    jput(ch, "severity", v->severity);
    jput(ch, "decided_on", v->decided_on);
    jput_id(ch, "disposition_id", v->disposition_id);
    if ((rc = audited(db, c->who, "violation.create", "violation", v->id, ch, err)) != MS_OK)
        return rc;
    return casedb_violation_get(db, NULL, v->id, c->ar, v, err);
}

int violation_create(store *db, const ms_actor *who, struct ms_violation_rec *v, arena *ar,
                     ms_err *err)
{
    static const char *const SEVERITIES[] = {"serious", "general", NULL};
    struct viol_ctx c = {.who = who, .ar = ar, .v = v};
    char today[DATE_LEN + 1];
    const char *decided;
    int rc;

    if (!may_use(who))
        return forbidden(err);
    if (v->unit_id <= 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    if (text_blank(v->severity))
        return ms_fail(err, MS_EINVAL, "severity", "required", NULL);
    if (model_index(SEVERITIES, v->severity) < 0)
        return ms_fail(err, MS_EINVAL, "severity", "invalid_enum", v->severity);
    decided = v->decided_on;
    if ((rc = date_or_today(&decided, today, "decided_on", err)) != MS_OK ||
        (rc = text_check("summary", v->summary, SUMMARY_MAX_CHARS, 1, 1, err)) != MS_OK)
        return rc;
    /* V outlives this call: today's date must not stay on our stack. */
    if (decided == today && !(decided = arena_strdup(ar, today)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    v->decided_on = decided;
    svc_now(c.now);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_violation, &c, err);
}

int violation_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                  struct ms_violation_rec *out, ms_err *err)
{
    struct store_scope sc;

    if (!may_use(who))
        return forbidden(err);
    svc_scope(who, &sc);
    return casedb_violation_get(db, &sc, id, ar, out, err);
}

int violation_list(store *db, const ms_actor *who, const struct casedb_violation_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_violation_rec **items, int *n,
                   int64_t *total, ms_err *err)
{
    static const char *const SEVERITIES[] = {"serious", "general", NULL};
    struct store_scope sc;
    int rc;

    if (!may_use(who))
        return forbidden(err);
    if ((rc = check_page(pg, err)) != MS_OK)
        return rc;
    if (f && f->severity && f->severity[0] && model_index(SEVERITIES, f->severity) < 0)
        return ms_fail(err, MS_EINVAL, "severity", "invalid_enum", f->severity);
    svc_scope(who, &sc);
    return casedb_violation_list(db, &sc, f, pg, ar, items, n, total, err);
}
