/* reg_load.c - fast loaders (store_bulk) and single inserts of inspectors,
 * complaints and violations. */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

struct reg_loader {
    store_bulk *bulk;
    enum reg_entity e;
    char now[32];
};

static const char *const COLS_AUTHORITY[] = {
    "id",   "code",          "name",       "level",      "parent_id",
    "path", "division_code", "short_name", "created_at", "updated_at"};
static const char *const COLS_UNIT[] = {
    "id",           "uscc",    "name",         "division_code", "address",
    "kind",         "sectors", "authority_id", "contact_name",  "contact_phone",
    "credit_class", "status",  "created_at",   "updated_at"};
static const char *const COLS_STANDARD[] = {"id",
                                            "unit_id",
                                            "name",
                                            "code",
                                            "field",
                                            "category",
                                            "measurement_range",
                                            "uncertainty",
                                            "cert_no",
                                            "cert_authority_id",
                                            "cert_issued_on",
                                            "cert_expires_on",
                                            "status",
                                            "status_on",
                                            "status_reason",
                                            "replaced_by_id",
                                            "sectors",
                                            "created_at",
                                            "updated_at"};
static const char *const COLS_APPARATUS[] = {
    "id",        "standard_id",   "name",   "model",      "serial",    "role", "trace_cert_no",
    "trace_org", "calibrated_on", "due_on", "created_at", "updated_at"};
static const char *const COLS_PERSONNEL[] = {
    "id",          "standard_id", "name",       "qualification_no",
    "valid_until", "in_charge",   "created_at", "updated_at"};
static const char *const COLS_INSPECTOR[] = {
    "id",     "authority_id",   "name",   "kind",       "employer_unit_id",
    "fields", "certificate_no", "active", "created_at", "updated_at"};
static const char *const COLS_CONFLICT[] = {"id", "inspector_id", "unit_id", "reason",
                                            "declared_on"};
static const char *const COLS_COMPLAINT[] = {"id",          "unit_id",    "authority_id",
                                             "received_on", "channel",    "summary",
                                             "status",      "created_at", "updated_at"};
static const char *const COLS_VIOLATION[] = {"id",         "unit_id", "authority_id", "severity",
                                             "decided_on", "summary", "created_at"};

static const struct {
    const char *const *cols;
    int n;
} COLS[REG_ENTITY_COUNT] = {
    {COLS_AUTHORITY, (int)MS_ARRAY_LEN(COLS_AUTHORITY)},
    {COLS_UNIT, (int)MS_ARRAY_LEN(COLS_UNIT)},
    {COLS_STANDARD, (int)MS_ARRAY_LEN(COLS_STANDARD)},
    {COLS_APPARATUS, (int)MS_ARRAY_LEN(COLS_APPARATUS)},
    {COLS_PERSONNEL, (int)MS_ARRAY_LEN(COLS_PERSONNEL)},
    {COLS_INSPECTOR, (int)MS_ARRAY_LEN(COLS_INSPECTOR)},
    {COLS_CONFLICT, (int)MS_ARRAY_LEN(COLS_CONFLICT)},
    {COLS_COMPLAINT, (int)MS_ARRAY_LEN(COLS_COMPLAINT)},
    {COLS_VIOLATION, (int)MS_ARRAY_LEN(COLS_VIOLATION)},
};

int reg_load_begin(store *db, enum reg_entity e, const char *now, reg_loader **out, ms_err *err)
{
    reg_loader *l = ms_calloc(1, sizeof *l);
    int rc;

    *out = NULL;
    if (!l)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    l->e = e;
    snprintf(l->now, sizeof l->now, "%s", now);
    rc = store_bulk_begin(db, reg_table(e), COLS[e].cols, COLS[e].n, &l->bulk, err);
    if (rc != MS_OK) {
        ms_free(l);
        return rc;
    }
    *out = l;
    return MS_OK;
}

int reg_load_end(reg_loader *l, ms_err *err)
{
    int rc = store_bulk_end(l->bulk, err);
    ms_free(l);
    return rc;
}

