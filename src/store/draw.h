/* draw.h - SQL of draws (双随机): seed commitments, draws with their stored
 * roster and result, inspector assignments, and the inspections a draw
 * creates with their standards and teams.
 *
 * Reads take a store_scope handed down by service/: authority_path set ->
 * draws and inspections of authorities in that subtree; unit_id set ->
 * inspections of that unit (and no draws). A record outside the scope reads
 * like a missing one (MS_ENOTFOUND). Writes do not check scope: service/
 * does. Records read come back with strings in ARENA. */
#ifndef MS_STORE_DRAW_H
#define MS_STORE_DRAW_H

#include "core/arena.h"
#include "core/draw.h"
#include "store/reg.h"
#include "store/store.h"

struct drawdb_commitment {
    int64_t id, campaign_id, authority_id;
    const char *kind; /* units authorities */
    const char *seed_sm3;
    int64_t draw_id; /* 0 while open */
    const char *created_by, *created_at;
};

struct ms_draw {
    int64_t id, campaign_id, authority_id;
    const char *authority_code, *authority_path; /* read only */
    const char *kind;                            /* units authorities */
    const char *seed, *seed_sm3;                 /* seed_sm3 NULL without commitment */
    const char *algorithm, *as_of;
    double rate;
    const char *roster, *roster_digest, *result; /* JSON texts */
    const char *status;                          /* active void */
    const char *void_reason, *voided_at;
    const char *created_by, *created_at;
};

struct ms_inspection {
    int64_t id, campaign_id, draw_id, authority_id;
    const char *kind;            /* standard assessment */
    int64_t unit_id;             /* kind standard; else 0 */
    int64_t target_authority_id; /* kind assessment; else 0 */
    const char *checklist_code;
    int checklist_version;
    const char *status; /* planned in_progress completed not_performed cancelled */
    int64_t visit_group;
    const char *created_at, *updated_at;
    /* read only */
    const char *authority_code, *target; /* target: unit USCC or authority code */
    const char *target_name;
    /* inspection work (007; written by store/results.h) */
    const char *started_at, *conclusion, *completed_at, *completed_by;          /* conclusion: pass
                                                                                   rectify fail */
    const char *not_performed_reason, *follow_up_on, *tracking, *tracking_note; /* open closed */
};

/* A standard of an inspection. */
struct drawdb_insp_standard {
    int64_t standard_id;
    const char *cert_no, *field, *name;
};

/* A row of an inspection's team, current (recused_at NULL) or past. */
struct drawdb_team_row {
    int64_t id, inspection_id, inspector_id;
    const char *inspector_name, *inspector_kind;
    const char *role; /* leader member */
    const char *assigned_at, *recused_at, *recusal_reason;
};

struct drawdb_assignment {
    int64_t id, draw_id;
    const char *seed;
    int team_size;
    const char *input, *result; /* JSON texts */
    const char *created_by, *created_at;
};

/* A registry key (USCC, authority code or cert_no) and its row id. */
struct drawdb_key {
    const char *key;
    int64_t id;
};

/* Row ids behind a roster: units (or subordinate authorities) by key and
 * standards by cert_no, each sorted by strcmp of the key. */
struct drawdb_ids {
    struct drawdb_key *units;
    size_t n_units;
    struct drawdb_key *standards;
    size_t n_standards;
};

/* The id of KEY in the sorted KEYS, or 0. */
int64_t drawdb_key_find(const struct drawdb_key *keys, size_t n, const char *key);

/* ---- rosters */

/* Fill R (kind units, authority, as_of and rate left to the caller) with
 * every active unit holding at least one standard whose certificate
 * AUTHORITY_ID issued, active and valid on AS_OF (issued on or before,
 * expiring on or after), listed with exactly those standards;
 * complaints_24m counts the unit's complaints received in (FROM, AS_OF];
 * serious_violation is 1 when the unit has a serious violation decided in
 * (FROM, AS_OF]. Three queries. IDS gets the row ids. Arrays in AR. */
int drawdb_roster_units(store *db, int64_t authority_id, const char *as_of, const char *from,
                        arena *ar, struct draw_roster *r, struct drawdb_ids *ids, ms_err *err);

/* Fill R (kind authorities) with the direct subordinates of AUTHORITY_ID and
 * the complaints received in (FROM, AS_OF] whose authority_id is the
 * subordinate. IDS->units gets their ids by code. */
int drawdb_roster_subs(store *db, int64_t authority_id, const char *as_of, const char *from,
                       arena *ar, struct draw_roster *r, struct drawdb_ids *ids, ms_err *err);

/* ---- commitments */

/* The open commitment of (CAMPAIGN_ID, AUTHORITY_ID, KIND) into OUT, or
 * MS_ENOTFOUND. */
