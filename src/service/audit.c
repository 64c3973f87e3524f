/* audit.c - the audit trail: append under the head lock, verify the chain,
 * export it for outside verification, list it for the API. */
#include <string.h>

#include "core/alloc.h"
#include "core/canon.h"
#include "service/audit.h"

#define SCAN_PAGE 1000

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

int audit_may_read(const ms_actor *who)
{
    return who && who->role &&
           (strcmp(who->role, "system") == 0 || strcmp(who->role, "auditor") == 0);
}

/* Set KEY of O to a JSON string of S; 0 when S is not valid UTF-8. */
static int set_text(json_t *o, const char *key, const char *s)
{
    return json_object_set_new(o, key, json_string(or_empty(s))) == 0;
}

int audit_canonical(const struct audit_row *r, char **out, size_t *len, ms_err *err)
{
    json_t *o = json_object(), *change = canon_parse(r->change);
    int rc = MS_EINTERNAL;

    *out = NULL;
    *len = 0;
    if (!o) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    if (!change) {
        rc = ms_fail(err, MS_EINVAL, "change", "audit_bad_json", NULL);
        goto out;
    }
    if (!set_text(o, "action", r->action) || !set_text(o, "actor", r->actor) ||
        json_object_set(o, "change", change) != 0 || !set_text(o, "client", r->client) ||
        !set_text(o, "entity", r->entity) ||
        json_object_set_new(o, "entity_id", json_integer(r->entity_id)) != 0 ||
        !set_text(o, "prev_hash", r->prev_hash) || !set_text(o, "role", r->role) ||
        json_object_set_new(o, "seq", json_integer(r->seq)) != 0 || !set_text(o, "time", r->time)) {
        rc = ms_fail(err, MS_EINVAL, "", "invalid_utf8", NULL);
        goto out;
    }
    *out = canon_dump(o, len);
    rc = *out ? MS_OK : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
out:
    json_decref(change);
    json_decref(o);
    return rc;
}

json_t *audit_row_json(const struct audit_row *r)
{
    json_t *change = canon_parse(r->change);

    if (!change)
        change = json_string(or_empty(r->change));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:o?,s:s,s:s}", "seq", (json_int_t)r->seq,
                     "time", or_empty(r->time), "actor", or_empty(r->actor), "role",
                     or_empty(r->role), "client", or_empty(r->client), "action",
                     or_empty(r->action), "entity", or_empty(r->entity), "entity_id",
                     (json_int_t)r->entity_id, "change", change, "prev_hash",
                     or_empty(r->prev_hash), "hash", or_empty(r->hash));
}

int audit_hash(const char *prev_hash, const char *canonical, size_t len, char out[SM3_HEX_LEN + 1])
{
    sm3_ctx *c = sm3_new();
    int rc = MS_EINTERNAL;

    out[0] = '\0';
    if (!c)
        goto out;
    if (sm3_update(c, prev_hash, strlen(prev_hash)) != MS_OK ||
        sm3_update(c, canonical, len) != MS_OK)
        goto out;
    rc = sm3_final_hex(c, out);
out:
    sm3_free(c);
    return rc;
}

/* ------------------------------------------------------------------ append */

int audit_append(store *db, const ms_actor *who, const char *action, const char *entity,
                 int64_t entity_id, const json_t *change, ms_err *err)
{
    struct audit_row r = {0};
    char prev[SM3_HEX_LEN + 1], hash[SM3_HEX_LEN + 1], now[32];
    char *change_text = NULL, *canonical = NULL;
    json_t *null = NULL;
    size_t len;
    int rc = MS_EINTERNAL;

    if (!store_in_tx(db)) {
        rc = ms_fail(err, MS_EINTERNAL, "", "audit_no_tx", action);
        goto out;
    }
    if (!who || !action || !*action) {
        rc = ms_fail(err, MS_EINTERNAL, "", "internal", "audit_append: no actor or action");
        goto out;
    }
    if (!change)
        change = null = json_null();
    change_text = canon_dump(change, NULL);
    if (!change_text) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    rc = audit_db_reserve(db, &r.seq, prev, err);
    if (rc != MS_OK)
        goto out;
    svc_now(now);
    r.time = now;
    r.actor = or_empty(who->name);
    r.role = or_empty(who->role);
    r.client = or_empty(who->client_addr);
    r.action = action;
    r.entity = or_empty(entity);
    r.entity_id = entity_id;
    r.change = change_text;
    r.prev_hash = prev;
    /* Canonicalise from the stored text, exactly as audit_verify will. */
    rc = audit_canonical(&r, &canonical, &len, err);
    if (rc != MS_OK)
        goto out;
    rc = audit_hash(prev, canonical, len, hash);
    if (rc != MS_OK) {
        ms_fail(err, rc, "", "internal", "SM3");
        goto out;
    }
    r.hash = hash;
    rc = audit_db_insert(db, &r, err);
out:
    ms_free(canonical);
    ms_free(change_text);
    json_decref(null);
    return rc;
}

