/* reply.c - responses (JSON, errors, security headers) and request data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/msg.h"
#include "http/req.h"

static void security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
                            "'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'");
    if (!MHD_get_response_header(resp, "Cache-Control"))
        MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static int finish(struct req *r, unsigned status, struct MHD_Response *resp)
{
    if (!resp)
        return MHD_NO;
    if (r->resp)
        MHD_destroy_response(r->resp);
    security_headers(resp);
    if (r->set_cookie)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
    r->resp = resp;
    r->status = (int)status;
    return MHD_YES;
}

int reply_bytes(struct req *r, unsigned status, const char *type, const void *data, size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);

    if (resp && type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    return finish(r, status, resp);
}

int reply_json(struct req *r, unsigned status, json_t *value)
{
    char *s = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    struct MHD_Response *resp;

    json_decref(value);
    if (!s)
        return MHD_NO;
    resp = MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(s);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    return finish(r, status, resp);
}

int reply_jw(struct req *r, unsigned status, jw *w)
{
    size_t len;
    char *s = jw_finish(w, &len);
    struct MHD_Response *resp;

    if (!s)
        return MHD_NO;
    /* The buffer is handed over, not copied (it comes from ms_malloc, i.e.
     * malloc, which MHD frees). */
    resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        ms_free(s);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    return finish(r, status, resp);
}

unsigned http_status_of(const ms_err *err)
{
    if (strcmp(err->key, "rate_limited") == 0)
        return MHD_HTTP_TOO_MANY_REQUESTS;
    switch (err->code) {
    case MS_EINVAL: return MHD_HTTP_UNPROCESSABLE_CONTENT;
    case MS_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case MS_EFORBIDDEN: return MHD_HTTP_FORBIDDEN;
    case MS_ECONFLICT: return MHD_HTTP_CONFLICT;
    case MS_ETOOBIG: return MHD_HTTP_CONTENT_TOO_LARGE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

int reply_err(struct req *r, const ms_err *err)
{
    unsigned status = http_status_of(err);
    char msg[512];
    json_t *e = json_object(), *o = json_object();
    ms_err shown = *err;

    if (status == MHD_HTTP_INTERNAL_SERVER_ERROR) {
        /* Details of internal errors go to the log, not to the client. */
        fprintf(stderr, "msup: %s %s: %s %s\n", r->method, r->url, err->key, err->arg);
        snprintf(shown.key, sizeof shown.key, "internal");
        snprintf(shown.arg, sizeof shown.arg, "%s", "");
    }
    if (status == MHD_HTTP_NOT_FOUND)
        shown.arg[0] = '\0'; /* the same answer as for a missing object */
    msg_format(&shown, r->lang, msg, sizeof msg);
    jset_str(e, "code", shown.key);
    jset_str(e, "message", msg);
    jset_str(e, "field", shown.field[0] ? shown.field : NULL);
    json_object_set_new(o, "error", e);
    if (reply_json(r, status, o) != MHD_YES)
        return MHD_NO;
    if (status == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_RETRY_AFTER,
                                err->arg[0] ? err->arg : "60");
    return MHD_YES;
}

int reply_fail(struct req *r, unsigned status, const char *key, const char *field, const char *arg)
{
    ms_err err = {0};
    char msg[512];
    json_t *e = json_object(), *o = json_object();

    ms_fail(&err, MS_EINVAL, field, key, arg);
    msg_format(&err, r->lang, msg, sizeof msg);
    jset_str(e, "code", key);
    jset_str(e, "message", msg);
    jset_str(e, "field", field && *field ? field : NULL);
    json_object_set_new(o, "error", e);
    return reply_json(r, status, o);
}

/* ------------------------------------------------------------ request data */

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int parse_pos(const char *s, int64_t *out)
{
    char *end;
    long long v;

    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return 0;
    v = strtoll(s, &end, 10);
    if (*end || v <= 0)
        return 0;
    *out = v;
    return 1;
}

int64_t req_param_id(struct req *r, int i)
{
    int64_t v = 0;
    return i < r->nparams && parse_pos(r->params[i], &v) ? v : 0;
}

int req_query_int(struct req *r, const char *name, int64_t *out, ms_err *err)
{
    const char *s = req_query(r, name);

    if (!s || !*s)
        return MS_OK;
    if (!parse_pos(s, out))
        return ms_fail(err, MS_EINVAL, name, "invalid_int", s);
    return MS_OK;
}

int req_page(struct req *r, struct store_page *pg, ms_err *err)
{
    int64_t page = 1, per = 50;
    int rc;

    if ((rc = req_query_int(r, "page", &page, err)) != MS_OK ||
        (rc = req_query_int(r, "per_page", &per, err)) != MS_OK)
        return rc;
    if (per > 500)
        return ms_fail(err, MS_EINVAL, "per_page", "invalid_page", NULL);
    if (page > 1000000000)
        return ms_fail(err, MS_EINVAL, "page", "invalid_page", NULL);
    pg->page = (int)page;
    pg->per_page = (int)per;
    return MS_OK;
}

/* --------------------------------------------------------------- JSON body */

int jbody_str(struct req *r, const char *name, const char **out, ms_err *err)
{
    json_t *v = r->json ? json_object_get(r->json, name) : NULL;

    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_string(v))
        return ms_fail(err, MS_EINVAL, name, "invalid_type", "string");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return ms_fail(err, MS_EINVAL, name, "control_chars", NULL); /* embedded NUL */
    *out = arena_strdup(&r->ar, json_string_value(v));
    return MS_OK;
}

int jbody_int(struct req *r, const char *name, int64_t *out, ms_err *err)
{
    json_t *v = r->json ? json_object_get(r->json, name) : NULL;

    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_integer(v))
        return ms_fail(err, MS_EINVAL, name, "invalid_type", "integer");
    *out = json_integer_value(v);
    return MS_OK;
}

