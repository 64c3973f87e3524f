/* draw.h - use cases of the double-random draw (双随机) over the database:
 * seed commitments, draws, their verification and voiding, inspector
 * assignment with recusal, and the inspections a draw creates.
 *
 * The algorithm is core/draw.h; this module builds the roster from the
 * registry, stores roster and result exactly as published, and creates the
 * inspections. Authority users of A (or above A) and the operator's CLI
 * (system) write A's draws; business roles read within their jurisdiction
 * (authority and inspector users: their authority's subtree; units: the
 * inspections of their unit, no draws). Every write lands one audit row in
 * its transaction (draw.commit, draw.run, draw.void, draw.assign,
 * draw.recuse). Failures name the field in ERR and write nothing.
 *
 * Roster rules (DOMAIN.md "The draw"), as of the draw date D (svc_today):
 * units holding an active standard whose certificate A issued, issued on or
 * before D and expiring on or after D; complaints_24m counts complaints
 * about the unit received in (D - 24 months, D]; serious_violation is set by
 * a serious violation decided in that same window; credit_class is the
 * unit's. The assessment history of inspectors ("assessed that standard in
 * the last 4 years") is not recorded yet: that input of the assignment is
 * empty for now. */
#ifndef MS_SVC_DRAW_H
#define MS_SVC_DRAW_H

#include "service/svc.h"
#include "store/draw.h"

/* A draw with its current assignment (ASSIGNED 0 when none yet). */
struct drawsvc_detail {
    struct ms_draw d;
    int assigned;
    struct drawdb_assignment asg;
};

/* An inspection with its standards and every team row (current first
 * assigned, recused ones kept with recused_at). */
struct drawsvc_inspection {
    struct ms_inspection i;
    struct drawdb_insp_standard *standards;
    int n_standards;
    struct drawdb_team_row *team;
    int n_team;
    int team_unassigned; /* 1: the draw is assigned and no valid team was found */
};

/* Publish SM3 of a seed before drawing: KIND units|authorities, SEED_SM3 64
 * hex digits (stored lower case). MS_ECONFLICT "draw_commit_open" when a
 * commitment of (campaign, authority, kind) is still open, "draw_active"
 * when the draw was run already. OUT (may be NULL) gets the row. */
int drawsvc_commit(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                   const char *kind, const char *seed_sm3, arena *ar, struct drawdb_commitment *out,
                   ms_err *err);

/* Run the draw of AUTHORITY_ID's KIND in CAMPAIGN_ID with SEED: roster from
 * the registry, msup-draw-1, roster and result stored, inspections created
 * in status planned (units: one per inspected standard, visit_group = the
 * unit's rank; authorities: one per drawn subordinate), checklist code from
 * the campaign template at its latest version. MS_ECONFLICT "draw_active"
 * when an active draw exists (void it first), "draw_seed_mismatch" when a
 * commitment is open and SM3(SEED) differs; MS_EINVAL
 * "draw_outside_campaign" when A is not the campaign's authority or below
 * it. OUT gets the stored draw. */
int drawsvc_run(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                const char *kind, const char *seed, arena *ar, struct ms_draw *out, ms_err *err);

/* Void active draw ID with REASON (required); its planned inspections
 * become cancelled and are kept. MS_ECONFLICT "draw_not_active" when void
 * already. */
int drawsvc_void(store *db, const ms_actor *who, int64_t id, const char *reason, arena *ar,
                 struct ms_draw *out, ms_err *err);

/* Draw ID with its current assignment, within WHO's jurisdiction. */
int drawsvc_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct drawsvc_detail *out,
                ms_err *err);

/* Recompute draw ID from its stored roster and seed and compare with the
 * stored result. Returns MS_OK with *OK = 1, or *OK = 0 and DIFF naming the
 * first difference (field path, key draw_result_differs). */
int drawsvc_verify(store *db, const ms_actor *who, int64_t id, arena *ar, int *ok, ms_err *diff,
                   ms_err *err);

/* Staff the inspections of active draw ID with SEED2 and TEAM_SIZE (>= 2)
 * from the pool of the draw's authority. Inspections without a valid team
 * are flagged ("assigned": false in the result) and get no team rows.
 * MS_ECONFLICT "draw_assigned" for a second assignment (recusals change
 * it), "draw_not_active" for a void draw. OUT gets the stored state. */
int drawsvc_assign(store *db, const ms_actor *who, int64_t id, const char *seed2, int64_t team_size,
                   arena *ar, struct drawdb_assignment *out, ms_err *err);

/* INSPECTOR_ID recuses from INSPECTION_ID with REASON (required): the team
 * is drawn again without them (draw_assign_recuse); the recusal and the
 * replacement are recorded in the team rows and a new assignment state is
 * appended. MS_ECONFLICT "draw_not_assigned" before any assignment;
 * MS_EINVAL "draw_not_in_team". OUT gets the new state. */
int drawsvc_recuse(store *db, const ms_actor *who, int64_t inspection_id, int64_t inspector_id,
                   const char *reason, arena *ar, struct drawdb_assignment *out, ms_err *err);

/* Inspection ID with standards and team, within WHO's jurisdiction. */
int drawsvc_inspection_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                           struct drawsvc_inspection *out, ms_err *err);

/* A page of inspections within WHO's jurisdiction matching F. */
int drawsvc_inspection_list(store *db, const ms_actor *who, const struct drawdb_insp_filter *f,
                            const struct store_page *pg, arena *ar, struct ms_inspection **items,
                            int *n, int64_t *total, ms_err *err);

#endif
