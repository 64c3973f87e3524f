/* server.c - the libmicrohttpd daemon: connections, bodies, dispatch through
 * the route table, per-thread database connections, graceful shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/msg.h"
#include "http/req.h"
#include "http/rowcache.h"
#include "service/finding.h"
#include "service/inspwork.h"

#define DEFAULT_JSON_LIMIT (1024 * 1024)
/* Per-connection buffer of MHD for the request line, headers and body
 * chunks (its default is 32 KiB, cleared for every request of a keep-alive
 * connection: a measurable share of a small GET). 16 KiB still takes a
 * request line and headers of 8 KiB and more. */
#define CONN_MEMORY (16 * 1024)

static const struct http_config *config;
static atomic_int in_flight; /* requests between their first callback and completion */
static atomic_int stopping;  /* SIGTERM seen: answer with Connection: close */
/* The database pool (limits, issue 9): at most config->db_pool connections,
 * opened on first need; a request takes one for its dispatch and gives it
 * back before its answer is sent. When all are taken a request waits (at
 * most POOL_WAIT_S, then 503 db_pool_timeout). */
#define POOL_MAX    64
#define POOL_WAIT_S 30
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dbs_cond = PTHREAD_COND_INITIALIZER;
static store *dbs[POOL_MAX]; /* every connection, closed at shutdown */
static store *idle[POOL_MAX];
static int ndbs, nidle, nopening;
/* The connection this thread used last: taken again when it is idle, so a
 * thread keeps its connection while the pool has one per thread, and with
 * it the per-connection caches (statements, list totals, the bearer-token
 * cache, which is per thread and per connection). */
static _Thread_local store *last_db;

double http_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connection of the pool: an idle one, a new one while fewer than
 * db_pool exist, else wait for one. NULL with ERR on a failed open or a
 * wait past POOL_WAIT_S. */
static store *pool_take(ms_err *err)
{
    store *db = NULL;
    struct timespec until;
    int rc = 0;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += POOL_WAIT_S;
    pthread_mutex_lock(&dbs_lock);
    while (!nidle && ndbs + nopening >= (int)config->db_pool && rc == 0)
        rc = pthread_cond_timedwait(&dbs_cond, &dbs_lock, &until);
    if (nidle) {
        int i = nidle - 1;
        while (i > 0 && idle[i] != last_db)
            i--;
        if (idle[i] != last_db)
            i = nidle - 1;
        db = idle[i];
        idle[i] = idle[--nidle];
        pthread_mutex_unlock(&dbs_lock);
        return last_db = db;
    }
    if (ndbs + nopening >= (int)config->db_pool) {
        pthread_mutex_unlock(&dbs_lock);
        ms_fail(err, MS_ECONFLICT, "", "db_pool_timeout", NULL);
        return NULL;
    }
    nopening++;
    pthread_mutex_unlock(&dbs_lock);
    if (store_open(config->db_url, &db, err) == MS_OK)
        store_tune_serve(db);
    else
        db = NULL;
    pthread_mutex_lock(&dbs_lock);
    nopening--;
    if (db)
        dbs[ndbs++] = db;
    else
        pthread_cond_signal(&dbs_cond); /* another may try */
    pthread_mutex_unlock(&dbs_lock);
    return last_db = db;
}

/* Give DB back: no transaction or read snapshot is left open on it. */
static void pool_give(store *db)
{
    if (!db)
        return;
    if (store_in_tx(db))
        store_rollback(db); /* a handler must never leave one open */
    store_read_end(db);
    pthread_mutex_lock(&dbs_lock);
    idle[nidle++] = db;
    pthread_cond_signal(&dbs_cond);
    pthread_mutex_unlock(&dbs_lock);
}

int http_db_connections(void)
{
    int n;
    pthread_mutex_lock(&dbs_lock);
    n = ndbs;
    pthread_mutex_unlock(&dbs_lock);
    return n;
}

/* ------------------------------------------------------------- matching */

