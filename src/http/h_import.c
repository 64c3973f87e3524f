/* h_import.c - POST /api/v1/imports: registry import over HTTP. Reads the
 * multipart form (kind, file), hands the bytes to import_run (which checks
 * the role, the jurisdiction of every row, and writes the audit row) and
 * writes the report as JSON. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/msg.h"
#include "core/multipart.h"
#include "http/h_import.h"
#include "service/import.h"

/* ERRS[0..N) as [{row, field, code, message}] in the request's language. */
static json_t *errors_json(struct req *r, const ms_err *errs, int n)
{
    json_t *a = json_array();
    char msg[512];

    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        msg_format(&errs[i], r->lang, msg, sizeof msg);
        if (errs[i].row)
            json_object_set_new(o, "row", json_integer(errs[i].row));
        else
            json_object_set_new(o, "row", json_null());
        jset_str(o, "field", errs[i].field[0] ? errs[i].field : NULL);
        jset_str(o, "code", errs[i].key);
        jset_str(o, "message", msg);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *report_json(struct req *r, enum import_kind kind, int partial,
                           const struct import_report *rep)
{
    json_t *o = json_object();

    if (rep->id)
        jset_int(o, "id", rep->id);
    else
        json_object_set_new(o, "id", json_null());
    jset_str(o, "kind", import_kind_name(kind));
    jset_str(o, "format", rep->format);
    jset_str(o, "encoding", rep->encoding);
    jset_int(o, "rows", rep->rows);
    jset_int(o, "accepted", rep->accepted);
    jset_int(o, "rejected", rep->rejected);
    json_object_set_new(o, "partial", json_boolean(partial));
    json_object_set_new(o, "written", json_boolean(rep->written));
    json_object_set_new(o, "errors", errors_json(r, rep->errors, rep->nerrors));
    json_object_set_new(o, "warnings", errors_json(r, rep->warnings, rep->nwarnings));
    return o;
}

/* The form of R: kind and file. MS_OK, or MS_EINVAL naming the field. */
static int import_form(struct req *r, enum import_kind *kind, const struct multipart_part **file,
                       ms_err *err)
{
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    const struct multipart_part *k;
    char boundary[80], buf[32];
    int n, rc;

    if ((rc = multipart_boundary(req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), boundary,
                                 sizeof boundary, err)) != MS_OK ||
        (rc = multipart_parse(r->body ? r->body : "", r->body_len, boundary, &r->ar, parts, &n,
                              err)) != MS_OK)
        return rc;
    for (int i = 0; i < n; i++)
        if (strcmp(parts[i].name, "kind") != 0 && strcmp(parts[i].name, "file") != 0)
            return ms_fail(err, MS_EINVAL, parts[i].name, "unknown_field", parts[i].name);
    k = multipart_get(parts, n, "kind");
    if (!k || !k->len)
        return ms_fail(err, MS_EINVAL, "kind", "required", NULL);
    snprintf(buf, sizeof buf, "%.*s", (int)(k->len < sizeof buf - 1 ? k->len : sizeof buf - 1),
             k->data);
    if (k->len >= sizeof buf || memchr(k->data, '\0', k->len))
        return ms_fail(err, MS_EINVAL, "kind", "import_kind", "");
    if ((rc = import_kind_parse(buf, kind, err)) != MS_OK)
        return rc;
    *file = multipart_get(parts, n, "file");
    if (!*file || !(*file)->len)
        return ms_fail(err, MS_EINVAL, "file", "required", NULL);
    return MS_OK;
}

int h_imports_create(struct req *r)
{
    const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    const char *p = req_query(r, "partial");
    const struct multipart_part *file = NULL;
    struct import_report rep = {0};
    enum import_kind kind;
    ms_err err = {0};
    json_t *o;
    int partial = 0, rc;

    if (p && strcmp(p, "1") != 0 && strcmp(p, "true") != 0 && strcmp(p, "0") != 0 &&
        strcmp(p, "false") != 0)
        return reply_fail(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid_type", "partial", "boolean");
    partial = p && (strcmp(p, "1") == 0 || strcmp(p, "true") == 0);
    if (!type || strncasecmp(type, "multipart/form-data", 19) != 0)
        return reply_fail(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                          "Content-Type", type ? type : "");
    if (import_form(r, &kind, &file, &err) != MS_OK)
        return reply_err(r, &err);
    rc = import_run(r->db, &r->actor, kind, file->filename ? file->filename : "",
                    (const unsigned char *)file->data, file->len, partial, NULL, NULL, &rep, &err);
    if (rc == MS_OK || (rc == MS_EINVAL && rep.written)) {
        o = report_json(r, kind, partial, &rep);
        import_report_free(&rep);
        return reply_json(r, 200, o);
    }
    if (rc == MS_EINVAL && rep.rejected) {
        /* all or nothing refused the file: the row errors and the first one */
        char msg[512];
        json_t *e = json_object();
        o = report_json(r, kind, partial, &rep);
        msg_format(&err, r->lang, msg, sizeof msg);
        jset_str(e, "code", err.key);
        jset_str(e, "message", msg);
        jset_str(e, "field", err.field[0] ? err.field : NULL);
        json_object_set_new(o, "error", e);
        import_report_free(&rep);
        return reply_json(r, MHD_HTTP_UNPROCESSABLE_CONTENT, o);
    }
    import_report_free(&rep);
    return reply_err(r, &err);
}
