/* backup.h - `msup backup` / `msup restore`: whole-database copies and
 * the summary printed after each (row counts per table, the audit head).
 * The engine work is in store/backup.c; this is for the system actor (the
 * command line), so there is no permission check beyond file access. */
#ifndef MS_SVC_BACKUP_H
#define MS_SVC_BACKUP_H

#include "core/sm3.h"
#include "service/svc.h"
#include "store/backup.h"

struct backup_summary {
    int schema_version;
    struct store_table_count *tables; /* sorted by name */
    int ntables;
    int64_t audit_seq;                /* seq of the last audit row (0 = none) */
    char audit_hash[SM3_HEX_LEN + 1]; /* its hash */
    int verified;                     /* 1 when the chain was recomputed */
    int intact;                       /* when verified: 1 when the chain holds */
    int64_t broken_seq;               /* when verified and broken */
    const char *reason;               /* message key of the break */
};

/* Copy the database at URL to the file OUT, then summarise the copy
 * (SQLite) or the source as dumped (PostgreSQL). Nothing is left at OUT on
 * failure. */
int backup_run(const char *url, const char *out, struct backup_summary *s, ms_err *err);

/* Restore the file IN into the database at URL (see store_restore), then
 * summarise the restored database and verify its audit chain. */
int restore_run(const char *url, const char *in, int force, struct backup_summary *s, ms_err *err);

void backup_summary_free(struct backup_summary *s);

#endif
