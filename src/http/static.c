/* static.c - the built web UI: files under web_root, the SPA fallback to
 * index.html, ETag / Last-Modified revalidation, precompressed .gz. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/req.h"

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".yaml", "application/yaml"},
    {".map", "application/json"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < MS_ARRAY_LEN(types); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* A safe relative path: no "..", no "//", no backslashes or NUL. */
static int path_ok(const char *p)
{
    if (strstr(p, "..") || strstr(p, "//") || strchr(p, '\\'))
        return 0;
    return 1;
}

static int accepts_gzip(struct req *r)
{
    const char *ae = req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    return ae && strstr(ae, "gzip") != NULL;
}

static int send_file(struct req *r, const char *full, const char *logical, int immutable)
{
    char gz[PATH_MAX + 4], etag[64], lm[64];
    struct stat st;
    const char *inm;
    int fd = -1, gzipped = 0;
    struct MHD_Response *resp;
    struct tm tm;

    if (accepts_gzip(r) && snprintf(gz, sizeof gz, "%s.gz", full) < (int)sizeof gz &&
        stat(gz, &st) == 0 && S_ISREG(st.st_mode)) {
        fd = open(gz, O_RDONLY | O_CLOEXEC);
        gzipped = fd >= 0;
    }
    if (fd < 0) {
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode))
            return -1;
        fd = open(full, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return -1;
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtime, gzipped ? "-gz" : "");
    gmtime_r(&st.st_mtime, &tm);
    strftime(lm, sizeof lm, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm && strcmp(inm, etag) == 0) {
        close(fd);
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        r->status = 304;
    } else {
        resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
        r->status = 200;
        if (!resp)
            close(fd);
    }
    if (!resp)
        return -1;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type_of(logical));
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, lm);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    MHD_add_response_header(resp, "Cache-Control",
                            immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (gzipped)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
                            "'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'");
    if (r->resp)
        MHD_destroy_response(r->resp);
    r->resp = resp;
    return 0;
}

int static_serve(struct req *r)
{
    const char *root = r->cfg->web_root;
    char path[PATH_MAX], rel[1024];
    const char *q;
    size_t n;

    snprintf(rel, sizeof rel, "%s", r->url[0] == '/' ? r->url + 1 : r->url);
    q = strchr(rel, '?');
    if (q)
        rel[q - rel] = '\0';
    if (!root || access(root, R_OK) != 0)
        return reply_fail(r, MHD_HTTP_NOT_FOUND, "ui_not_built", "", NULL);
    if (!path_ok(rel))
        return reply_fail(r, MHD_HTTP_NOT_FOUND, "not_found", "", NULL);
    n = strlen(rel);
    if (n && rel[n - 1] != '/') {
        snprintf(path, sizeof path, "%s/%s", root, rel);
        if (send_file(r, path, rel, strncmp(rel, "assets/", 7) == 0) == 0)
            return MHD_YES;
        /* A missing file with an extension is a real 404, not a route. */
        if (strrchr(rel, '.') > strrchr(rel, '/') && strrchr(rel, '.'))
            return reply_fail(r, MHD_HTTP_NOT_FOUND, "not_found", "", NULL);
    }
    /* SPA fallback: every other path is a client-side route. */
    snprintf(path, sizeof path, "%s/index.html", root);
    if (send_file(r, path, "index.html", 0) == 0)
        return MHD_YES;
    return reply_fail(r, MHD_HTTP_NOT_FOUND, "ui_not_built", "", NULL);
}
