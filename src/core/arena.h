/* arena.h - a region allocator for request- and command-scoped memory.
 *
 * Strings and structs that live as long as one request (or one CLI command,
 * or one import row) come from an arena and are freed together by
 * arena_free(); code that uses an arena contains no free(). */
#ifndef MS_ARENA_H
#define MS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    size_t used; /* bytes handed out, for metrics */
} arena;

#define ARENA_INIT                                                                                 \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

void arena_init(arena *a);

/* SIZE bytes aligned for any type, zeroed; NULL when memory is exhausted. */
void *arena_alloc(arena *a, size_t size);

/* Copies; NULL when S is NULL or memory is exhausted. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* Release everything allocated from A; A is ready for reuse. */
void arena_free(arena *a);

#endif
