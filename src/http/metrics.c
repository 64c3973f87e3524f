/* metrics.c - Prometheus text metrics: requests by route and status class,
 * and a latency histogram. Lock-free counters (C11 atomics). */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "http/req.h"
#include "http/rowcache.h"

#define MAX_ROUTES 256
#define NBUCKETS   10

static const double bounds[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                        0.025,  0.05,  0.1,    0.5,   1.0};
/* [route + 1][status class 1xx..5xx]; route -1 = unrouted (static files, 404) */
static atomic_ullong requests[MAX_ROUTES + 1][6];
static atomic_ullong buckets[NBUCKETS + 1];
static atomic_ullong latency_us_sum;
static atomic_ullong latency_count;

void metrics_observe(int route_index, unsigned status, double seconds)
{
    int ri = route_index + 1, cls = (int)(status / 100);
    int b = 0;

    if (ri < 0 || ri > MAX_ROUTES)
        ri = 0;
    if (cls < 1 || cls > 5)
        cls = 5;
    atomic_fetch_add_explicit(&requests[ri][cls], 1, memory_order_relaxed);
    while (b < NBUCKETS && seconds > bounds[b])
        b++;
    atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_us_sum, (unsigned long long)(seconds * 1e6),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
}

struct buf {
    char *p;
    size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n;
        char *np = ms_realloc(b->p, cap);
        if (!np)
            return;
        b->p = np;
        b->cap = cap;
    }
}

void metrics_render(struct req *r)
{
    struct buf b = {ms_malloc(8192), 0, 8192};
    unsigned long long cum = 0;

    if (!b.p) {
        reply_fail(r, 500, "out_of_memory", "", NULL);
        return;
    }
    b.p[0] = '\0';
    put(&b, "# HELP msup_http_requests_total HTTP requests by route and status class.\n"
            "# TYPE msup_http_requests_total counter\n");
    for (int i = 0; i <= (int)http_route_count && i <= MAX_ROUTES; i++)
        for (int c = 1; c <= 5; c++) {
            unsigned long long v = atomic_load(&requests[i][c]);
            if (!v)
                continue;
            put(&b, "msup_http_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %llu\n",
                i ? http_routes[i - 1].method : "GET", i ? http_routes[i - 1].pattern : "other", c,
                v);
        }
    put(&b, "# HELP msup_http_request_duration_seconds Request latency.\n"
            "# TYPE msup_http_request_duration_seconds histogram\n");
    for (int k = 0; k < NBUCKETS; k++) {
        cum += atomic_load(&buckets[k]);
        put(&b, "msup_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bounds[k], cum);
    }
    cum += atomic_load(&buckets[NBUCKETS]);
    put(&b, "msup_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    put(&b, "msup_http_request_duration_seconds_sum %.6f\n",
        (double)atomic_load(&latency_us_sum) / 1e6);
    put(&b, "msup_http_request_duration_seconds_count %llu\n", atomic_load(&latency_count));
    put(&b,
        "# HELP msup_db_connections Open database connections (the pool, at most --db-pool).\n"
        "# TYPE msup_db_connections gauge\nmsup_db_connections %d\n",
        http_db_connections());
    {
        uint64_t hit, miss;
        size_t slots, bytes;
        rowcache_stats(&hit, &miss, &slots, &bytes);
        put(&b,
            "# HELP msup_row_cache_lookups_total List rows looked up in the rendered-row cache.\n"
            "# TYPE msup_row_cache_lookups_total counter\n"
            "msup_row_cache_lookups_total{result=\"hit\"} %llu\n"
            "msup_row_cache_lookups_total{result=\"miss\"} %llu\n"
            "# HELP msup_row_cache_bytes Text held by the rendered-row cache (--row-cache slots).\n"
            "# TYPE msup_row_cache_bytes gauge\nmsup_row_cache_bytes %zu\n"
            "# HELP msup_row_cache_slots Slots of the rendered-row cache.\n"
            "# TYPE msup_row_cache_slots gauge\nmsup_row_cache_slots %zu\n",
            (unsigned long long)hit, (unsigned long long)miss, bytes, slots);
    }
    reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
    ms_free(b.p);
}
