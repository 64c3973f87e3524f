/* alloc.c - malloc wrappers with a fault-injection hook for tests. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static long fail_countdown;

static int should_fail(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0)
        return 1;
    return 0;
}

void alloc_fail_after(long n)
{
    fail_countdown = n;
}

void *ms_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *ms_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *ms_realloc(void *p, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(p, size ? size : 1);
}

char *ms_strndup(const char *s, size_t n)
{
    size_t len;
    char *d;

    if (!s)
        return NULL;
    len = strnlen(s, n);
    d = ms_malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *ms_strdup(const char *s)
{
    return s ? ms_strndup(s, strlen(s)) : NULL;
}

void ms_free(void *p)
{
    free(p);
}
