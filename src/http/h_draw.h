/* h_draw.h - handlers of draws (双随机) and the inspections they create
 * (API.md "Draws", "Inspections"), named by the route table (routes.c). */
#ifndef MS_HTTP_H_DRAW_H
#define MS_HTTP_H_DRAW_H

#include "http/req.h"

/* POST /campaigns/{id}/draws/commit {authority_id, kind, seed_sm3} -> 201. */
int h_draws_commit(struct req *r);

/* POST /campaigns/{id}/draws {authority_id, kind, seed} -> 201 the draw. */
int h_draws_run(struct req *r);

/* GET /draws/{id}: the draw with its result and current assignment. */
int h_draws_get(struct req *r);

/* GET /draws/{id}/verify: {"ok":true} or {"ok":false,"difference":{..}}. */
int h_draws_verify(struct req *r);

/* POST /draws/{id}/void {reason}: the voided draw. */
int h_draws_void(struct req *r);

/* GET /draws/{id}/roster: the stored roster, byte for byte. */
int h_draws_roster(struct req *r);

/* POST /draws/{id}/assign {seed, team_size}: the draw with its assignment. */
int h_draws_assign(struct req *r);

/* POST /draws/{id}/recuse {inspection_id, inspector_id, reason}: the
 * inspector leaves the team of an inspection of this draw, the team is drawn
 * again without them; the draw with its new assignment state. */
int h_draws_recuse(struct req *r);

/* GET /inspections[?campaign_id=&authority_id=&status=&inspector_id=
 * &unit_id=&draw_id=&page=&per_page=] and GET /inspections/{id}. */
int h_inspections_list(struct req *r);
int h_inspections_get(struct req *r);

/* Reply STATUS with inspection ID as GET /inspections/{id} shows it
 * (standards, team, results, evidence, findings). */
int inspection_reply(struct req *r, unsigned status, int64_t id);

#endif