void reg_load_abort(reg_loader *l)
{
    if (!l)
        return;
    store_bulk_abort(l->bulk);
    ms_free(l);
}

/* Integer as text into BUF, or NULL when V is 0 and NULLABLE. */
static const char *itoa_or_null(char *buf, int64_t v, int nullable)
{
    if (!v && nullable)
        return NULL;
    snprintf(buf, 24, "%lld", (long long)v);
    return buf;
}

static int check_kind(reg_loader *l, enum reg_entity e, ms_err *err)
{
    if (l->e != e)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "loader used for another entity");
    return MS_OK;
}

int reg_load_authority(reg_loader *l, const struct ms_authority *a, ms_err *err)
{
    char id[24], parent[24];
    const char *v[] = {itoa_or_null(id, a->id, 0),
                       a->code,
                       a->name,
                       a->level,
                       itoa_or_null(parent, a->parent_id, 1),
                       a->path,
                       a->division_code,
                       a->short_name,
                       l->now,
                       l->now};
    return check_kind(l, REG_AUTHORITY, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

int reg_load_unit(reg_loader *l, const struct ms_unit *u, ms_err *err)
{
    char id[24], auth[24];
    const char *v[] = {itoa_or_null(id, u->id, 0),
                       u->uscc,
                       u->name,
                       u->division_code,
                       u->address,
                       u->kind,
                       u->sectors ? u->sectors : "",
                       itoa_or_null(auth, u->authority_id, 0),
                       u->contact_name,
                       u->contact_phone,
                       u->credit_class,
                       u->status ? u->status : "active",
                       l->now,
                       l->now};
    return check_kind(l, REG_UNIT, err) == MS_OK ? store_bulk_row(l->bulk, v, err) : MS_EINTERNAL;
}

int reg_load_standard(reg_loader *l, const struct ms_standard *s, ms_err *err)
{
    char id[24], unit[24], auth[24], repl[24];
    const char *v[] = {itoa_or_null(id, s->id, 0),
                       itoa_or_null(unit, s->unit_id, 0),
                       s->name,
                       s->code,
                       s->field,
                       s->category,
                       s->measurement_range,
                       s->uncertainty,
                       s->cert_no,
                       itoa_or_null(auth, s->cert_authority_id, 0),
                       s->cert_issued_on,
                       s->cert_expires_on,
                       s->status ? s->status : "active",
                       s->status_on,
                       s->status_reason,
                       itoa_or_null(repl, s->replaced_by_id, 1),
                       s->sectors ? s->sectors : "",
                       l->now,
                       l->now};
    return check_kind(l, REG_STANDARD, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                     : MS_EINTERNAL;
}

int reg_load_apparatus(reg_loader *l, const struct ms_apparatus *a, ms_err *err)
{
    char id[24], sid[24];
    const char *v[] = {itoa_or_null(id, a->id, 0),
                       itoa_or_null(sid, a->standard_id, 0),
                       a->name,
                       a->model,
                       a->serial,
                       a->role ? a->role : "standard",
                       a->trace_cert_no,
                       a->trace_org,
                       a->calibrated_on,
                       a->due_on,
                       l->now,
                       l->now};
    return check_kind(l, REG_APPARATUS, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

int reg_load_personnel(reg_loader *l, const struct ms_personnel *p, ms_err *err)
{
    char id[24], sid[24];
    const char *v[] = {itoa_or_null(id, p->id, 0),
                       itoa_or_null(sid, p->standard_id, 0),
                       p->name,
                       p->qualification_no,
                       p->valid_until,
                       p->in_charge ? "1" : "0",
                       l->now,
                       l->now};
    return check_kind(l, REG_PERSONNEL, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

int reg_load_inspector(reg_loader *l, const struct ms_inspector *i, ms_err *err)
{
    char id[24], auth[24], emp[24];
    const char *v[] = {itoa_or_null(id, i->id, 0),
                       itoa_or_null(auth, i->authority_id, 0),
                       i->name,
                       i->kind,
                       itoa_or_null(emp, i->employer_unit_id, 1),
                       i->fields ? i->fields : "",
                       i->certificate_no,
                       i->active ? "1" : "0",
                       l->now,
                       l->now};
    return check_kind(l, REG_INSPECTOR, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

int reg_load_conflict(reg_loader *l, int64_t id, int64_t inspector_id, int64_t unit_id,
                      const char *reason, const char *declared_on, ms_err *err)
{
    char a[24], b[24], c[24];
    const char *v[] = {itoa_or_null(a, id, 0), itoa_or_null(b, inspector_id, 0),
                       itoa_or_null(c, unit_id, 0), reason, declared_on};
    return check_kind(l, REG_CONFLICT, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                     : MS_EINTERNAL;
}

int reg_load_complaint(reg_loader *l, const struct ms_complaint *c, ms_err *err)
{
    char id[24], unit[24], auth[24];
    const char *v[] = {itoa_or_null(id, c->id, 0),
                       itoa_or_null(unit, c->unit_id, 1),
                       itoa_or_null(auth, c->authority_id, 0),
                       c->received_on,
                       c->channel ? c->channel : "public",
                       c->summary,
                       c->status ? c->status : "received",
                       l->now,
                       l->now};
    return check_kind(l, REG_COMPLAINT, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

int reg_load_violation(reg_loader *l, const struct ms_violation *x, ms_err *err)
{
    char id[24], unit[24], auth[24];
    const char *v[] = {itoa_or_null(id, x->id, 0),
                       itoa_or_null(unit, x->unit_id, 0),
                       itoa_or_null(auth, x->authority_id, 0),
                       x->severity,
                       x->decided_on,
                       x->summary,
                       l->now};
    return check_kind(l, REG_VIOLATION, err) == MS_OK ? store_bulk_row(l->bulk, v, err)
                                                      : MS_EINTERNAL;
}

/* ------------------------------------------------------ single inserts */

static const char SQL_INSPECTOR[] =
    "INSERT INTO inspectors (authority_id, name, kind, employer_unit_id, fields, certificate_no,"
    " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_COMPLAINT[] =
    "INSERT INTO complaints (unit_id, authority_id, received_on, channel, summary, status,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_VIOLATION[] =
    "INSERT INTO violations (unit_id, authority_id, severity, decided_on, summary, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

static int finish_insert(store_stmt *st, int64_t *id, ms_err *err)
{
    int rc = store_step(st, err);
    if (rc == STORE_ROW)
        *id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_inspector_insert(store *db, struct ms_inspector *i, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSPECTOR, err);
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, i->authority_id);
    store_bind_text(st, 2, i->name);
    store_bind_text(st, 3, i->kind);
    if (i->employer_unit_id)
        store_bind_int(st, 4, i->employer_unit_id);
    else
        store_bind_null(st, 4);
    store_bind_text(st, 5, i->fields ? i->fields : "");
    store_bind_text(st, 6, i->certificate_no);
    store_bind_int(st, 7, i->active ? 1 : 0);
    store_bind_text(st, 8, now);
    store_bind_text(st, 9, now);
    return finish_insert(st, &i->id, err);
}

int reg_complaint_insert(store *db, struct ms_complaint *c, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMPLAINT, err);
    if (!st)
        return reg_step_fail(err);
    if (c->unit_id)
        store_bind_int(st, 1, c->unit_id);
    else
        store_bind_null(st, 1);
    store_bind_int(st, 2, c->authority_id);
    store_bind_text(st, 3, c->received_on);
    store_bind_text(st, 4, c->channel ? c->channel : "public");
    store_bind_text(st, 5, c->summary);
    store_bind_text(st, 6, c->status ? c->status : "received");
    store_bind_text(st, 7, now);
    store_bind_text(st, 8, now);
    return finish_insert(st, &c->id, err);
}

int reg_violation_insert(store *db, struct ms_violation *v, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_VIOLATION, err);
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, v->unit_id);
    store_bind_int(st, 2, v->authority_id);
    store_bind_text(st, 3, v->severity);
    store_bind_text(st, 4, v->decided_on);
    store_bind_text(st, 5, v->summary);
    store_bind_text(st, 6, now);
    return finish_insert(st, &v->id, err);
}
