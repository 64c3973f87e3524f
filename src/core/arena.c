/* arena.c - chunked bump allocator. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"

#define CHUNK_MIN 8192
#define ALIGN     16

struct arena_chunk {
    arena_chunk *next;
    size_t size, off;
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = 0;
}

/* SIZE bytes, not cleared. */
static void *alloc_raw(arena *a, size_t size)
{
    arena_chunk *c = a->head;
    size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    void *p;

    if (need < size)
        return NULL;
    if (!c || c->size - c->off < need) {
        size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
        if (cap > SIZE_MAX - sizeof *c)
            return NULL;
        c = ms_malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->size = cap;
        c->off = 0;
        /* A big one-off block goes behind the current chunk so the current
         * chunk's free tail is not wasted. */
        if (a->head && need > CHUNK_MIN) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    p = c->data + c->off;
    c->off += need;
    a->used += need;
    return p;
}

void *arena_alloc(arena *a, size_t size)
{
    void *p = alloc_raw(a, size);

    if (p)
        memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    size_t len;
    char *d;

    if (!s)
        return NULL;
    len = strnlen(s, n);
    d = alloc_raw(a, len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    char *d;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    d = arena_alloc(a, (size_t)n + 1);
    if (d)
        vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    char *d;

    va_start(ap, fmt);
    d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head, *next;

    while (c) {
        next = c->next;
        ms_free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
}