/* Match PATH against PATTERN; fills R->params. 1 on a match. */
static int match(const char *pattern, const char *path, struct req *r)
{
    const char *p = pattern, *s = path;

    r->nparams = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (!len || r->nparams == MAX_PARAMS)
                return 0;
            r->params[r->nparams++] = arena_strndup(&r->ar, s, len);
            s += len;
            p = strchr(p, '}') + 1;
        } else if (*p++ != *s++) {
            return 0;
        }
    }
    return !*p && !*s;
}

/* The route for METHOD and the path; *PATH_MATCHED says whether another
 * method exists for that path (405 rather than 404). */
static const struct route *find_route(struct req *r, const char *path, int *path_matched)
{
    *path_matched = 0;
    for (size_t i = 0; i < http_route_count; i++) {
        const struct route *rt = &http_routes[i];
        if (!match(rt->pattern, path, r))
            continue;
        if (strcmp(rt->method, r->method) == 0) {
            r->route_index = (int)i;
            return rt;
        }
        *path_matched = 1;
    }
    r->nparams = 0;
    r->route_index = -1;
    return NULL;
}

static unsigned role_bit(const char *role)
{
    static const char *const names[] = {"sysadmin",  "secadmin",  "auditor",
                                        "authority", "inspector", "unit"};
    for (unsigned i = 0; role && i < MS_ARRAY_LEN(names); i++)
        if (strcmp(role, names[i]) == 0)
            return 1u << i;
    return 0;
}

/* ------------------------------------------------------------- dispatch */

/* RT's body limit under the running configuration. */
static size_t route_limit(const struct route *rt)
{
    if (rt && rt->limit == ROUTE_LIMIT_UPLOAD)
        return config->upload_limit + UPLOAD_FORM_OVERHEAD;
    return rt && rt->limit ? rt->limit : config->json_limit;
}

static int parse_json_body(struct req *r)
{
    const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    json_error_t jerr;
    char where[64];

    if (!r->body_len)
        return MHD_YES;
    if (!type || strncasecmp(type, "application/json", 16) != 0 ||
        (type[16] && type[16] != ';' && type[16] != ' '))
        return reply_fail(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                          "Content-Type", type ? type : "");
    r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!r->json) {
        snprintf(where, sizeof where, "%d:%d", jerr.line, jerr.column);
        return reply_fail(r, MHD_HTTP_BAD_REQUEST, "malformed_json", "", where);
    }
    if (!json_is_object(r->json) && !(r->route->body == BODY_JSON_ARRAY && json_is_array(r->json)))
        return reply_fail(r, MHD_HTTP_BAD_REQUEST, "json_not_object", "", NULL);
    return MHD_YES;
}

