/* auth_int.h - what the parts of the auth use cases share (auth.c:
 * accounts and passwords; auth_session.c: login, sessions, API tokens and
 * rate limits; auth_demo.c: the demo accounts). Not for other modules. */
#ifndef MS_AUTH_INT_H
#define MS_AUTH_INT_H

#include <jansson.h>
#include <time.h>

#include "service/auth.h"

#define TOKEN_BYTES    32 /* session, CSRF and API token secrets */
#define USERNAME_MIN   3
#define USERNAME_MAX   32
#define DISPLAY_MAX    50
#define TOKEN_NAME_MAX 100
#define PRUNE_AFTER_S  86400

/* 1 when A holds ROLE. */
int auth_is_role(const ms_actor *a, const char *role);
/* 1 for the roles that belong to an authority (authority, inspector). */
int auth_uses_authority(const char *role);
/* T as RFC 3339 UTC into OUT. */
void auth_fmt_time(time_t t, char out[32]);
/* MS_EINTERNAL "out_of_memory". */
int auth_oom(ms_err *err);
/* Append the audit row of an account change inside the caller's
 * transaction; CHANGE (may be NULL) is stolen. */
int auth_audit(store *db, const ms_actor *who, const char *action, const char *entity, int64_t id,
               json_t *change, ms_err *err);
/* The audit description of an account (never a secret); NULL on OOM. */
json_t *auth_user_json(const struct authdb_user *u);
/* Fold IN to the canonical user name (lower case, checked) into *OUT (AR). */
int auth_norm_username(const char *in, arena *ar, const char **out, ms_err *err);

#endif
