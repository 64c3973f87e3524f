/* draw_int.h - helpers shared by service/draw.c and service/draw_team.c.
 * Not for callers. */
#ifndef MS_SVC_DRAW_INT_H
#define MS_SVC_DRAW_INT_H

#include "service/draw.h"

/* 1 when WHO may read draws and inspections at all. */
int drawsvc_may_read(const ms_actor *who);

/* MS_OK when WHO may write the draws of the authority at PATH (system, or
 * an authority user of that authority or above it); MS_EFORBIDDEN else. */
int drawsvc_may_write(const ms_actor *who, const char *path, ms_err *err);

/* The read scope of WHO (svc_scope). */
void drawsvc_scope(const ms_actor *who, struct store_scope *sc);

/* Audit CHANGE (consumed) as ACTION on ENTITY ID; MS_EINTERNAL when CHANGE
 * is NULL. */
int drawsvc_audit(store *db, const ms_actor *who, const char *action, const char *entity,
                  int64_t id, json_t *change, ms_err *err);

#endif
