/* inspector.h - use cases of the inspector pool (检查人员库): the enforcement
 * officers and invited 考评员 of an authority, and their declared conflicts
 * of interest with units (回避, 行政处罚法 §42/§43), which the draw's
 * assignment honours (DOMAIN.md "The draw").
 *
 * Authority users read and write the pools of their authority's subtree;
 * the operator's CLI (system) all of them. Other roles get MS_EFORBIDDEN:
 * the pool holds people's names and is not shown to unit users. Reads are
 * not audited (the pool is the reader's own staff); every write lands one
 * audit row in its transaction (inspector.create, inspector.update,
 * inspector.conflict) that records the name as changed, not its value.
 * Failures name the field in ERR and write nothing. */
#ifndef MS_SVC_INSPECTOR_H
#define MS_SVC_INSPECTOR_H

#include "service/svc.h"
#include "store/inspector.h"

/* Fields of a PATCH: NULL strings, EMPLOYER_UNIT_ID 0 and ACTIVE -1 stay. */
struct inspector_patch {
    const char *name;
    const char *fields; /* comma-separated level-1 codes */
    const char *certificate_no;
    int64_t employer_unit_id;
    int active;
};

/* Pure checks of I (no database): name required (<= 100 chars), kind
 * enforcement|expert, fields one or more JJF 1022 level-1 codes separated by
 * commas (normalised to "01,05" in AR; "inspector_bad_field" naming the
 * code), an employer only for experts ("inspector_employer_kind"),
 * certificate_no <= 100 chars. MS_EINVAL with the field named. */
int inspector_validate(struct ms_inspector *i, arena *ar, ms_err *err);

/* Validate I and add it to the pool of I->authority_id, which must be
 * within WHO's jurisdiction (else MS_EINVAL "authority_id"
 * "unknown_authority"); an employer must be a registered unit (MS_EINVAL
 * "employer_unit_id" "unknown_unit"). I->id is set. */
int inspector_create(store *db, const ms_actor *who, struct ms_inspector *i, arena *ar,
                     ms_err *err);

/* Apply PATCH to inspector ID (MS_ENOTFOUND outside WHO's jurisdiction);
 * the result is validated as a whole. An empty patch writes nothing. OUT
 * gets the stored record. */
int inspector_update(store *db, const ms_actor *who, int64_t id, const struct inspector_patch *p,
                     arena *ar, struct ms_inspector *out, ms_err *err);

/* Inspector ID within WHO's jurisdiction. */
int inspector_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_inspector *out,
                  ms_err *err);

/* A page of the pools within WHO's jurisdiction matching F (kind and field
 * are checked: MS_EINVAL naming "kind" / "field"). *ITEMS in AR. */
int inspector_list(store *db, const ms_actor *who, const struct inspdb_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_inspector **items, int *n,
                   int64_t *total, ms_err *err);

/* Declare a conflict of inspector INSPECTOR_ID (within WHO's jurisdiction,
 * else MS_ENOTFOUND) with C->unit_id (a registered unit, else MS_EINVAL
 * "unit_id" "unknown_unit"), C->reason required, C->declared_on a date
 * (NULL = today). MS_ECONFLICT "inspector_conflict_exists" when declared
 * already. C->id and C->inspector_id are set. */
int inspector_conflict_declare(store *db, const ms_actor *who, int64_t inspector_id,
                               struct inspdb_conflict *c, arena *ar, ms_err *err);

/* The conflicts of inspector INSPECTOR_ID (within WHO's jurisdiction). */
int inspector_conflict_list(store *db, const ms_actor *who, int64_t inspector_id, arena *ar,
                            struct inspdb_conflict **items, int *n, ms_err *err);

#endif
