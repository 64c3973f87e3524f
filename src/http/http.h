/* http.h - `msup serve`: the REST API and the web UI over libmicrohttpd.
 *
 * http/ is a transport: it parses requests, authenticates, checks the route's
 * permission, calls one service/ function and writes JSON. It never opens a
 * transaction and never writes SQL. */
#ifndef MS_HTTP_H
#define MS_HTTP_H

#include <stddef.h>

#include "core/ms.h"

struct http_config {
    const char *listen;   /* "127.0.0.1:8080" (default); "[::1]:8080" for IPv6 */
    const char *db_url;   /* database URL (store_open) */
    const char *web_root; /* built UI (web/dist); NULL or missing = API only */
    const char *tls_cert; /* PEM files; both or neither */
    const char *tls_key;
    const char *openapi; /* path of docs/openapi.yaml, served at /api/v1/openapi.yaml */
    unsigned threads;    /* worker threads; 0 = number of cores */
    unsigned max_conns;  /* connection limit; 0 = 1024 */
    unsigned timeout_s;  /* idle connection timeout; 0 = 60 */
    size_t json_limit;   /* default body limit of JSON routes; 0 = 1 MiB */
    /* inspection work (issue 5, insp) */
    const char *evidence_dir; /* evidence files; NULL = $MSUP_EVIDENCE_DIR or var/evidence */
    unsigned sweep_s;         /* findings deadline sweep period; 0 = 60 */
    /* reverse proxy (issue 9, ops): comma-separated addresses of the proxies
     * whose X-Forwarded-For (rightmost entry = the real client, for rate
     * limits and the audit trail) and X-Forwarded-Proto: https (the session
     * cookie is then Secure) are believed; NULL = none, the peer address is
     * the client */
    const char *trusted_proxy;
    /* limits (issue 9, hard): docs/limits.md */
    unsigned per_ip_conns; /* connections per client address; 0 = no limit */
    unsigned db_pool;      /* database connections; 0 = threads (never more) */
    size_t upload_limit;   /* evidence file size; 0 = EVIDENCE_MAX_BYTES */
    long row_cache;        /* rendered list rows kept (rowcache.h); 0 = default, -1 = none */
};

/* Start the server and block until SIGTERM or SIGINT, then stop accepting,
 * let requests in flight finish, and return MS_OK. MS_EINVAL for a bad
 * listen address or TLS files, MS_EINTERNAL when the port cannot be bound
 * or the database cannot be opened. */
int http_serve(const struct http_config *cfg, ms_err *err);

/* Write the route table as JSON lines (method, pattern, roles, audit action,
 * body limit) to OUT: the permission matrix of the docs and the access tests
 * are generated from it. */
void http_routes_dump(void *file);

#endif
