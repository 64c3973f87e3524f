/* h.h - the handlers named by the route table (routes.c). */
#ifndef MS_HTTP_H_H
#define MS_HTTP_H_H

#include "http/req.h"

/* h_system.c */
int h_healthz(struct req *r);
int h_metrics(struct req *r);
int h_openapi(struct req *r);

/* h_auth.c */
int h_session_create(struct req *r);
int h_session_delete(struct req *r);
int h_me(struct req *r);
int h_users_list(struct req *r);
int h_users_create(struct req *r);
int h_users_patch(struct req *r);
int h_users_password(struct req *r);
int h_tokens_list(struct req *r);
int h_tokens_create(struct req *r);
int h_tokens_delete(struct req *r);
int h_audit_list(struct req *r);
int h_audit_verify(struct req *r);

/* h_registry.c */
int h_authorities_list(struct req *r);
int h_authorities_create(struct req *r);
int h_authorities_get(struct req *r);
int h_authorities_patch(struct req *r);
int h_units_list(struct req *r);
int h_units_create(struct req *r);
int h_units_get(struct req *r);
int h_units_patch(struct req *r);
int h_standards_list(struct req *r);
int h_standards_create(struct req *r);
int h_standards_get(struct req *r);
int h_standards_patch(struct req *r);
int h_standards_seal(struct req *r);
int h_standards_unseal(struct req *r);
int h_standards_revoke(struct req *r);
int h_standards_replace(struct req *r);
int h_apparatus_list(struct req *r);
int h_apparatus_create(struct req *r);
int h_personnel_list(struct req *r);
int h_personnel_create(struct req *r);
int h_registry_alerts(struct req *r);

#endif
