/* req.h - one request's context, the route table type and the reply helpers
 * shared by the handler files (h_*.c). Internal to http/. */
#ifndef MS_HTTP_REQ_H
#define MS_HTTP_REQ_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/jw.h"
#include "http/http.h"
#include "service/svc.h"

/* Role bits of a route's permission. A route with roles 0 is public. */
enum {
    ROLE_SYSADMIN = 1 << 0,
    ROLE_SECADMIN = 1 << 1,
    ROLE_AUDITOR = 1 << 2,
    ROLE_AUTHORITY = 1 << 3,
    ROLE_INSPECTOR = 1 << 4,
    ROLE_UNIT = 1 << 5,
};
#define ROLES_BUSINESS (ROLE_AUTHORITY | ROLE_INSPECTOR | ROLE_UNIT)
#define ROLES_ANY_USER                                                                             \
    (ROLE_SYSADMIN | ROLE_SECADMIN | ROLE_AUDITOR | ROLE_AUTHORITY | ROLE_INSPECTOR | ROLE_UNIT)

struct req;
typedef int (*handler_fn)(struct req *r);

/* Body kinds a route accepts. */
enum body_kind { BODY_NONE, BODY_JSON, BODY_MULTIPART, BODY_JSON_ARRAY /* or an object */ };

struct route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* "/api/v1/units/{id}"; {name} matches one segment */
    handler_fn fn;
    unsigned roles;    /* ROLE_* bits allowed; 0 = public (no login) */
    const char *audit; /* audit action of a write, NULL for reads */
    enum body_kind body;
    size_t limit;        /* body limit in bytes; 0 = the JSON default (--body-limit);
                            ROUTE_LIMIT_UPLOAD = --upload-limit + 64 KiB of form */
    int csrf_exempt;     /* login itself */
    int allow_pw_change; /* reachable while a password change is pending */
};

/* limits (issue 9, hard): a route whose body is an evidence upload */
#define ROUTE_LIMIT_UPLOAD   ((size_t)-1)
#define UPLOAD_FORM_OVERHEAD (64 * 1024)

extern const struct route http_routes[];
extern const size_t http_route_count;

#define MAX_PARAMS 4

struct req {
    struct MHD_Connection *conn;
    const struct route *route;
    arena ar;
    const char *method, *url;
    const char *params[MAX_PARAMS]; /* {..} segments of the pattern, in order */
    int nparams;
    char *body; /* raw body (NUL-terminated), NULL if none */
    size_t body_len;
    size_t body_cap; /* allocated bytes of body (grows by doubling, up to the limit + 1) */
    int too_big;
    json_t *json;   /* parsed JSON body, or NULL */
    store *db;      /* this worker thread's connection */
    ms_actor actor; /* the caller; role NULL when anonymous */
    int authenticated;
    int pw_change_pending;
    void *auth;             /* the session behind the actor (h_auth.c) */
    const char *auth_error; /* why a presented credential was refused */
    enum ms_lang lang;
    const char *client; /* client address text */
    int via_https;      /* TLS here or at a trusted proxy (X-Forwarded-Proto) */
    const struct http_config *cfg;
    /* response */
    int status;
    struct MHD_Response *resp;
    const char *set_cookie;
    double started; /* monotonic seconds, for the latency metric */
    int route_index;
};

/* ---- replies: each returns MHD_YES/MHD_NO to hand back to MHD */

/* Reply with STATUS and the JSON VALUE (reference stolen). */
int reply_json(struct req *r, unsigned status, json_t *value);
/* Reply with the error of ERR, mapped once from its result code; the
 * message in the request's language. */
int reply_err(struct req *r, const ms_err *err);
/* Reply with an error of STATUS, KEY and FIELD (ARG for the message). */
int reply_fail(struct req *r, unsigned status, const char *key, const char *field, const char *arg);
/* Reply with STATUS and the JSON text of W (taken over; W is reset). */
int reply_jw(struct req *r, unsigned status, jw *w);
/* Reply with raw bytes (copied) of TYPE. */
int reply_bytes(struct req *r, unsigned status, const char *type, const void *data, size_t len);
/* HTTP status of a result code (and 429 for key "rate_limited"). */
unsigned http_status_of(const ms_err *err);

/* ---- request data */
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
/* Path parameter I as a positive id; 0 when it is not one. */
int64_t req_param_id(struct req *r, int i);
/* Query parameter NAME as a positive integer into *OUT (untouched when
 * absent). MS_EINVAL naming NAME when present but not a positive integer. */
int req_query_int(struct req *r, const char *name, int64_t *out, ms_err *err);
/* Paging from ?page= and ?per_page= (default 1 and 50, at most 500). */
int req_page(struct req *r, struct store_page *pg, ms_err *err);

/* ---- JSON body fields: type-checked; a wrong type is MS_EINVAL naming the
 * field. Absent fields leave *OUT untouched (NULL / 0). Strings are copied
 * into the request arena. */
int jbody_str(struct req *r, const char *name, const char **out, ms_err *err);
int jbody_int(struct req *r, const char *name, int64_t *out, ms_err *err);
int jbody_bool(struct req *r, const char *name, int *out, ms_err *err);
/* An id: a positive integer; 0 or negative is MS_EINVAL "invalid_id". */
int jbody_id(struct req *r, const char *name, int64_t *out, ms_err *err);
/* Reject members not in ALLOWED (NULL-terminated): MS_EINVAL "unknown_field". */
int jbody_only(struct req *r, const char *const *allowed, ms_err *err);

/* ---- JSON building */
void jset_str(json_t *o, const char *k, const char *v); /* null when V is NULL */
void jset_int(json_t *o, const char *k, int64_t v);
void jset_id(json_t *o, const char *k, int64_t v); /* null when V is 0 */
/* A list reply {"items":[..],"total":N,"page":P,"per_page":S}. */
json_t *jlist(json_t *items, int64_t total, const struct store_page *pg);
/* The same list reply written with jw: jw_list_begin opens the object and the
 * "items" array; the caller writes the items; jw_list_end closes both. */
void jw_list_begin(jw *w);
void jw_list_end(jw *w, int64_t total, const struct store_page *pg);

/* Monotonic clock in seconds. */
double http_now(void);

/* Metrics (metrics.c). */
void metrics_observe(int route_index, unsigned status, double seconds);
void metrics_render(struct req *r);

/* Number of open per-thread database connections (server.c). */
int http_db_connections(void);

/* Static files of the web UI (static.c). */
int static_serve(struct req *r);

/* Authentication of the request (h_auth.c): fills r->actor from the session
 * cookie or a bearer token; leaves it anonymous when neither is valid. */
int http_authenticate(struct req *r, ms_err *err);
/* CSRF check of a state-changing request authenticated by cookie. */
int http_csrf_ok(struct req *r);

#endif