int jbody_id(struct req *r, const char *name, int64_t *out, ms_err *err)
{
    int64_t v = 0;
    json_t *x = r->json ? json_object_get(r->json, name) : NULL;
    int rc = jbody_int(r, name, &v, err);

    if (rc != MS_OK || !x || json_is_null(x))
        return rc;
    if (v <= 0)
        return ms_failf(err, MS_EINVAL, name, "invalid_id", "%lld", (long long)v);
    *out = v;
    return MS_OK;
}

int jbody_bool(struct req *r, const char *name, int *out, ms_err *err)
{
    json_t *v = r->json ? json_object_get(r->json, name) : NULL;

    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_boolean(v))
        return ms_fail(err, MS_EINVAL, name, "invalid_type", "boolean");
    *out = json_is_true(v);
    return MS_OK;
}

int jbody_only(struct req *r, const char *const *allowed, ms_err *err)
{
    const char *key;
    json_t *v;

    if (!r->json)
        return MS_OK;
    json_object_foreach(r->json, key, v)
    {
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0)
                ok = 1;
        if (!ok)
            return ms_fail(err, MS_EINVAL, key, "unknown_field", key);
    }
    return MS_OK;
}

/* ------------------------------------------------------------ JSON building */

void jset_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

void jset_int(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, json_integer((json_int_t)v));
}

void jset_id(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, v ? json_integer((json_int_t)v) : json_null());
}

json_t *jlist(json_t *items, int64_t total, const struct store_page *pg)
{
    json_t *o = json_object();

    json_object_set_new(o, "items", items);
    jset_int(o, "total", total);
    jset_int(o, "page", pg->page);
    jset_int(o, "per_page", pg->per_page);
    return o;
}

void jw_list_begin(jw *w)
{
    jw_obj_begin(w);
    jw_key(w, "items");
    jw_arr_begin(w);
}

void jw_list_end(jw *w, int64_t total, const struct store_page *pg)
{
    jw_arr_end(w);
    jw_kint(w, "total", total);
    jw_kint(w, "page", pg->page);
    jw_kint(w, "per_page", pg->per_page);
    jw_obj_end(w);
}
