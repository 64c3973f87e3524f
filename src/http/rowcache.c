/* rowcache.c - rendered rows by (id, rev); see rowcache.h.
 *
 * Direct mapped: slot = id mod size, so a page of consecutive ids never
 * evicts itself. A small array of mutexes guards the slots (slot mod
 * LOCKS); a lookup copies the text out while holding its lock, so a slot
 * may be rewritten by another thread at any time after. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/rowcache.h"

#define LOCKS    64
#define MAX_TEXT (64 * 1024)

struct slot {
    int64_t id, rev; /* id 0 = empty */
    char *text;
    uint32_t len, cap;
};

static struct slot *slots;
static size_t nslots;
static pthread_mutex_t locks[LOCKS];
static pthread_once_t locks_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t hits, misses, bytes;
/* Recent lookups, halved every WINDOW: an approximate hit ratio (the
 * halving races with counting; a count lost now and then does not matter). */
#define WINDOW 4096
static atomic_uint_fast32_t recent_hits, recent_all;

static void locks_init(void)
{
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
}

int rowcache_init(size_t n)
{
    pthread_once(&locks_once, locks_init);
    rowcache_free();
    atomic_store(&hits, 0);
    atomic_store(&misses, 0);
    atomic_store(&recent_hits, 0);
    atomic_store(&recent_all, 0);
    if (n == 0)
        return 0;
    if (n > ROWCACHE_MAX)
        n = ROWCACHE_MAX;
    slots = ms_calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    nslots = n;
    return 0;
}

void rowcache_free(void)
{
    for (size_t i = 0; i < nslots; i++)
        ms_free(slots[i].text);
    ms_free(slots);
    slots = NULL;
    nslots = 0;
    atomic_store(&bytes, 0);
}

/* The slot of ID, its lock taken; NULL when there is no cache. */
static struct slot *lock_slot(int64_t id)
{
    size_t i;

    if (!nslots || id <= 0)
        return NULL;
    i = (size_t)((uint64_t)id % nslots);
    pthread_mutex_lock(&locks[i % LOCKS]);
    return &slots[i];
}

static void unlock_slot(const struct slot *s)
{
    pthread_mutex_unlock(&locks[(size_t)(s - slots) % LOCKS]);
}

static int holds(const struct slot *s, int64_t id, int64_t rev)
{
    return s->id == id && s->rev == rev && s->text;
}

int rowcache_write(jw *w, int64_t id, int64_t rev)
{
    struct slot *s = lock_slot(id);
    int hit;

    if (!s)
        return 0;
    hit = holds(s, id, rev);
    if (hit)
        jw_raw(w, s->text, s->len);
    unlock_slot(s);
    atomic_fetch_add(hit ? &hits : &misses, 1);
    if (hit)
        atomic_fetch_add(&recent_hits, 1);
    if (atomic_fetch_add(&recent_all, 1) >= WINDOW) {
        atomic_store(&recent_all, WINDOW / 2);
        atomic_store(&recent_hits, atomic_load(&recent_hits) / 2);
    }
    return hit;
}

int rowcache_mostly_hits(void)
{
    uint_fast32_t all = atomic_load(&recent_all);
    return nslots && all >= 64 && atomic_load(&recent_hits) * 4 >= all * 3;
}

int rowcache_has(int64_t id, int64_t rev)
{
    struct slot *s = lock_slot(id);
    int held;

    if (!s)
        return 0;
    held = holds(s, id, rev);
    unlock_slot(s);
    return held;
}

void rowcache_put(int64_t id, int64_t rev, const char *json, size_t n)
{
    struct slot *s = n > MAX_TEXT ? NULL : lock_slot(id);

    if (!s)
        return;
    if (s->cap < n) {
        /* Rounded up, so that a row that grows a little fits again. */
        uint32_t cap = (uint32_t)((n + 127) & ~(size_t)127);
        char *t = ms_realloc(s->text, cap);
        if (!t) {
            s->id = 0; /* the old text stays allocated, but is no row's */
            unlock_slot(s);
            return;
        }
        atomic_fetch_add(&bytes, cap - s->cap);
        s->text = t;
        s->cap = cap;
    }
    memcpy(s->text, json, n);
    s->len = (uint32_t)n;
    s->id = id;
    s->rev = rev;
    unlock_slot(s);
}

void rowcache_stats(uint64_t *h, uint64_t *mi, size_t *n, size_t *b)
{
    *h = atomic_load(&hits);
    *mi = atomic_load(&misses);
    *n = nslots;
    *b = (size_t)atomic_load(&bytes);
}
