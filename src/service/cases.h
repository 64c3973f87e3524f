/* cases.h - use cases of the result side of a campaign: dispositions
 * (行政处理/处罚, from data/dispositions.json), the violations register,
 * complaints (投诉举报, filed by the public with a receipt number) and the
 * risk ranking (风险预警) of units for the next campaign.
 *
 * Roles: authority staff within their jurisdiction and the operator's CLI
 * ("system"); everyone else MS_EFORBIDDEN. The public files and follows a
 * complaint without an account (rate limited per client address). A record
 * outside the actor's jurisdiction reads like a missing one (MS_ENOTFOUND);
 * a referenced unit, standard, finding or inspection outside it is
 * MS_EINVAL naming the field. Every write runs in one transaction with its
 * audit row. Records come back with strings in AR. */
#ifndef MS_SVC_CASES_H
#define MS_SVC_CASES_H

#include "core/risk.h"
#include "service/svc.h"
#include "store/cases.h"

/* ---- dispositions */

struct disposition_input {
    int64_t unit_id, standard_id, finding_id, inspection_id; /* 0 = absent */
    const char *action;                                      /* catalogue code */
    const char *basis;                                       /* NULL = the catalogue's basis */
    int has_amount;                                          /* amount_yuan given */
    int64_t amount_yuan;
    const char *decided_on; /* NULL = today */
    const char *note;
};

/* Record a disposition. The action must be in the catalogue (else MS_EINVAL
 * field action); a fine needs 1..cap yuan (field amount_yuan); the standard
 * must belong to the unit (field standard_id); a finding or inspection must
 * concern the unit. revoke_certificate and cancel_certificate revoke the
 * standard by the registry's rules in the same transaction (MS_ECONFLICT
 * when its status does not allow it). *OUT is the stored record. */
int disposition_create(store *db, const ms_actor *who, const struct disposition_input *in,
                       arena *ar, struct ms_disposition *out, ms_err *err);
int disposition_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                    struct ms_disposition *out, ms_err *err);
/* F->authority_id limits to that authority's subtree (MS_ENOTFOUND field
 * authority_id when outside the actor's). */
int disposition_list(store *db, const ms_actor *who, const struct casedb_disposition_filter *f,
                     const struct store_page *pg, arena *ar, struct ms_disposition **items, int *n,
                     int64_t *total, ms_err *err);

/* ---- violations register */

/* V->unit_id, severity (serious|general), decided_on (NULL = today),
 * summary, disposition_id (0 = none; must concern the same unit). The
 * recording authority is the actor's (the unit's supervisor for system). */
int violation_create(store *db, const ms_actor *who, struct ms_violation_rec *v, arena *ar,
                     ms_err *err);
int violation_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                  struct ms_violation_rec *out, ms_err *err);
int violation_list(store *db, const ms_actor *who, const struct casedb_violation_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_violation_rec **items, int *n,
                   int64_t *total, ms_err *err);

/* ---- complaints */

#define COMPLAINT_RECEIPT_LEN 22 /* "TS" + YYYYMMDD + 12 base32 characters */

struct complaint_public_input {
    const char *unit_name, *unit_uscc;     /* at least one */
    const char *authority_code, *division; /* optional routing hints */
    const char *summary;                   /* required, at most 2000 characters */
    const char *contact;                   /* optional, personal data */
};

/* File a complaint from the public at CLIENT (address, for the rate limit:
 * MSUP_COMPLAINT_LIMIT per MSUP_COMPLAINT_WINDOW_S, default 10 per hour;
 * MS_ECONFLICT "rate_limited"). Routed to the unit's supervising authority
 * when the USCC is registered, else to the authority of authority_code,
 * else of the division (county, prefecture, province), else the root.
 * RECEIPT receives the unguessable receipt number; *OUT (may be NULL) the
 * record. */
int complaint_submit(store *db, const char *client, enum ms_lang lang,
                     const struct complaint_public_input *in, arena *ar,
                     char receipt[COMPLAINT_RECEIPT_LEN + 1], struct ms_complaint_rec *out,
                     ms_err *err);

/* Follow a complaint by its receipt (public; rate limited per CLIENT:
 * MSUP_COMPLAINT_LOOKUP_LIMIT per MSUP_COMPLAINT_LOOKUP_WINDOW_S, default 60
 * per 5 minutes). Unknown or malformed receipt: MS_ENOTFOUND field receipt.
 * The caller shows only status, received_on, closed_on and outcome. */
int complaint_follow(store *db, const char *client, const char *receipt, arena *ar,
                     struct ms_complaint_rec *out, ms_err *err);

/* Authority reads; the contact is personal data: reading one that has a
 * contact appends an audit "read" row. */
int complaint_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                  struct ms_complaint_rec *out, ms_err *err);
int complaint_list(store *db, const ms_actor *who, const struct casedb_complaint_filter *f,
                   const struct store_page *pg, arena *ar, struct ms_complaint_rec **items, int *n,
                   int64_t *total, ms_err *err);

struct complaint_patch {
    const char *status;  /* triaged substantiated unsubstantiated closed; NULL = keep */
    int64_t unit_id;     /* link to a registered unit; 0 = keep */
    const char *outcome; /* NULL = keep */
};

/* Triage and decide: received -> triaged | closed; triaged ->
 * substantiated | unsubstantiated | closed; the last three are final (any
 * change MS_ECONFLICT "complaint_final"); another move MS_ECONFLICT
 * "bad_transition". */
int complaint_update(store *db, const ms_actor *who, int64_t id, const struct complaint_patch *p,
                     arena *ar, struct ms_complaint_rec *out, ms_err *err);

/* ---- risk ranking */

struct risk_row {
    int64_t unit_id, authority_id;
    const char *uscc, *name, *credit_class;
    int score;
    struct risk_reason reasons[RISK_FACTOR_COUNT];
    int nreasons;
};

/* Units supervised within AUTHORITY_ID's subtree (0 = the actor's own
 * authority; the root for system) with a score above 0, highest first (then
 * by unit id), at most LIMIT (1..500, 0 = 50), as of AS_OF (NULL = today).
 * *TOTAL gets how many units scored above 0. */
int risk_list(store *db, const ms_actor *who, int64_t authority_id, int limit, const char *as_of,
              arena *ar, struct risk_row **items, int *n, int64_t *total, ms_err *err);

#endif
