/* h_check.h - handlers of technical checks and the stateless calculators
 * (API.md "Technical checks"), named by the route table (routes.c). */
#ifndef MS_HTTP_H_CHECK_H
#define MS_HTTP_H_CHECK_H

#include "http/req.h"

/* POST /standards/{id}/checks {kind, method?, data} -> 201 the stored check. */
int h_checks_create(struct req *r);

/* GET /standards/{id}/checks[?kind=&verdict=&page=&per_page=]. */
int h_checks_list(struct req *r);

/* GET /checks/{id}. */
int h_checks_get(struct req *r);

/* POST /calc/{kind} with the calculator's input -> 200 its result. */
int h_calc(struct req *r);

#endif
