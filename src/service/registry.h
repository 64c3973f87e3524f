/* registry.h - use cases of the registry: authorities, units, standards,
 * their apparatus and staff, status transitions, alerts and the summary.
 *
 * Validation is split in two so that bulk imports can reuse it: the
 * *_validate functions are pure checks of one record's fields (normalising
 * in place, new strings from AR); the *_create functions also resolve
 * references, check the actor's jurisdiction, and write in a transaction.
 * Every failure names the field in ERR and writes nothing. */
#ifndef MS_REGISTRY_H
#define MS_REGISTRY_H

#include "service/svc.h"

/* Pure field checks (no database). Normalise USCC, division, sectors, dates;
 * set defaults (unit status active, standard status active, field from code).
 * MS_EINVAL with the field named on the first problem. */
int registry_authority_validate(struct ms_authority *a, arena *ar, ms_err *err);
int registry_unit_validate(struct ms_unit *u, arena *ar, ms_err *err);
int registry_standard_validate(struct ms_standard *s, arena *ar, ms_err *err);
int registry_apparatus_validate(struct ms_apparatus *a, arena *ar, ms_err *err);
int registry_personnel_validate(struct ms_personnel *p, arena *ar, ms_err *err);

/* Create: validate, check references and jurisdiction, insert; ->id set. */
int registry_authority_create(store *db, const ms_actor *who, struct ms_authority *a, arena *ar,
                              ms_err *err);
int registry_unit_create(store *db, const ms_actor *who, struct ms_unit *u, arena *ar, ms_err *err);
int registry_standard_create(store *db, const ms_actor *who, struct ms_standard *s, arena *ar,
                             ms_err *err);
int registry_apparatus_add(store *db, const ms_actor *who, struct ms_apparatus *a, arena *ar,
                           ms_err *err);
int registry_personnel_add(store *db, const ms_actor *who, struct ms_personnel *p, arena *ar,
                           ms_err *err);

/* Update: fields of PATCH that are non-NULL (ids: non-zero) replace the
 * stored ones; the result is validated as a whole. Status is not patchable
 * (use the transitions below). OUT gets the updated record. */
int registry_unit_update(store *db, const ms_actor *who, int64_t id, const struct ms_unit *patch,
                         arena *ar, struct ms_unit *out, ms_err *err);
int registry_standard_update(store *db, const ms_actor *who, int64_t id,
                             const struct ms_standard *patch, arena *ar, struct ms_standard *out,
                             ms_err *err);

/* Rename an authority or change its division code / short name (NULL
 * fields of PATCH stay). Within the actor's jurisdiction only. */
int registry_authority_update(store *db, const ms_actor *who, int64_t id,
                              const struct ms_authority *patch, arena *ar, struct ms_authority *out,
                              ms_err *err);

/* Reads within the actor's jurisdiction (outside = MS_ENOTFOUND). */
int registry_authority_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                           struct ms_authority *out, ms_err *err);
int registry_unit_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_unit *out,
                      ms_err *err);
int registry_standard_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                          struct ms_standard *out, ms_err *err);
int registry_unit_list(store *db, const ms_actor *who, const struct reg_unit_filter *f,
                       const struct store_page *pg, arena *ar, struct ms_unit **items, int *n,
                       int64_t *total, ms_err *err);
int registry_standard_list(store *db, const ms_actor *who, const struct reg_standard_filter *f,
                           const struct store_page *pg, arena *ar, struct ms_standard **items,
                           int *n, int64_t *total, ms_err *err);
/* The same checks and page, each row handed to SINK->row as it is read
 * (valid only during the call; see reg_standard_list_each): the hot list
 * reply. SINK->need may skip rows the caller holds in their current rev;
 * it is ignored inside a write transaction. */
int registry_standard_each(store *db, const ms_actor *who, const struct reg_standard_filter *f,
                           const struct store_page *pg, const struct reg_standard_sink *sink,
                           int64_t *total, ms_err *err);

/* Status transitions of a standard, with their rules:
 *   seal     active -> sealed (the certificate clock keeps running)
 *   unseal   sealed -> active, refused once the certificate has expired
 *   revoke   active|sealed|expired -> revoked, final
 *   replace  active|sealed -> replaced, REPLACED_BY (>0) is the new standard
 *            of the same unit
 * REASON is required; ON is the date it takes effect (default today).
 * A transition not allowed from the current status is MS_ECONFLICT. */
int registry_standard_transition(store *db, const ms_actor *who, int64_t id, const char *action,
                                 const char *reason, const char *on, int64_t replaced_by, arena *ar,
                                 struct ms_standard *out, ms_err *err);

/* The same transition (REPLACED_BY not supported) inside the caller's open
 * transaction, for use cases that change a standard as part of their own
 * write (a disposition revoking a certificate): same rules, same audit row.
 * MS_EINTERNAL when no transaction is open. */
int registry_standard_transition_in_tx(store *db, const ms_actor *who, int64_t id,
                                       const char *action, const char *reason, const char *on,
                                       arena *ar, struct ms_standard *out, ms_err *err);

/* Alerts as of AS_OF (NULL = today): certificates expiring within 180 days
 * (renewal is due 6 months before expiry) or already expired, apparatus past
 * due or never calibrated, standards with fewer than two qualified staff.
 * MAX rows per kind (0 = all). */
int registry_alerts(store *db, const ms_actor *who, const char *as_of, int max, arena *ar,
                    struct reg_alert **items, int *n, int64_t counts[4], ms_err *err);

int registry_summary(store *db, const ms_actor *who, struct reg_summary *out, ms_err *err);

/* Authorities within the actor's jurisdiction (unit users see all: they are
 * public records); PARENT_ID > 0 lists its direct children. */
int registry_authority_list(store *db, const ms_actor *who, int64_t parent_id, const char *level,
                            const struct store_page *pg, arena *ar, struct ms_authority **items,
                            int *n, int64_t *total, ms_err *err);

/* Apparatus and staff of a standard the actor may see. */
int registry_apparatus_list(store *db, const ms_actor *who, int64_t standard_id, arena *ar,
                            struct ms_apparatus **items, int *n, ms_err *err);
int registry_personnel_list(store *db, const ms_actor *who, int64_t standard_id, arena *ar,
                            struct ms_personnel **items, int *n, ms_err *err);
/* The standard ID and its history in one call (the detail page): one
 * visibility check instead of one per part. */
int registry_standard_detail(store *db, const ms_actor *who, int64_t id, arena *ar,
                             struct ms_standard *out, struct reg_standard_event **events, int *n,
                             ms_err *err);

/* Look up the authority with CODE and make A an authority actor of it (the
 * operator's "--authority CODE" view on the command line). MS_ENOTFOUND
 * when there is no such authority. */
int registry_actor_for_authority(store *db, const char *code, enum ms_lang lang, arena *ar,
                                 ms_actor *a, struct ms_authority *auth, ms_err *err);

#endif