static int dispatch(struct req *r)
{
    char path[2048];
    const char *q;
    int path_matched, rc;
    ms_err err = {0};
    unsigned bit;

    r->lang = msg_lang_from(req_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
    snprintf(path, sizeof path, "%s", r->url);
    q = strchr(path, '?');
    if (q)
        path[q - path] = '\0';
    r->route = find_route(r, path, &path_matched);
    if (!r->route) {
        if (path_matched)
            return reply_fail(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", "", r->method);
        if (strncmp(path, "/api/", 5) == 0)
            return reply_fail(r, MHD_HTTP_NOT_FOUND, "not_found", "", path);
        if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
            return static_serve(r);
        return reply_fail(r, MHD_HTTP_NOT_FOUND, "not_found", "", path);
    }
    if (r->too_big) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", route_limit(r->route));
        return reply_fail(r, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large", "body", lim);
    }
    r->db = pool_take(&err);
    if (!r->db) {
        if (strcmp(err.key, "db_pool_timeout") == 0) {
            int rc2 = reply_fail(r, MHD_HTTP_SERVICE_UNAVAILABLE, "db_pool_timeout", "", NULL);
            if (r->resp)
                MHD_add_response_header(r->resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
            return rc2;
        }
        return reply_err(r, &err);
    }
    r->actor.lang = r->lang;
    r->actor.client_addr = r->client;
    store_read_begin(r->db); /* one snapshot for the request's reads */
    rc = http_authenticate(r, &err);
    if (rc != MS_OK)
        return reply_err(r, &err);
    if (r->route->roles) {
        if (!r->authenticated)
            return reply_fail(r, MHD_HTTP_UNAUTHORIZED,
                              r->auth_error ? r->auth_error : "unauthenticated", "", NULL);
        if (r->pw_change_pending && !r->route->allow_pw_change)
            return reply_fail(r, MHD_HTTP_FORBIDDEN, "password_change_required", "password", NULL);
        bit = role_bit(r->actor.role);
        if (!(bit & r->route->roles))
            return reply_fail(r, MHD_HTTP_FORBIDDEN, "forbidden", "", NULL);
    }
    if (strcmp(r->method, "GET") != 0 && !r->route->csrf_exempt && !http_csrf_ok(r))
        return reply_fail(r, MHD_HTTP_FORBIDDEN, "csrf", "X-CSRF-Token", NULL);
    if (r->route->body == BODY_JSON || r->route->body == BODY_JSON_ARRAY) {
        rc = parse_json_body(r);
        if (r->resp || rc != MHD_YES)
            return rc;
    } else if (r->route->body == BODY_NONE && r->body_len) {
        return reply_fail(r, MHD_HTTP_BAD_REQUEST, "unexpected_body", "", NULL);
    }
    return r->route->fn(r);
}

/* ------------------------------------------------------------ callbacks */

static size_t body_limit_for(const char *method, const char *url)
{
    struct req probe;
    int matched;
    const struct route *rt;

    memset(&probe, 0, sizeof probe);
    arena_init(&probe.ar);
    probe.method = method;
    {
        char path[2048];
        char *q;
        snprintf(path, sizeof path, "%s", url);
        q = strchr(path, '?');
        if (q)
            *q = '\0';
        rt = find_route(&probe, path, &matched);
    }
    arena_free(&probe.ar);
    return route_limit(rt);
}

static void client_text(struct MHD_Connection *conn, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;

    snprintf(buf, size, "unknown");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)size);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)size);
}

/* ------------------------------------- trusted reverse proxy (issue 9, ops) */

#define MAX_PROXIES 8
static char proxies[MAX_PROXIES][INET6_ADDRSTRLEN];
static int nproxies;

