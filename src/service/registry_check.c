/* registry_check.c - the pure field checks of registry records (see
 * registry.h), shared by the use cases, the API and bulk imports. */
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

#define NAME_MAX_CHARS 200
#define TEXT_MAX_CHARS 500

/* --------------------------------------------------------------- helpers */

static int check_date(const char *field, const char *v, int required, ms_err *err)
{
    ms_date d;

    if (text_blank(v))
        return required ? ms_fail(err, MS_EINVAL, field, "required", NULL) : MS_OK;
    return date_parse(v, &d, field, err);
}

static const char *blank_to_null(const char *s)
{
    return text_blank(s) ? NULL : s;
}

static int check_enum(const char *field, const char *v, const char *const *list, ms_err *err)
{
    if (text_blank(v))
        return ms_fail(err, MS_EINVAL, field, "required", NULL);
    if (model_index(list, v) < 0)
        return ms_fail(err, MS_EINVAL, field, "invalid_enum", v);
    return MS_OK;
}

static int norm_sectors(const char **sectors, arena *ar, ms_err *err)
{
    char out[96], bad[64];

    if (model_sectors_normalize(*sectors, out, sizeof out, bad, sizeof bad) != 0)
        return ms_fail(err, MS_EINVAL, "sectors", "invalid_sector", bad);
    *sectors = arena_strdup(ar, out);
    return *sectors ? MS_OK : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

/* ------------------------------------------------------------ validation */

int registry_authority_validate(struct ms_authority *a, arena *ar, ms_err *err)
{
    int rc;

    (void)ar;
    if ((rc = text_check("code", a->code, 12, 1, 0, err)) != MS_OK ||
        (rc = text_check("name", a->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK ||
        (rc = check_enum("level", a->level, model_levels, err)) != MS_OK ||
        (rc = text_check("short_name", a->short_name, 8, 0, 0, err)) != MS_OK)
        return rc;
    if (strcmp(a->level, "national") != 0) {
        const char *div = a->division_code ? a->division_code : a->code;
        if ((rc = division_validate(division_default(err), div, NULL, NULL, err)) != MS_OK)
            return rc;
        if (!a->parent_id)
            return ms_fail(err, MS_EINVAL, "parent_id", "required", NULL);
    }
    a->division_code = blank_to_null(a->division_code);
    a->short_name = blank_to_null(a->short_name);
    return MS_OK;
}

int registry_unit_validate(struct ms_unit *u, arena *ar, ms_err *err)
{
    char uscc[USCC_LEN + 1];
    int rc, warn = 0;

    if (text_blank(u->uscc))
        return ms_fail(err, MS_EINVAL, "uscc", "required", NULL);
    if ((rc = uscc_validate(u->uscc, uscc, &warn, err)) != MS_OK)
        return rc;
    u->uscc = arena_strdup(ar, uscc);
    if ((rc = text_check("name", u->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK ||
        (rc = division_validate(division_default(err), u->division_code, NULL, NULL, err)) !=
            MS_OK ||
        (rc = text_check("address", u->address, NAME_MAX_CHARS, 0, 0, err)) != MS_OK ||
        (rc = check_enum("kind", u->kind, model_unit_kinds, err)) != MS_OK ||
        (rc = norm_sectors(&u->sectors, ar, err)) != MS_OK ||
        (rc = text_check("contact_name", u->contact_name, 50, 0, 0, err)) != MS_OK ||
        (rc = text_check("contact_phone", u->contact_phone, 40, 0, 0, err)) != MS_OK)
        return rc;
    if (u->authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    u->credit_class = blank_to_null(u->credit_class);
    if (u->credit_class && (strlen(u->credit_class) != 1 || !strchr("ABCD", u->credit_class[0])))
        return ms_fail(err, MS_EINVAL, "credit_class", "invalid_enum", u->credit_class);
    if (!u->status)
        u->status = "active";
    if (strcmp(u->status, "active") != 0 && strcmp(u->status, "closed") != 0)
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", u->status);
    u->address = blank_to_null(u->address);
    u->contact_name = blank_to_null(u->contact_name);
    u->contact_phone = blank_to_null(u->contact_phone);
    /* The division code was checked with surrounding blanks tolerated. */
    {
        char d[8];
        if (sscanf(u->division_code, " %6s", d) == 1)
            u->division_code = arena_strdup(ar, d);
    }
    return u->uscc ? MS_OK : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

int registry_standard_validate(struct ms_standard *s, arena *ar, ms_err *err)
{
    char code[FIELD_CODE_LEN + 1], field[3];
    const struct jjf_field *f = NULL;
    certno cn;
    int rc;

    if (s->unit_id <= 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "required", NULL);
    if ((rc = text_check("name", s->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK)
        return rc;
    if (text_blank(s->code))
        return ms_fail(err, MS_EINVAL, "code", "required", NULL);
    if ((rc = field_validate(s->code, code, &f, err)) != MS_OK)
        return rc;
    s->code = arena_strdup(ar, code);
    memcpy(field, code, 2);
    field[2] = '\0';
    if (s->field && *s->field && strcmp(s->field, field) != 0)
        return ms_fail(err, MS_EINVAL, "field", "field_mismatch", field);
    s->field = arena_strdup(ar, field);
    if ((rc = check_enum("category", s->category, model_categories, err)) != MS_OK ||
        (rc = text_check("measurement_range", s->measurement_range, TEXT_MAX_CHARS, 0, 0, err)) !=
            MS_OK ||
        (rc = text_check("uncertainty", s->uncertainty, TEXT_MAX_CHARS, 0, 0, err)) != MS_OK)
        return rc;
    if (text_blank(s->cert_no))
        return ms_fail(err, MS_EINVAL, "cert_no", "required", NULL);
    if ((rc = certno_parse(s->cert_no, &cn, err)) != MS_OK)
        return rc;
    s->cert_no = arena_strdup(ar, cn.text);
    if (s->cert_authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "cert_authority_id", "required", NULL);
    if ((rc = check_date("cert_issued_on", s->cert_issued_on, 1, err)) != MS_OK ||
        (rc = check_date("cert_expires_on", s->cert_expires_on, 1, err)) != MS_OK)
        return rc;
    if (strcmp(s->cert_expires_on, s->cert_issued_on) <= 0)
        return ms_fail(err, MS_EINVAL, "cert_expires_on", "expiry_before_issue", s->cert_issued_on);
    if (!s->status)
        s->status = "active";
    if ((rc = check_enum("status", s->status, model_std_statuses, err)) != MS_OK ||
        (rc = check_date("status_on", s->status_on, 0, err)) != MS_OK ||
        (rc = text_check("status_reason", s->status_reason, TEXT_MAX_CHARS, 0, 1, err)) != MS_OK ||
        (rc = norm_sectors(&s->sectors, ar, err)) != MS_OK)
        return rc;
    s->measurement_range = blank_to_null(s->measurement_range);
    s->uncertainty = blank_to_null(s->uncertainty);
    s->status_on = blank_to_null(s->status_on);
    s->status_reason = blank_to_null(s->status_reason);
    return s->code && s->field && s->cert_no
               ? MS_OK
               : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

int registry_apparatus_validate(struct ms_apparatus *a, arena *ar, ms_err *err)
{
    int rc;

    (void)ar;
    if (a->standard_id <= 0)
        return ms_fail(err, MS_EINVAL, "standard_id", "required", NULL);
    if (!a->role || !*a->role)
        a->role = "standard";
    if ((rc = text_check("name", a->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK ||
        (rc = text_check("model", a->model, 100, 0, 0, err)) != MS_OK ||
        (rc = text_check("serial", a->serial, 100, 0, 0, err)) != MS_OK ||
        (rc = check_enum("role", a->role, model_apparatus_roles, err)) != MS_OK ||
        (rc = text_check("trace_cert_no", a->trace_cert_no, 100, 0, 0, err)) != MS_OK ||
        (rc = text_check("trace_org", a->trace_org, NAME_MAX_CHARS, 0, 0, err)) != MS_OK ||
        (rc = check_date("calibrated_on", a->calibrated_on, 0, err)) != MS_OK ||
        (rc = check_date("due_on", a->due_on, 0, err)) != MS_OK)
        return rc;
    a->calibrated_on = blank_to_null(a->calibrated_on);
    a->due_on = blank_to_null(a->due_on);
    if (a->calibrated_on && a->due_on && strcmp(a->due_on, a->calibrated_on) < 0)
        return ms_fail(err, MS_EINVAL, "due_on", "due_before_calibration", a->calibrated_on);
    a->model = blank_to_null(a->model);
    a->serial = blank_to_null(a->serial);
    a->trace_cert_no = blank_to_null(a->trace_cert_no);
    a->trace_org = blank_to_null(a->trace_org);
    return MS_OK;
}

int registry_personnel_validate(struct ms_personnel *p, arena *ar, ms_err *err)
{
    int rc;

    (void)ar;
    if (p->standard_id <= 0)
        return ms_fail(err, MS_EINVAL, "standard_id", "required", NULL);
    if ((rc = text_check("name", p->name, 50, 1, 0, err)) != MS_OK ||
        (rc = text_check("qualification_no", p->qualification_no, 100, 0, 0, err)) != MS_OK ||
        (rc = check_date("valid_until", p->valid_until, 0, err)) != MS_OK)
        return rc;
    if (p->in_charge != 0 && p->in_charge != 1)
        return ms_fail(err, MS_EINVAL, "in_charge", "invalid_enum", NULL);
    p->qualification_no = blank_to_null(p->qualification_no);
    p->valid_until = blank_to_null(p->valid_until);
    return MS_OK;
}
