/* alloc.h - the allocation wrapper.
 *
 * Every heap allocation of msup goes through these, so that a test can make
 * the Nth allocation fail (alloc_fail_after) and prove the error paths. */
#ifndef MS_ALLOC_H
#define MS_ALLOC_H

#include <stddef.h>

void *ms_malloc(size_t size);              /* NULL on failure */
void *ms_calloc(size_t n, size_t size);    /* NULL on failure or overflow */
void *ms_realloc(void *p, size_t size);    /* NULL on failure, P untouched */
char *ms_strdup(const char *s);            /* NULL if S is NULL or on failure */
char *ms_strndup(const char *s, size_t n); /* at most N bytes, NUL-terminated */
void ms_free(void *p);

/* Test hook: the allocation N calls from now fails (1 = the next one), and
 * every one after it succeeds again. 0 disables. Not thread-safe: tests only. */
void alloc_fail_after(long n);

#endif
