/* rowcache.h - the rendered JSON of recently listed rows, by (id, rev).
 *
 * A list page of standards costs more in reading 19 columns per row and
 * writing them as JSON than in finding the rows (bench/README.md). A row's
 * rev (013_standard_rev) goes up on every update, so the text rendered for
 * (id, rev) never goes stale: the list reads the id and rev of each row of
 * the page in its query and takes the text kept for that pair, rendering
 * only the rows it does not hold. Nothing is invalidated, nothing expires;
 * a slot is simply overwritten by another row. Shared by the server's
 * threads. */
#ifndef MS_ROWCACHE_H
#define MS_ROWCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/jw.h"

#define ROWCACHE_DEFAULT 8192 /* slots: about 4 MiB of standards */
#define ROWCACHE_MAX     1048576

/* Make room for SLOTS rows (0 = no cache: every lookup misses). Call before
 * the server's threads start; again to resize (not while they run). */
int rowcache_init(size_t slots);
void rowcache_free(void);

/* When the text of (ID, REV) is held: write it to W as the next value and
 * return 1; otherwise 0 and W is unchanged. */
int rowcache_write(jw *w, int64_t id, int64_t rev);

/* Whether the text of (ID, REV) is held now (it may be gone a moment
 * later: another thread can take the slot). */
int rowcache_has(int64_t id, int64_t rev);

/* Whether at least 3 of the last few thousand lookups were hits: reading
 * a page's ids and revs first pays off then (reg_standard_sink.held); on
 * pages seen for the first time it would be a wasted query. */
int rowcache_mostly_hits(void);

/* Keep JSON (N bytes, one whole value) as the text of (ID, REV). Best
 * effort: dropped when memory is short or the text is over 64 KiB. */
void rowcache_put(int64_t id, int64_t rev, const char *json, size_t n);

/* Counters since rowcache_init, for /metrics. */
void rowcache_stats(uint64_t *hits, uint64_t *misses, size_t *slots, size_t *bytes);

#endif
