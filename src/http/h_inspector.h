/* h_inspector.h - handlers of the inspector pool and conflicts of interest
 * (/api/v1/inspectors), named by the route table (routes.c). */
#ifndef MS_HTTP_H_INSPECTOR_H
#define MS_HTTP_H_INSPECTOR_H

#include "http/req.h"

/* GET /inspectors[?authority_id=&kind=&field=&active=&page=&per_page=]. */
int h_inspectors_list(struct req *r);

/* POST /inspectors {authority_id, name, kind, fields: ["01"], employer_unit_id,
 * certificate_no, active} -> 201 the inspector. */
int h_inspectors_create(struct req *r);

/* GET /inspectors/{id}: the inspector with its conflicts. */
int h_inspectors_get(struct req *r);

/* PATCH /inspectors/{id} {name, fields, employer_unit_id, certificate_no,
 * active}: the updated inspector. */
int h_inspectors_patch(struct req *r);

/* GET /inspectors/{id}/conflicts: {"items":[..]}. */
int h_inspector_conflicts_list(struct req *r);

/* POST /inspectors/{id}/conflicts {unit_id, reason, declared_on} -> 201. */
int h_inspector_conflicts_create(struct req *r);

#endif
