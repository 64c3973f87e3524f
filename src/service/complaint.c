/* complaint.c - complaints (投诉举报): filed by the public without an
 * account, followed with a receipt number, triaged and decided by the
 * receiving authority (see cases.h). */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/model.h"
#include "core/text.h"
#include "core/uscc.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/cases.h"

#define SUMMARY_MAX_CHARS   2000
#define UNIT_NAME_MAX_CHARS 200
#define CONTACT_MAX_CHARS   200
#define OUTCOME_MAX_CHARS   2000
#define CODE_MAX_CHARS      12

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

static int may_handle(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "authority");
}

/* Positive integer from the environment variable NAME, else DEFLT. */
static int env_int(const char *name, int deflt)
{
    const char *s = getenv(name);
    char *end;
    long v;

    if (!s || !*s)
        return deflt;
    v = strtol(s, &end, 10);
    return *end || v < 0 || v > 1000000 ? deflt : (int)v;
}

static int rate(store *db, const char *bucket, const char *client, const char *limit_env, int limit,
                const char *window_env, int window, ms_err *err)
{
    if (!client)
        return MS_OK; /* the command line */
    return auth_rate_check(db, bucket, client, env_int(limit_env, limit),
                           env_int(window_env, window), time(NULL), err);
}

/* ---------------------------------------------------------------- receipt */

/* "TS" + today's date + 12 base32 characters (60 random bits). */
static int make_receipt(const char *today, char out[COMPLAINT_RECEIPT_LEN + 1], ms_err *err)
{
    unsigned char r[12];
    char *p = out;

    if (RAND_bytes(r, sizeof r) != 1)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "RAND_bytes failed");
    *p++ = 'T';
    *p++ = 'S';
    for (const char *d = today; *d; d++)
        if (*d != '-')
            *p++ = *d;
    for (size_t i = 0; i < sizeof r; i++)
        *p++ = B32[r[i] & 31];
    *p = '\0';
    return MS_OK;
}

/* 1 when S has the shape of a receipt. */
static int receipt_shape(const char *s)
{
    if (!s || strlen(s) != COMPLAINT_RECEIPT_LEN || s[0] != 'T' || s[1] != 'S')
        return 0;
    for (int i = 2; i < 10; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    for (int i = 10; i < COMPLAINT_RECEIPT_LEN; i++)
        if (!strchr(B32, s[i]) || !s[i])
            return 0;
    return 1;
}

/* ----------------------------------------------------------------- public */

struct submit_ctx {
    const struct complaint_public_input *in;
    const char *uscc; /* normalised, or NULL */
    const char *client;
    enum ms_lang lang;
    arena *ar;
    struct ms_complaint_rec rec;
    char today[DATE_LEN + 1];
    char now[32];
};

/* Which authority receives the complaint (see complaint_submit). */
static int route(store *db, struct submit_ctx *c, ms_err *err)
{
    const struct complaint_public_input *in = c->in;
    struct ms_unit u;
    int rc;

    if (c->uscc) {
        rc = reg_unit_by_uscc(db, NULL, c->uscc, c->ar, &u, err);
        if (rc == MS_OK) {
            c->rec.unit_id = u.id;
            c->rec.authority_id = u.authority_id;
            return MS_OK;
        }
        if (rc != MS_ENOTFOUND)
            return rc;
        ms_err_clear(err);
    }
    if (!text_blank(in->authority_code)) {
        struct ms_authority a;
        rc = reg_authority_by_code(db, in->authority_code, c->ar, &a, err);
        if (rc == MS_ENOTFOUND)
            return ms_fail(err, MS_EINVAL, "authority_code", "unknown_authority",
                           in->authority_code);
        if (rc != MS_OK)
            return rc;
        c->rec.authority_id = a.id;
        return MS_OK;
    }
    if (!text_blank(in->division) &&
        (rc = casedb_authority_for_division(db, in->division, &c->rec.authority_id, err)) != MS_OK)
        return rc;
    if (!c->rec.authority_id &&
        (rc = casedb_authority_root(db, &c->rec.authority_id, err)) != MS_OK)
        return rc;
    if (!c->rec.authority_id)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "no authority to receive complaints");
    return MS_OK;
}