struct read_ctx {
    const ms_actor *who;
    const char *entity;
    int64_t entity_id;
    const json_t *detail;
};

static int tx_read(store *db, void *ctx, ms_err *err)
{
    const struct read_ctx *c = ctx;
    return audit_append(db, c->who, "read", c->entity, c->entity_id, c->detail, err);
}

int audit_read(store *db, const ms_actor *who, const char *entity, int64_t entity_id,
               const json_t *detail, ms_err *err)
{
    struct read_ctx c = {who, entity, entity_id, detail};

    if (store_in_tx(db))
        return tx_read(db, &c, err);
    return store_tx(db, tx_read, &c, err);
}

/* ------------------------------------------------------------------ verify */

struct verify_ctx {
    int64_t expect;             /* the seq the next row must have */
    char prev[SM3_HEX_LEN + 1]; /* hash of the last good row */
    int64_t broken;             /* first broken seq, 0 while none */
    const char *reason;         /* message key of the break */
    int rc;                     /* MS_EINTERNAL when hashing itself failed */
    ms_err *err;
};

static int break_at(struct verify_ctx *v, int64_t seq, const char *reason)
{
    v->broken = seq;
    v->reason = reason;
    return 1;
}

static int verify_row(void *ctx, const struct audit_row *r)
{
    struct verify_ctx *v = ctx;
    char hash[SM3_HEX_LEN + 1];
    char *canonical = NULL;
    size_t len;
    ms_err e = {0};
    int stop = 0;

    if (r->seq != v->expect) {
        stop = break_at(v, v->expect, "audit_seq_gap");
        goto out;
    }
    if (strcmp(r->prev_hash, v->prev) != 0) {
        stop = break_at(v, r->seq, "audit_prev_mismatch");
        goto out;
    }
    if (audit_canonical(r, &canonical, &len, &e) != MS_OK) {
        if (e.code == MS_EINTERNAL) {
            v->rc = ms_fail(v->err, e.code, e.field, e.key, e.arg);
            stop = 1;
        } else {
            stop = break_at(v, r->seq, "audit_row_invalid");
        }
        goto out;
    }
    if (audit_hash(v->prev, canonical, len, hash) != MS_OK) {
        v->rc = ms_fail(v->err, MS_EINTERNAL, "", "internal", "SM3");
        stop = 1;
        goto out;
    }
    if (strcmp(hash, r->hash) != 0) {
        stop = break_at(v, r->seq, "audit_hash_mismatch");
        goto out;
    }
    memcpy(v->prev, hash, sizeof hash);
    v->expect++;
out:
    ms_free(canonical);
    return stop;
}

/* Scan from the row after the last good one until the rows run out or the
 * chain breaks. */
static int verify_rows(store *db, struct verify_ctx *v, ms_err *err)
{
    int n, rc;

    do {
        rc = audit_db_scan(db, v->expect - 1, SCAN_PAGE, verify_row, v, &n, err);
        if (rc == MS_OK)
            rc = v->rc;
    } while (rc == MS_OK && !v->broken && n > 0);
    return rc;
}