int drawdb_commitment_open(store *db, int64_t campaign_id, int64_t authority_id, const char *kind,
                           arena *ar, struct drawdb_commitment *out, ms_err *err);

/* Insert C (C->id set). MS_ECONFLICT "draw_commit_open" when one is open. */
int drawdb_commitment_insert(store *db, struct drawdb_commitment *c, ms_err *err);

/* Mark commitment ID used by DRAW_ID. */
int drawdb_commitment_use(store *db, int64_t id, int64_t draw_id, ms_err *err);

/* ---- draws */

/* Insert D (D->id set). MS_ECONFLICT "draw_active" when an active draw of
 * the same campaign, authority and kind exists. */
int drawdb_insert(store *db, struct ms_draw *d, ms_err *err);

/* Draw ID within SC (unit scopes see none), or MS_ENOTFOUND (field id). */
int drawdb_get(store *db, const struct store_scope *sc, int64_t id, arena *ar, struct ms_draw *out,
               ms_err *err);

/* *ID = the active draw of (CAMPAIGN_ID, AUTHORITY_ID, KIND), 0 if none. */
int drawdb_active(store *db, int64_t campaign_id, int64_t authority_id, const char *kind,
                  int64_t *id, ms_err *err);

/* Void active draw ID with REASON at NOW, and cancel its planned
 * inspections. MS_ECONFLICT "draw_not_active" when it is not active. */
int drawdb_void(store *db, int64_t id, const char *reason, const char *now, ms_err *err);

/* ---- inspections */

/* Insert I (I->id set) with its N standards (may be 0). */
int drawdb_inspection_insert(store *db, struct ms_inspection *i, const int64_t *standard_ids,
                             size_t n, const char *now, ms_err *err);

/* Inspection ID within SC, or MS_ENOTFOUND (field id). */
int drawdb_inspection_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                          struct ms_inspection *out, ms_err *err);

struct drawdb_insp_filter {
    int64_t campaign_id, authority_id, draw_id, inspector_id, unit_id; /* 0 = any */
    const char *status;                                                /* NULL = any */
    const char *tracking; /* open | closed (not-performed follow-up); NULL = any */
};

/* A page of inspections within SC matching F (may be NULL), by id. */
int drawdb_inspection_list(store *db, const struct store_scope *sc,
                           const struct drawdb_insp_filter *f, const struct store_page *pg,
                           arena *ar, struct ms_inspection **items, int *n, int64_t *total,
                           ms_err *err);

/* The standards of inspection ID by cert_no. */
int drawdb_inspection_standards(store *db, int64_t id, arena *ar,
                                struct drawdb_insp_standard **items, int *n, ms_err *err);

/* ---- teams and assignments */

/* Every team row of inspection ID (current and recused), by row id. */
int drawdb_team_list(store *db, int64_t inspection_id, arena *ar, struct drawdb_team_row **items,
                     int *n, ms_err *err);

/* Add INSPECTOR_ID to the team of INSPECTION_ID as ROLE at NOW. */
int drawdb_team_add(store *db, int64_t inspection_id, int64_t inspector_id, const char *role,
                    const char *now, ms_err *err);

/* End the current membership of INSPECTOR_ID at NOW with REASON. */
int drawdb_team_end(store *db, int64_t inspection_id, int64_t inspector_id, const char *now,
                    const char *reason, ms_err *err);

/* Set the ROLE of INSPECTOR_ID's current membership. */
int drawdb_team_role(store *db, int64_t inspection_id, int64_t inspector_id, const char *role,
                     ms_err *err);

/* The inspections of DRAW_ID that are not cancelled, ascending id, as the
 * input of draw_assign(): target (USCC or authority code), the distinct
 * fields and the cert_nos of their standards. Arrays in AR. */
int drawdb_assign_inspections(store *db, int64_t draw_id, arena *ar, struct draw_inspection **out,
                              size_t *n, ms_err *err);

/* The pool of AUTHORITY_ID (every inspector, active or not, by id) as the
 * input of draw_assign(): fields, employer USCC, declared conflicts as
 * USCCs. ASSESSED is left empty: no assessment records are kept yet. */
int drawdb_pool(store *db, int64_t authority_id, arena *ar, struct draw_inspector **out, size_t *n,
                ms_err *err);

/* Append an assignment state A (A->id set). */
int drawdb_assignment_insert(store *db, struct drawdb_assignment *a, ms_err *err);

/* The latest assignment state of DRAW_ID, or MS_ENOTFOUND. */
int drawdb_assignment_latest(store *db, int64_t draw_id, arena *ar, struct drawdb_assignment *out,
                             ms_err *err);

#endif
