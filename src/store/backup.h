/* backup.h - whole-database copies (`msup backup` / `msup restore`).
 *
 * SQLite: the online backup API in small steps, so a serving process keeps
 * writing (WAL readers never block writers); the copy is written to OUT.tmp,
 * switched to a single-file journal mode, fsync'ed, checked with
 * PRAGMA integrity_check and renamed over OUT. PostgreSQL: pg_dump -Fc to
 * OUT.tmp (checked with pg_restore --list), fsync, rename; restore with
 * pg_restore --single-transaction into an empty database only.
 * On any failure nothing is left at OUT (or at the restore target). */
#ifndef MS_STORE_BACKUP_H
#define MS_STORE_BACKUP_H

#include <stdint.h>

#include "core/ms.h"
#include "store/store.h"

struct store_table_count {
    char name[64];
    int64_t rows;
};

/* The highest migration this binary embeds for KIND. */
int store_known_version(enum store_kind kind);

/* Row count of every table of DB (schema_migrations included), sorted by
 * name. *OUT (N entries) is freed with ms_free. */
int store_table_counts(store *db, struct store_table_count **out, int *n, ms_err *err);

/* Copy the database at URL to the file OUT (see above). Errors name the
 * field "db" (the source) or "output". */
int store_backup(const char *url, const char *out, ms_err *err);

/* Restore the file IN (made by store_backup for the same backend) into the
 * database at URL. SQLite: the target file must not exist unless FORCE (then
 * it is replaced; stop the servers first). PostgreSQL: the target database
 * must hold no table (FORCE does not change that: never merge). Errors name
 * "input" or "db". */
int store_restore(const char *url, const char *in, int force, ms_err *err);

/* Open the SQLite file PATH read-only, as it is (no journal mode change,
 * no migration), to read a backup. MS_EINVAL naming FIELD when it cannot. */
int store_open_file_ro(const char *path, const char *field, store **out, ms_err *err);

#endif
