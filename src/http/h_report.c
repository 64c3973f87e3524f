/* h_report.c - REST handlers of reports and publication (API.md "Reports
 * and publication"). Each reads the request, calls one service function of
 * service/report.h and sends its JSON or bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/h_report.h"
#include "service/report.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PDF_TYPE  "application/pdf"
#define CSV_TYPE  "text/csv; charset=utf-8"
#define ATOM_TYPE "application/atom+xml; charset=utf-8"

/* Rates print as 0.3333, not 0.33329999999999999. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

static int reply_doc(struct req *r, json_t *value)
{
    size_t n = value ? json_dumpb(value, NULL, 0, DUMP_FLAGS) : 0;
    char *buf = n ? arena_alloc(&r->ar, n) : NULL;
    int rc = MHD_NO;

    if (buf && json_dumpb(value, buf, n, DUMP_FLAGS) == n)
        rc = reply_bytes(r, 200, "application/json; charset=utf-8", buf, n);
    json_decref(value);
    return rc;
}

/* Reply with BYTES (freed here) or the error. */
static int reply_owned(struct req *r, int rc, const ms_err *err, const char *type, char *bytes,
                       size_t len)
{
    int ret = rc == MS_OK ? reply_bytes(r, 200, type, bytes, len) : reply_err(r, err);

    ms_free(bytes);
    return ret;
}

/* The summary of the request (campaign {id}, ?authority_id=) into *OUT. */
static int summary_of(struct req *r, struct report_summary **out, ms_err *err)
{
    int64_t aid = 0;
    int rc;

    if ((rc = req_query_int(r, "authority_id", &aid, err)) != MS_OK)
        return rc;
    if (!(*out = arena_alloc(&r->ar, sizeof **out)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    return report_summary(r->db, &r->actor, req_param_id(r, 0), aid, &r->ar, *out, err);
}

int h_report_summary(struct req *r)
{
    struct report_summary *s;
    ms_err err = {0};
    json_t *j;

    if (summary_of(r, &s, &err) != MS_OK)
        return reply_err(r, &err);
    if (!(j = report_summary_json(s))) {
        ms_fail(&err, MS_EINTERNAL, "", "out_of_memory", NULL);
        return reply_err(r, &err);
    }
    return reply_doc(r, j);
}

/* Run WRITE into a memory stream and reply with its bytes as TYPE. */
static int reply_stream(struct req *r, int (*write)(struct req *, void *, FILE *, ms_err *),
                        void *ctx, const char *type)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ms_err err = {0};
    int rc;

    if (!f) {
        ms_fail(&err, MS_EINTERNAL, "", "out_of_memory", NULL);
        return reply_err(r, &err);
    }
    rc = write(r, ctx, f, &err);
    if (fclose(f) != 0 && rc == MS_OK)
        rc = ms_fail(&err, MS_EINTERNAL, "", "out_of_memory", NULL);
    rc = rc == MS_OK ? reply_bytes(r, 200, type, buf, len) : reply_err(r, &err);
    free(buf);
    return rc;
}

static int write_summary_xlsx(struct req *r, void *ctx, FILE *f, ms_err *err)
{
    return report_summary_xlsx(r->db, ctx, f, err);
}

int h_report_summary_xlsx(struct req *r)
{
    struct report_summary *s;
    ms_err err = {0};

    if (summary_of(r, &s, &err) != MS_OK)
        return reply_err(r, &err);
    return reply_stream(r, write_summary_xlsx, s, XLSX_TYPE);
}

int h_report_summary_pdf(struct req *r)
{
    struct report_summary *s;
    ms_err err = {0};
    char *bytes = NULL;
    size_t len = 0;
    int rc;

    if ((rc = summary_of(r, &s, &err)) == MS_OK)
        rc = report_summary_pdf(s, &bytes, &len, &err);
    return reply_owned(r, rc, &err, PDF_TYPE, bytes, len);
}

struct insp_req {
    int64_t aid;
    enum report_format fmt;
};

static int write_inspections(struct req *r, void *ctx, FILE *f, ms_err *err)
{
    struct insp_req *q = ctx;
    return report_inspections(r->db, &r->actor, req_param_id(r, 0), q->aid, q->fmt, f, NULL, err);
}

static int inspections(struct req *r, enum report_format fmt, const char *type)
{
    struct insp_req q = {0, fmt};
    ms_err err = {0};

    if (req_query_int(r, "authority_id", &q.aid, &err) != MS_OK)
        return reply_err(r, &err);
    return reply_stream(r, write_inspections, &q, type);
}

int h_report_inspections_csv(struct req *r)
{
    return inspections(r, REPORT_CSV, CSV_TYPE);
}

int h_report_inspections_xlsx(struct req *r)
{
    return inspections(r, REPORT_XLSX, XLSX_TYPE);
}

int h_report_form_pdf(struct req *r)
{
    ms_err err = {0};
    char *bytes = NULL;
    size_t len = 0;
    int rc = report_form_pdf(r->db, &r->actor, req_param_id(r, 0), &bytes, &len, &err);

    return reply_owned(r, rc, &err, PDF_TYPE, bytes, len);
}

int h_public_results(struct req *r)
{
    struct store_page pg;
    int64_t cid = 0;
    ms_err err = {0};
    json_t *j = NULL;

    if (req_query_int(r, "campaign_id", &cid, &err) != MS_OK || req_page(r, &pg, &err) != MS_OK ||
        report_public_json(r->db, cid, pg.page, pg.per_page, &j, &err) != MS_OK)
        return reply_err(r, &err);
    return reply_doc(r, j);
}

static int public_bytes(struct req *r, enum report_format fmt, const char *type)
{
    int64_t cid = 0;
    ms_err err = {0};
    char *bytes = NULL, self[96];
    size_t len = 0;
    int rc;

    if ((rc = req_query_int(r, "campaign_id", &cid, &err)) != MS_OK)
        return reply_err(r, &err);
    if (cid)
        snprintf(self, sizeof self, "/api/v1/public/results.atom?campaign_id=%lld", (long long)cid);
    else
        snprintf(self, sizeof self, "/api/v1/public/results.atom");
    rc = report_public_bytes(r->db, cid, fmt, self, &bytes, &len, &err);
    return reply_owned(r, rc, &err, type, bytes, len);
}

int h_public_results_csv(struct req *r)
{
    return public_bytes(r, REPORT_CSV, CSV_TYPE);
}

int h_public_results_atom(struct req *r)
{
    return public_bytes(r, REPORT_ATOM, ATOM_TYPE);
}