int audit_verify(store *db, const ms_actor *who, struct audit_verify_result *res, ms_err *err)
{
    struct verify_ctx v = {.expect = 1, .prev = AUDIT_GENESIS, .err = err};
    char head_hash[SM3_HEX_LEN + 1];
    int64_t head_seq, last, last_at_head = -1;
    int rc;

    memset(res, 0, sizeof *res);
    if (!audit_may_read(who)) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    /* Rows are read before the head: a row committed before the scan moved
     * the head with it, so the head can only be ahead of what was scanned,
     * and then only by rows committed meanwhile - scan again until no new
     * rows come; what is still missing then was removed. */
    for (;;) {
        rc = verify_rows(db, &v, err);
        if (rc != MS_OK || v.broken)
            goto out;
        rc = audit_db_head(db, &head_seq, head_hash, err);
        if (rc != MS_OK)
            goto out;
        last = v.expect - 1;
        if (head_seq > last && last != last_at_head) {
            last_at_head = last;
            continue;
        }
        if (head_seq > last)
            break_at(&v, last + 1, "audit_tail_missing");
        else if (head_seq < last)
            break_at(&v, head_seq + 1, "audit_head_behind");
        else if (strcmp(head_hash, v.prev) != 0)
            break_at(&v, last, "audit_head_mismatch");
        break;
    }
out:
    if (rc == MS_OK) {
        res->intact = v.broken == 0;
        res->rows = res->intact ? v.expect - 1 : v.broken - 1;
        res->broken_seq = v.broken;
        res->reason = v.reason;
        if (res->intact)
            memcpy(res->head_hash, v.prev, sizeof res->head_hash);
    }
    return rc;
}

/* ------------------------------------------------------------------ export */

struct export_ctx {
    FILE *out;
    int64_t last, rows;
    int rc;
    ms_err *err;
};

static int export_row(void *ctx, const struct audit_row *r)
{
    struct export_ctx *x = ctx;
    char *canonical = NULL;
    size_t len;
    ms_err e = {0};

    x->last = r->seq;
    if (!sm3_is_hex(r->hash) || audit_canonical(r, &canonical, &len, &e) != MS_OK) {
        if (e.code == MS_EINTERNAL)
            x->rc = ms_fail(x->err, e.code, e.field, e.key, e.arg);
        else
            x->rc =
                ms_failf(x->err, MS_ECONFLICT, "", "audit_row_invalid", "%lld", (long long)r->seq);
        goto out;
    }
    /* canonical ends with '}': write it without, then the hash member. */
    if (fwrite(canonical, 1, len - 1, x->out) != len - 1 ||
        fprintf(x->out, ",\"hash\":\"%s\"}\n", r->hash) < 0) {
        x->rc = ms_fail(x->err, MS_EINTERNAL, "", "io_error", "audit export");
        goto out;
    }
    x->rows++;
out:
    ms_free(canonical);
    return x->rc != MS_OK;
}

int audit_export(store *db, const ms_actor *who, FILE *out, int64_t *rows, ms_err *err)
{
    struct export_ctx x = {.out = out, .err = err};
    int n, rc;

    if (rows)
        *rows = 0;
    if (!audit_may_read(who)) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    do {
        rc = audit_db_scan(db, x.last, SCAN_PAGE, export_row, &x, &n, err);
        if (rc == MS_OK)
            rc = x.rc;
    } while (rc == MS_OK && n > 0);
    if (rc == MS_OK && fflush(out) != 0)
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", "audit export");
    if (rows)
        *rows = x.rows;
out:
    return rc;
}

/* -------------------------------------------------------------------- list */

/* An RFC 3339 time or a prefix of one: digits and - : T Z . + only. */
static int time_ok(const char *s)
{
    if (!s || !*s)
        return 1;
    if (strlen(s) > 35)
        return 0;
    return strspn(s, "0123456789-:TZ.+") == strlen(s);
}

int audit_list(store *db, const ms_actor *who, const struct audit_filter *f,
               const struct store_page *pg, arena *ar, struct audit_row **items, int *n,
               int64_t *total, ms_err *err)
{
    *items = NULL;
    *n = 0;
    *total = 0;
    if (!audit_may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (f && !time_ok(f->from))
        return ms_fail(err, MS_EINVAL, "from", "audit_bad_time", f->from);
    if (f && !time_ok(f->to))
        return ms_fail(err, MS_EINVAL, "to", "audit_bad_time", f->to);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    return audit_db_list(db, f, pg, ar, items, n, total, err);
}
