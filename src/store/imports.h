/* imports.h - SQL of the `imports` table: one row per import batch (what
 * was imported, by whom, with what outcome). */
#ifndef MS_STORE_IMPORTS_H
#define MS_STORE_IMPORTS_H

#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

struct imports_row {
    int64_t id;
    const char *kind;     /* units standards apparatus personnel */
    const char *filename; /* as uploaded ("-" for stdin) */
    const char *sha256;   /* hex digest of the file's bytes */
    int64_t accepted;     /* rows written */
    int64_t rejected;     /* rows refused */
    int partial;          /* 1: good rows kept despite rejected ones */
    const char *actor;
    const char *created_at; /* RFC 3339 */
};

/* Insert R (R->id set on return) inside or outside the caller's transaction.
 * Returns MS_OK or the store error. */
int imports_insert(store *db, struct imports_row *r, ms_err *err);

/* Read the batch ID into *OUT, strings in AR. MS_ENOTFOUND if there is none. */
int imports_get(store *db, int64_t id, arena *ar, struct imports_row *out, ms_err *err);

/* Number of recorded batches (for tests and summaries); -1 on error. */
int64_t imports_count(store *db, ms_err *err);

#endif
