/* testdb.h - fresh databases for tests, on the backend the test runs for.
 *
 * MSUP_TEST_BACKEND=sqlite (default) gives a new SQLite file in a temp
 * folder; =pg gives a new database in the throwaway cluster started by
 * scripts/pg-cluster (its state folder in MSUP_PG_STATE). */
#ifndef MS_TESTDB_H
#define MS_TESTDB_H

#include "store/store.h"

/* URL of a new, empty database named after NAME. Static buffer. Aborts the
 * test program when the backend cannot provide one. */
const char *testdb_url(const char *name);

/* URL of the database the last testdb_open() created (static buffer). */
const char *store_url_of_test(void);

/* "sqlite" or "pg". */
const char *testdb_backend(void);

/* Open a fresh migrated database; aborts on failure. */
store *testdb_open(const char *name);

#endif
