/* h_system.c - liveness, metrics and the API description. */
#include <stdio.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "http/h.h"

int h_healthz(struct req *r)
{
    json_t *o = json_object();
    ms_err err = {0};
    int ok = svc_health(r->db, &err) == MS_OK;

    jset_str(o, "status", ok ? "ok" : "degraded");
    jset_str(o, "database", ok ? "ok" : err.arg);
    return reply_json(r, ok ? 200 : 503, o);
}

int h_metrics(struct req *r)
{
    metrics_render(r);
    return r->resp ? MHD_YES : MHD_NO;
}

int h_openapi(struct req *r)
{
    FILE *f = r->cfg->openapi ? fopen(r->cfg->openapi, "rb") : NULL;
    const struct embed_file *e;
    char *buf;
    long n;
    int rc;

    if (!f) {
        /* The description compiled into the binary. */
        e = embed_find("docs/openapi.yaml");
        if (!e)
            return reply_fail(r, 404, "not_found", "", "openapi.yaml");
        return reply_bytes(r, 200, "application/yaml; charset=utf-8", e->data, e->size);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = n >= 0 ? ms_malloc((size_t)n + 1) : NULL;
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        ms_free(buf);
        return reply_fail(r, 500, "io_error", "", "openapi.yaml");
    }
    fclose(f);
    rc = reply_bytes(r, 200, "application/yaml; charset=utf-8", buf, (size_t)n);
    ms_free(buf);
    return rc;
}
