/* inspwork_int.h - helpers shared by service/inspwork.c, evidence.c and
 * finding.c. Not for callers. */
#ifndef MS_SVC_INSPWORK_INT_H
#define MS_SVC_INSPWORK_INT_H

#include <jansson.h>

#include "service/finding.h"
#include "service/inspwork.h"

/* Inspection ID within WHO's read scope into OUT (404 outside). */
int iw_load(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_inspection *out,
            ms_err *err);

/* MS_OK when WHO may work on I (see inspwork.h), else MS_EFORBIDDEN
 * insp_not_in_team (or forbidden for roles that never may). */
int iw_may_work(store *db, const ms_actor *who, const struct ms_inspection *i, ms_err *err);

/* 409 insp_closed when I is completed or cancelled. */
int iw_open(const struct ms_inspection *i, ms_err *err);

/* Audit CHANGE (consumed; NULL = out of memory). */
int iw_audit(store *db, const ms_actor *who, const char *action, const char *entity, int64_t id,
             json_t *change, ms_err *err);

/* Finding ID as WHO may submit a rectification for it at NOW: within
 * jurisdiction (unit user of its unit, authority user, system; else
 * 403/404) and in a state that takes one (open or rejected, deadline not
 * passed: 409 deadline_passed / finding_closed / finding_pending). */
int fw_submittable(store *db, const ms_actor *who, int64_t id, const char *now, arena *ar,
                   struct ms_finding *out, ms_err *err);

/* The read scope of WHO for findings: SC and the inspector user id (0 for
 * other roles). */
void fw_scope(const ms_actor *who, struct store_scope *sc, int64_t *inspector_user);

#endif