/* ADDR (text) in canonical form into OUT; 0 when it is not an IP address. */
static int canon_addr(const char *addr, char *out, size_t size)
{
    unsigned char bin[sizeof(struct in6_addr)];

    if (inet_pton(AF_INET, addr, bin) == 1)
        return inet_ntop(AF_INET, bin, out, (socklen_t)size) != NULL;
    if (inet_pton(AF_INET6, addr, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, (socklen_t)size) != NULL;
    return 0;
}

/* Parse --trusted-proxy LIST (comma-separated addresses; NULL = none).
 * MS_EINVAL naming the option for an empty list or a bad entry. */
static int parse_proxies(const char *list, ms_err *err)
{
    nproxies = 0;
    if (list && !*list)
        return ms_fail(err, MS_EINVAL, "trusted-proxy", "invalid_proxy", list);
    while (list && *list) {
        const char *end = strchr(list, ',');
        size_t n = end ? (size_t)(end - list) : strlen(list);
        char one[INET6_ADDRSTRLEN + 1];

        if (n == 0 || n >= sizeof one || nproxies == MAX_PROXIES)
            return ms_fail(err, MS_EINVAL, "trusted-proxy", "invalid_proxy", list);
        memcpy(one, list, n);
        one[n] = '\0';
        if (!canon_addr(one, proxies[nproxies], sizeof proxies[nproxies]))
            return ms_fail(err, MS_EINVAL, "trusted-proxy", "invalid_proxy", one);
        nproxies++;
        list = end ? end + 1 : list + n;
    }
    return MS_OK;
}

/* When the peer CLIENT is a trusted proxy: CLIENT becomes the rightmost
 * address of X-Forwarded-For (the one the proxy appended; anything left of
 * it came from the client and is not believed), and *HTTPS is set when
 * X-Forwarded-Proto is https. A missing or malformed header leaves CLIENT. */
static void forwarded_client(struct MHD_Connection *conn, char *client, size_t size, int *https)
{
    const char *xff, *proto, *last;
    char one[INET6_ADDRSTRLEN + 1], canon[INET6_ADDRSTRLEN];
    size_t n;
    int i;

    for (i = 0; i < nproxies && strcmp(proxies[i], client) != 0; i++)
        ;
    if (i == nproxies)
        return;
    proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    if (proto && strcmp(proto, "https") == 0)
        *https = 1;
    xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return;
    last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    n = strcspn(last, " \t");
    if (n == 0 || n >= sizeof one)
        return;
    memcpy(one, last, n);
    one[n] = '\0';
    if (canon_addr(one, canon, sizeof canon))
        snprintf(client, size, "%s", canon);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct req *r = *con_cls;
    char client[64];
    int rc;

    (void)cls;
    (void)version;
    if (!r) {
        /* First call: headers only. Answer on a later call, or MHD 0.9.75
         * closes keep-alive connections (reference/stack.md). */
        r = ms_calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        arena_init(&r->ar);
        r->conn = conn;
        r->cfg = config;
        r->started = http_now();
        r->method = arena_strdup(&r->ar, method);
        r->url = arena_strdup(&r->ar, url);
        client_text(conn, client, sizeof client);
        r->via_https = config->tls_cert != NULL;
        forwarded_client(conn, client, sizeof client, &r->via_https);
        r->client = arena_strdup(&r->ar, client);
        r->route_index = -1;
        *con_cls = r;
        atomic_fetch_add(&in_flight, 1);
        {
            const char *cl =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > body_limit_for(method, url))
                r->too_big = 1;
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t limit = body_limit_for(method, url);
        if (!r->too_big && r->body_len + *upload_data_size <= limit) {
            size_t need = r->body_len + *upload_data_size + 1;
            if (need > r->body_cap) {
                /* Double, so that a 20 MiB upload is not copied a thousand times. */
                size_t cap = r->body_cap ? r->body_cap : 4096;
                while (cap < need)
                    cap *= 2;
                if (cap > limit + 1)
                    cap = limit + 1;
                char *nb = ms_realloc(r->body, cap);
                if (!nb)
                    return MHD_NO;
                r->body = nb;
                r->body_cap = cap;
            }
            memcpy(r->body + r->body_len, upload_data, *upload_data_size);
            r->body_len += *upload_data_size;
            r->body[r->body_len] = '\0';
        } else {
            r->too_big = 1; /* keep reading, answer 413 at the end */
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->resp) /* already answered */
        return MHD_YES;
    rc = dispatch(r);
    pool_give(r->db);
    r->db = NULL;
    if (!r->resp && rc == MHD_YES)
        reply_fail(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "", "no response");
    if (!r->resp)
        return MHD_NO;
    if (atomic_load(&stopping))
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONNECTION, "close");
    return MHD_queue_response(conn, (unsigned)r->status, r->resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (!r)
        return;
    metrics_observe(r->route_index, (unsigned)(r->status ? r->status : 500),
                    http_now() - r->started);
    if (r->resp)
        MHD_destroy_response(r->resp);
    if (r->json)
        json_decref(r->json);
    pool_give(r->db); /* normally given back already, before the answer */
    ms_free(r->body);
    arena_free(&r->ar);
    ms_free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* ------------------------------------------------- findings deadline sweep */

/* Findings past their deadline become failed (整改不合格) without anyone
 * asking: at start and every sweep_s seconds, on a connection of its own.
 * Reads report them so even between two sweeps (service/finding.h). */
static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sweep_cond = PTHREAD_COND_INITIALIZER;
static int sweep_stop;

static void *sweeper(void *arg)
{
    store *db = NULL;
    ms_actor sys;
    ms_err err = {0};
    int failed;

    (void)arg;
    svc_actor_system(&sys, MS_LANG_EN);
    pthread_mutex_lock(&sweep_lock);
    while (!sweep_stop) {
        pthread_mutex_unlock(&sweep_lock);
        if (!db && store_open(config->db_url, &db, &err) != MS_OK)
            db = NULL;
        if (db && finding_sweep(db, &sys, NULL, &failed, &err) != MS_OK)
            fprintf(stderr, "msup: findings sweep: %s %s\n", err.key, err.arg);
        else if (db && failed)
            fprintf(stderr, "msup: findings sweep: %d past the deadline\n", failed);
        pthread_mutex_lock(&sweep_lock);
        if (!sweep_stop) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += config->sweep_s;
            pthread_cond_timedwait(&sweep_cond, &sweep_lock, &ts);
        }
    }
    pthread_mutex_unlock(&sweep_lock);
    store_close(db);
    return NULL;
}

/* --------------------------------------------------------------- serving */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    long port;
    char *end;

    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return -1;
    port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']')
            return -1;
        host[n - 1] = '\0';
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return -1;
        *len = sizeof *a6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        if (strcmp(host, "localhost") == 0)
            snprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
            return -1;
        *len = sizeof *a4;
    }
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = ms_malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
            if (len)
                *len = (size_t)n;
        } else {
            ms_free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

int http_serve(const struct http_config *cfg_in, ms_err *err)
{
    static struct http_config cfg;
    struct sockaddr_storage ss;
    socklen_t sslen;
    struct MHD_Daemon *d = NULL;
    char *cert = NULL, *key = NULL;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    sigset_t sigs;
    int sig;
    store *probe = NULL;
    int rc = MS_OK;

    cfg = *cfg_in;
    if (!cfg.listen)
        cfg.listen = "127.0.0.1:8080";
    if (!cfg.threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        cfg.threads = n > 0 ? (unsigned)n : 2;
    }
    if (cfg.threads > POOL_MAX)
        cfg.threads = POOL_MAX;
    if (!cfg.db_pool || cfg.db_pool > cfg.threads)
        cfg.db_pool = cfg.threads; /* a worker thread runs one request at a time */
    if (!cfg.upload_limit)
        cfg.upload_limit = EVIDENCE_MAX_BYTES;
    if (!cfg.max_conns)
        cfg.max_conns = 1024;
    if (!cfg.timeout_s)
        cfg.timeout_s = 60;
    if (!cfg.json_limit)
        cfg.json_limit = DEFAULT_JSON_LIMIT;
    if (!cfg.sweep_s)
        cfg.sweep_s = 60;
    if (rowcache_init(cfg.row_cache < 0 ? 0
                      : cfg.row_cache   ? (size_t)cfg.row_cache
                                        : ROWCACHE_DEFAULT) != 0)
        return ms_fail(err, MS_EINTERNAL, "row-cache", "out_of_memory", NULL);
    if (cfg.max_conns < cfg.threads) { /* MHD gives each thread a share */
        char arg[64];
        snprintf(arg, sizeof arg, "%u < threads %u", cfg.max_conns, cfg.threads);
        return ms_fail(err, MS_EINVAL, "--max-connections", "serve_limit_invalid", arg);
    }
    config = &cfg;
    if (parse_listen(cfg.listen, &ss, &sslen) != 0)
        return ms_fail(err, MS_EINVAL, "listen", "invalid_listen", cfg.listen);
    if (!cfg.tls_cert != !cfg.tls_key)
        return ms_fail(err, MS_EINVAL, "tls-key", "tls_pair", NULL);
    if (parse_proxies(cfg.trusted_proxy, err) != MS_OK) /* issue 9, ops */
        return MS_EINVAL;
    if (cfg.tls_cert) {
        cert = read_file(cfg.tls_cert, NULL);
        key = read_file(cfg.tls_key, NULL);
        if (!cert || !key) {
            rc = ms_fail(err, MS_EINVAL, cert ? "tls-key" : "tls-cert", "io_error",
                         cert ? cfg.tls_key : cfg.tls_cert);
            goto out;
        }
        flags |= MHD_USE_TLS;
    }
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* Migrate once before serving, so workers never race on the schema. */
    if ((rc = svc_open(cfg.db_url, &probe, err)) != MS_OK)
        goto out;
    store_close(probe);

    /* Block the stop signals in every thread (MHD's workers inherit the
     * mask); the main thread waits for them with sigwait. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (cert)
        d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &ss,
            MHD_OPTION_THREAD_POOL_SIZE, cfg.threads, MHD_OPTION_CONNECTION_LIMIT, cfg.max_conns,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg.per_ip_conns, MHD_OPTION_CONNECTION_TIMEOUT,
            cfg.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_HTTPS_MEM_CERT, cert,
            MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
    else
        d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &ss,
                             MHD_OPTION_THREAD_POOL_SIZE, cfg.threads, MHD_OPTION_CONNECTION_LIMIT,
                             cfg.max_conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg.per_ip_conns,
                             MHD_OPTION_CONNECTION_TIMEOUT, cfg.timeout_s,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        rc = ms_fail(err, MS_EINVAL, "listen", "listen_failed", cfg.listen);
        goto out;
    }
    fprintf(stderr, "msup: serving %s://%s (%u threads, %u database connections, database %s)\n",
            cert ? "https" : "http", cfg.listen, cfg.threads, cfg.db_pool,
            strncmp(cfg.db_url, "sqlite:", 7) == 0 ? cfg.db_url : "postgresql");
    pthread_t sweep_thread;
    int sweeping = pthread_create(&sweep_thread, NULL, sweeper, NULL) == 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "msup: stopping: finishing requests in flight\n");
    if (sweeping) {
        pthread_mutex_lock(&sweep_lock);
        sweep_stop = 1;
        pthread_cond_signal(&sweep_cond);
        pthread_mutex_unlock(&sweep_lock);
        pthread_join(sweep_thread, NULL);
    }
    atomic_store(&stopping, 1);
    {
        /* Stop accepting (close the listening socket MHD hands back), let
         * the requests in flight finish (at most 30 s), then stop. */
        MHD_socket ls = MHD_quiesce_daemon(d);
        if (ls != MHD_INVALID_SOCKET)
            close(ls);
        for (int i = 0; i < 3000 && atomic_load(&in_flight) > 0; i++) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    MHD_stop_daemon(d);
    pthread_mutex_lock(&dbs_lock);
    for (int i = 0; i < ndbs; i++)
        store_close(dbs[i]);
    ndbs = nidle = 0;
    pthread_mutex_unlock(&dbs_lock);
    rowcache_free();
out:
    ms_free(cert);
    ms_free(key);
    return rc;
}

void http_routes_dump(void *file)
{
    FILE *out = file;

    for (size_t i = 0; i < http_route_count; i++) {
        const struct route *rt = &http_routes[i];
        json_t *o = json_object(), *roles = json_array();
        static const char *const names[] = {"sysadmin",  "secadmin",  "auditor",
                                            "authority", "inspector", "unit"};
        char *s;
        for (unsigned b = 0; b < MS_ARRAY_LEN(names); b++)
            if (rt->roles & (1u << b))
                json_array_append_new(roles, json_string(names[b]));
        json_object_set_new(o, "method", json_string(rt->method));
        json_object_set_new(o, "pattern", json_string(rt->pattern));
        json_object_set_new(o, "roles", roles);
        json_object_set_new(o, "public", json_boolean(rt->roles == 0));
        json_object_set_new(o, "audit", rt->audit ? json_string(rt->audit) : json_null());
        json_object_set_new(o, "body",
                            json_string(rt->body == BODY_JSON || rt->body == BODY_JSON_ARRAY
                                            ? "json"
                                        : rt->body == BODY_MULTIPART ? "multipart"
                                                                     : "none"));
        json_object_set_new(
            o, "limit",
            json_integer((json_int_t)(rt->limit == ROUTE_LIMIT_UPLOAD
                                          ? EVIDENCE_MAX_BYTES + UPLOAD_FORM_OVERHEAD
                                      : rt->limit ? rt->limit
                                                  : DEFAULT_JSON_LIMIT)));
        s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        fprintf(out, "%s\n", s);
        free(s);
        json_decref(o);
    }
}
