/* backup.c - `msup backup` / `msup restore` (see backup.h). */
#include <string.h>

#include "core/alloc.h"
#include "service/audit.h"
#include "service/backup.h"

static int summarise(store *db, int verify, struct backup_summary *s, ms_err *err)
{
    int rc;

    s->schema_version = store_schema_version(db, err);
    rc = store_table_counts(db, &s->tables, &s->ntables, err);
    if (rc != MS_OK)
        return rc;
    rc = audit_db_head(db, &s->audit_seq, s->audit_hash, err);
    if (rc != MS_OK)
        return rc;
    if (verify) {
        struct audit_verify_result res;
        ms_actor who;

        svc_actor_system(&who, MS_LANG_ZH);
        rc = audit_verify(db, &who, &res, err);
        if (rc != MS_OK)
            return rc;
        s->verified = 1;
        s->intact = res.intact;
        s->broken_seq = res.broken_seq;
        s->reason = res.reason;
    }
    return MS_OK;
}

int backup_run(const char *url, const char *out, struct backup_summary *s, ms_err *err)
{
    store *db = NULL;
    int rc;

    memset(s, 0, sizeof *s);
    rc = store_backup(url, out, err);
    if (rc != MS_OK)
        return rc;
    if (strncmp(url, "sqlite:", 7) == 0)
        rc = store_open_file_ro(out, "output", &db, err);
    else
        rc = store_open(url, &db, err);
    if (rc == MS_OK)
        rc = summarise(db, 0, s, err);
    store_close(db);
    return rc;
}

int restore_run(const char *url, const char *in, int force, struct backup_summary *s, ms_err *err)
{
    store *db = NULL;
    int rc;

    memset(s, 0, sizeof *s);
    rc = store_restore(url, in, force, err);
    if (rc != MS_OK)
        return rc;
    rc = store_open(url, &db, err);
    if (rc == MS_OK)
        rc = summarise(db, 1, s, err);
    store_close(db);
    return rc;
}

void backup_summary_free(struct backup_summary *s)
{
    ms_free(s->tables);
    s->tables = NULL;
    s->ntables = 0;
}