static int tx_submit(store *db, void *ctx, ms_err *err)
{
    struct submit_ctx *c = ctx;
    ms_actor pub = {.name = "public", .role = "anonymous", .lang = c->lang};
    json_t *ch;
    int rc;

    pub.client_addr = c->client ? c->client : "cli";
    c->rec.unit_id = 0;
    c->rec.authority_id = 0;
    if ((rc = route(db, c, err)) != MS_OK)
        return rc;
    c->rec.received_on = c->today;
    c->rec.channel = "public";
    c->rec.summary = c->in->summary;
    c->rec.unit_name = !text_blank(c->in->unit_name) ? c->in->unit_name : c->uscc;
    c->rec.contact = text_blank(c->in->contact) ? NULL : c->in->contact;
    if ((rc = casedb_complaint_insert(db, &c->rec, c->now, err)) != MS_OK)
        return rc;
    /* No personal data and no free text in the trail: who received what. */
    ch = json_object();
    json_object_set_new(ch, "receipt", json_string(c->rec.receipt));
    json_object_set_new(ch, "authority_id", json_integer((json_int_t)c->rec.authority_id));
    if (c->rec.unit_id)
        json_object_set_new(ch, "unit_id", json_integer((json_int_t)c->rec.unit_id));
    rc = audit_append(db, &pub, "complaint.submit", "complaint", c->rec.id, ch, err);
    json_decref(ch);
    return rc;
}

int complaint_submit(store *db, const char *client, enum ms_lang lang,
                     const struct complaint_public_input *in, arena *ar,
                     char receipt[COMPLAINT_RECEIPT_LEN + 1], struct ms_complaint_rec *out,
                     ms_err *err)
{
    struct submit_ctx c = {.in = in, .client = client, .lang = lang, .ar = ar};
    char uscc[USCC_LEN + 1];
    int rc;

    receipt[0] = '\0';
    if ((rc = rate(db, "complaint", client, "MSUP_COMPLAINT_LIMIT", 10, "MSUP_COMPLAINT_WINDOW_S",
                   3600, err)) != MS_OK)
        return rc;
    if ((rc = text_check("summary", in->summary, SUMMARY_MAX_CHARS, 1, 1, err)) != MS_OK ||
        (rc = text_check("unit_name", in->unit_name, UNIT_NAME_MAX_CHARS, 0, 0, err)) != MS_OK ||
        (rc = text_check("contact", in->contact, CONTACT_MAX_CHARS, 0, 0, err)) != MS_OK ||
        (rc = text_check("authority_code", in->authority_code, CODE_MAX_CHARS, 0, 0, err)) != MS_OK)
        return rc;
    if (!text_blank(in->unit_uscc)) {
        if ((rc = uscc_validate(in->unit_uscc, uscc, NULL, err)) != MS_OK) {
            if (err)
                snprintf(err->field, sizeof err->field, "unit_uscc");
            return rc;
        }
        c.uscc = uscc;
    } else if (text_blank(in->unit_name)) {
        return ms_fail(err, MS_EINVAL, "unit_name", "required", NULL);
    }
    if (!text_blank(in->division)) {
        const char *d = in->division;
        int ok = strlen(d) == 6;
        for (int i = 0; ok && i < 6; i++)
            ok = d[i] >= '0' && d[i] <= '9';
        if (!ok)
            return ms_fail(err, MS_EINVAL, "division", "invalid_division", d);
    }
    svc_today(c.today);
    svc_now(c.now);
    if ((rc = make_receipt(c.today, receipt, err)) != MS_OK)
        return rc;
    c.rec.receipt = receipt;
    if ((rc = store_tx(db, tx_submit, &c, err)) != MS_OK) {
        receipt[0] = '\0';
        return rc;
    }
    if (out) {
        *out = c.rec;
        out->receipt = arena_strdup(ar, receipt);
        out->received_on = arena_strdup(ar, c.today);
    }
    return MS_OK;
}

int complaint_follow(store *db, const char *client, const char *receipt, arena *ar,
                     struct ms_complaint_rec *out, ms_err *err)
{
    int rc = rate(db, "complaint_lookup", client, "MSUP_COMPLAINT_LOOKUP_LIMIT", 60,
                  "MSUP_COMPLAINT_LOOKUP_WINDOW_S", 300, err);

    if (rc != MS_OK)
        return rc;
    if (!receipt_shape(receipt))
        return ms_fail(err, MS_ENOTFOUND, "receipt", "not_found", NULL);
    return casedb_complaint_by_receipt(db, receipt, ar, out, err);
}

/* -------------------------------------------------------------- authority */

/* Record that WHO saw the contacts of the complaints IDS[0..N) (only those
 * that have one). */
static int contact_read(store *db, const ms_actor *who, const struct ms_complaint_rec *items, int n,
                        ms_err *err)
{
    json_t *ids = json_array(), *detail;
    int64_t one = 0;
    int count = 0, rc = MS_OK;

    for (int i = 0; i < n; i++)
        if (items[i].contact) {
            json_array_append_new(ids, json_integer((json_int_t)items[i].id));
            one = items[i].id;
            count++;
        }
    if (count) {
        detail = json_pack("{s:s,s:o}", "fields", "contact", "ids", ids);
        ids = NULL;
        rc = detail ? audit_read(db, who, "complaint", count == 1 ? one : 0, detail, err)
                    : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        json_decref(detail);
    }
    json_decref(ids);
    return rc;
}

int complaint_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                  struct ms_complaint_rec *out, ms_err *err)
{
    struct store_scope sc;
    int rc;

    if (!may_handle(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    rc = casedb_complaint_get(db, &sc, id, ar, out, err);
    return rc == MS_OK ? contact_read(db, who, out, 1, err) : rc;
}

int complaint_list(store *db, const ms_actor *who, const struct casedb_complaint_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_complaint_rec **items, int *n,
                   int64_t *total, ms_err *err)
{
    static const char *const STATUSES[] = {"received",        "triaged", "substantiated",
                                           "unsubstantiated", "closed",  NULL};
    struct store_scope sc;
    int rc;

    if (!may_handle(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    if (f && f->status && f->status[0] && model_index(STATUSES, f->status) < 0)
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", f->status);
    svc_scope(who, &sc);
    rc = casedb_complaint_list(db, &sc, f, pg, ar, items, n, total, err);
    return rc == MS_OK ? contact_read(db, who, *items, *n, err) : rc;
}

struct update_ctx {
    const ms_actor *who;
    arena *ar;
    int64_t id;
    const struct complaint_patch *p;
    struct store_scope sc;
    char now[32], today[DATE_LEN + 1];
    struct ms_complaint_rec *out;
};

static int final_status(const char *s)
{
    return strcmp(s, "substantiated") == 0 || strcmp(s, "unsubstantiated") == 0 ||
           strcmp(s, "closed") == 0;
}

/* May a complaint in FROM move to TO? */
static int allowed(const char *from, const char *to)
{
    if (strcmp(from, "received") == 0)
        return strcmp(to, "triaged") == 0 || strcmp(to, "closed") == 0;
    if (strcmp(from, "triaged") == 0)
        return final_status(to);
    return 0;
}

static int tx_update(store *db, void *ctx, ms_err *err)
{
    struct update_ctx *c = ctx;
    const struct complaint_patch *p = c->p;
    struct ms_complaint_rec cur;
    json_t *ch;
    int rc = casedb_complaint_get(db, &c->sc, c->id, c->ar, &cur, err);

    if (rc != MS_OK)
        return rc;
    if (final_status(cur.status))
        return ms_fail(err, MS_ECONFLICT, "status", "complaint_final", cur.status);
    if (p->status && strcmp(p->status, cur.status) != 0) {
        if (!allowed(cur.status, p->status))
            return ms_fail(err, MS_ECONFLICT, "status", "bad_transition", cur.status);
        cur.status = p->status;
        if (final_status(cur.status))
            cur.closed_on = c->today;
    }
    if (p->unit_id) {
        struct ms_unit u;
        rc = reg_unit_get(db, &c->sc, p->unit_id, c->ar, &u, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_EINVAL, "unit_id", "unknown_unit", "%lld",
                            (long long)p->unit_id);
        if (rc != MS_OK)
            return rc;
        cur.unit_id = p->unit_id;
    }
    if (p->outcome)
        cur.outcome = p->outcome;
    cur.handled_by = c->who->name;
    if ((rc = casedb_complaint_update(db, &cur, c->now, err)) != MS_OK)
        return rc;
    ch = json_object();
    if (p->status)
        json_object_set_new(ch, "status", json_string(p->status));
    if (p->unit_id)
        json_object_set_new(ch, "unit_id", json_integer((json_int_t)p->unit_id));
    if (p->outcome)
        json_object_set_new(ch, "outcome", json_string("(changed)"));
    rc = audit_append(db, c->who, "complaint.update", "complaint", c->id, ch, err);
    json_decref(ch);
    if (rc != MS_OK)
        return rc;
    return casedb_complaint_get(db, &c->sc, c->id, c->ar, c->out, err);
}

int complaint_update(store *db, const ms_actor *who, int64_t id, const struct complaint_patch *p,
                     arena *ar, struct ms_complaint_rec *out, ms_err *err)
{
    static const char *const TARGETS[] = {"triaged", "substantiated", "unsubstantiated", "closed",
                                          NULL};
    struct update_ctx c = {.who = who, .ar = ar, .id = id, .p = p, .out = out};
    int rc;

    if (!may_handle(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (p->status && model_index(TARGETS, p->status) < 0)
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", p->status);
    if (p->unit_id < 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "invalid_id", NULL);
    if ((rc = text_check("outcome", p->outcome, OUTCOME_MAX_CHARS, 0, 1, err)) != MS_OK)
        return rc;
    if (!p->status && !p->unit_id && !p->outcome)
        return ms_fail(err, MS_EINVAL, "status", "required", NULL);
    svc_now(c.now);
    svc_today(c.today);
    svc_scope(who, &c.sc);
    return store_tx(db, tx_update, &c, err);
}
