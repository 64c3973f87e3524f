/* auth.h - identification and access (等保 2.0 level 3): accounts and
 * roles, passwords, login with lockout, sessions with idle and absolute
 * timeouts and a CSRF token, bearer tokens for scripts, rate limits shared
 * by every server through the database, and the demo accounts.
 *
 * Roles: sysadmin, secadmin, auditor (三员: separate accounts, one role per
 * account, and an administrator account never changes role), authority
 * (staff of one authority), inspector (of an authority, optionally linked
 * to an inspectors row), unit (staff of one unit). Only the operator's CLI
 * (actor "system") and secadmin manage accounts; administrator accounts are
 * managed by the operator only; anyone may change their own password.
 *
 * Time is a parameter (time_t NOW) so that tests can move it. Failures that
 * mean "who are you?" are MS_EFORBIDDEN with key "bad_credentials",
 * "account_locked", "account_disabled", "unauthenticated" or
 * "session_expired" (auth_is_unauthenticated() says which are 401 to HTTP).
 * A request refused by a rate limit is MS_ECONFLICT with key
 * "rate_limited" and the seconds to wait as ERR->arg (HTTP: 429 with
 * Retry-After). Every account change, login and token event appends an
 * audit row in the transaction of the change. */
#ifndef MS_SERVICE_AUTH_H
#define MS_SERVICE_AUTH_H

#include <time.h>

#include "core/password.h"
#include "service/svc.h"
#include "store/auth.h"

/* Limits; auth_config_default() fills them. */
struct auth_config {
    int max_failures;   /* consecutive failed logins that lock an account: 5 */
    int lockout_s;      /* how long: 900 (15 minutes) */
    int idle_s;         /* session idle timeout: 1800 (30 minutes) */
    int absolute_s;     /* session absolute lifetime: 43200 (12 hours) */
    int touch_s;        /* last activity is written at most this often: 60 */
    int login_limit;    /* login attempts per client address and window: 30; 0 = off */
    int login_window_s; /* that window: 300 */
};

/* Defaults, then the environment: MSUP_LOCKOUT_FAILURES, MSUP_LOCKOUT_S,
 * MSUP_SESSION_IDLE_S, MSUP_SESSION_MAX_S, MSUP_LOGIN_LIMIT,
 * MSUP_LOGIN_WINDOW_S (positive integers; others are ignored). */
void auth_config_default(struct auth_config *c);

/* 1 when ROLE is one of the six roles; 1 for the three administrator roles. */
int auth_role_valid(const char *role);
int auth_role_is_admin(const char *role);

/* 1 when ERR means "not authenticated" (HTTP 401), not "not allowed". */
int auth_is_unauthenticated(const ms_err *err);

/* ------------------------------------------------------------ accounts */

/* Fields of a new account or of a change. References are given by id or,
 * when the id is 0, by code (authority code, unit USCC). */
struct auth_user_input {
    const char *username; /* 3-32 of a-z 0-9 . _ -, starting with a letter; folded to lower case */
    const char *display_name; /* optional, up to 50 characters */
    const char *role;
    int64_t authority_id;
    const char *authority_code;
    int64_t unit_id;
    const char *unit_uscc;
    int64_t inspector_id; /* role inspector: optional inspectors row of the same authority */
    const char *password; /* create only; checked against the policy */
};

/* Create an account. WHO must be system or secadmin (administrator roles:
 * system only). The account must change its password at first login.
 * Validation failures are MS_EINVAL naming the field: username
 * (invalid_username), role (required, invalid_enum), authority_id /
 * authority_code (required, unknown_authority, field_not_allowed), unit_id /
 * unit_uscc (required, unknown_unit, field_not_allowed), inspector_id
 * (unknown_inspector, inspector_mismatch, field_not_allowed), password
 * (policy keys of password_check_policy). MS_ECONFLICT on field username
 * when taken; MS_EFORBIDDEN when WHO may not. Nothing is written on
 * failure. OUT (may be NULL) gets the stored account, strings in AR. */
int auth_user_create(store *db, const ms_actor *who, const struct auth_user_input *in, time_t now,
                     arena *ar, struct authdb_user *out, ms_err *err);

/* Change account ID: non-NULL display_name and role, non-zero / non-NULL
 * references replace the stored ones (username and password must be NULL:
 * MS_EINVAL otherwise). References the new role does not use are dropped.
 * An administrator account keeps its role and no account becomes an
 * administrator (MS_EINVAL role "admin_role_fixed"); WHO cannot change its
 * own role (MS_EFORBIDDEN "self_admin"). Same permissions and validation
 * as create. */
int auth_user_update(store *db, const ms_actor *who, int64_t id,
                     const struct auth_user_input *patch, time_t now, arena *ar,
                     struct authdb_user *out, ms_err *err);

/* Read one account (system, secadmin, or the account itself) or a page of
 * them (system, secadmin; ROLE NULL = all). password_hash is blanked.
 * MS_ENOTFOUND when missing, MS_EFORBIDDEN when WHO may not. */
int auth_user_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct authdb_user *out,
                  ms_err *err);
int auth_user_get_by_name(store *db, const ms_actor *who, const char *username, arena *ar,
                          struct authdb_user *out, ms_err *err);
int auth_user_list(store *db, const ms_actor *who, const char *role, const struct store_page *pg,
                   arena *ar, struct authdb_user **items, int *n, int64_t *total, ms_err *err);

/* Lock (LOCK 1: the account cannot log in, its sessions end) or unlock
 * (LOCK 0: also clears failed logins and an automatic lockout) account ID.
 * Same permissions as update; WHO cannot lock itself (MS_EFORBIDDEN
 * "self_admin"). */
int auth_user_lock(store *db, const ms_actor *who, int64_t id, int lock, time_t now, ms_err *err);

/* Set the password of account ID to NEW_PASSWORD (policy checked, field
 * "password"; not the current one: "password_reused").
 *   - WHO is the account itself: OLD_PASSWORD must be right (MS_EINVAL on
 *     "old_password", key "wrong_password"; counts as a failed login), the
 *     first-login flag is cleared, its other sessions end.
 *   - WHO is system or secadmin (a reset): OLD_PASSWORD is ignored, the
 *     account must change the password at its next login, its sessions end.
 * MS_EFORBIDDEN otherwise. */
int auth_password_change(store *db, const ms_actor *who, int64_t id, const char *old_password,
                         const char *new_password, time_t now, ms_err *err);

/* ------------------------------------------------------------ sessions */

/* An authenticated caller. */
typedef struct auth_session {
    ms_actor actor;                      /* strings in the arena given */
    int64_t session_id;                  /* 0 when authenticated by an API token */
    int64_t token_id;                    /* 0 for a browser session */
    int password_change_required;        /* refuse all but password change and logout */
    char csrf_hash[PASSWORD_DIGEST_HEX]; /* "" for API tokens */
    const char *expires_at;              /* absolute end (RFC 3339), NULL for tokens without */
    /* auth_login only: the secrets, shown to the client once, never stored */
    const char *token;      /* session token: 64 hex digits (the cookie) */
    const char *csrf_token; /* 64 hex digits (X-CSRF-Token) */
} auth_session;

/* Log USERNAME in with PASSWORD from CLIENT_ADDR (may be NULL). CFG NULL =
 * defaults. Counts the attempt against the login rate limit of the client
 * address first. On success fills OUT (strings in AR) and opens a session;
 * OUT->password_change_required is set for a first login or after a reset.
 * Failures: MS_EINVAL (username or password blank), MS_ECONFLICT
 * "rate_limited", MS_EFORBIDDEN "bad_credentials" (unknown user or wrong
 * password, alike), "account_locked" (arg: until when; after
 * CFG->max_failures consecutive failures for CFG->lockout_s), or
 * "account_disabled". Failures are recorded (counter, audit) all the same. */
int auth_login(store *db, const struct auth_config *cfg, const char *username, const char *password,
               const char *client_addr, enum ms_lang lang, time_t now, arena *ar, auth_session *out,
               ms_err *err);

/* The session of the cookie value TOKEN at NOW: fills OUT (token and
 * csrf_token stay NULL) and records the activity. MS_EFORBIDDEN
 * "unauthenticated" (unknown or ended), "session_expired" (idle or absolute
 * limit passed: the session ends), "account_disabled" (locked by an
 * administrator). */
int auth_session_check(store *db, const struct auth_config *cfg, const char *token,
                       const char *client_addr, enum ms_lang lang, time_t now, arena *ar,
                       auth_session *out, ms_err *err);

/* 1 when HEADER (the X-CSRF-Token value, may be NULL) is the CSRF token of
 * session S, compared in constant time; also 1 for a caller authenticated
 * by an API token (no CSRF then); else 0. */
int auth_csrf_ok(const auth_session *s, const char *header);

/* End the session of S (DELETE /session). MS_OK also when it has ended or
 * S came from an API token. */
int auth_logout(store *db, const auth_session *s, time_t now, ms_err *err);

/* --------------------------------------------------------- API tokens */

#define AUTH_TOKEN_PREFIX "msup_" /* API tokens read msup_ + 64 hex digits */

/* Create a bearer token named NAME (1-100 characters) for WHO's own
 * account, valid through the day EXPIRES_ON ('YYYY-MM-DD', UTC; NULL or ""
 * = until revoked; not before today). *TOKEN (arena) is the secret, shown
 * once. OUT (may be NULL) gets the stored record. MS_EFORBIDDEN for the
 * system actor or while a password change is pending; MS_EINVAL on "name"
 * or "expires_on". */
int auth_token_create(store *db, const ms_actor *who, const char *name, const char *expires_on,
                      time_t now, arena *ar, struct authdb_token *out, const char **token,
                      ms_err *err);

/* Revoke token ID: WHO's own, or any for system and secadmin (others read
 * as MS_ENOTFOUND). Revoking twice is MS_OK. */
int auth_token_revoke(store *db, const ms_actor *who, int64_t id, time_t now, ms_err *err);

/* WHO's own tokens, newest first (digests blanked). */
int auth_token_list(store *db, const ms_actor *who, arena *ar, struct authdb_token **items, int *n,
                    ms_err *err);

/* The caller behind "Authorization: Bearer TOKEN": the owner's actor, no
 * CSRF. MS_EFORBIDDEN "unauthenticated" (unknown, revoked or expired) or
 * "account_disabled". */
int auth_token_check(store *db, const struct auth_config *cfg, const char *token,
                     const char *client_addr, enum ms_lang lang, time_t now, arena *ar,
                     auth_session *out, ms_err *err);

/* --------------------------------------------------------- rate limits */

/* Count one request of CLIENT (address) in BUCKET ("login", "complaints")
 * and allow at most LIMIT in any WINDOW_S seconds (a sliding estimate over
 * two fixed windows, shared by all servers through the database). MS_OK, or
 * MS_ECONFLICT with key "rate_limited" and the seconds to wait as arg.
 * Refused requests count too. */
int auth_rate_check(store *db, const char *bucket, const char *client, int limit, int window_s,
                    time_t now, ms_err *err);

/* Housekeeping: delete sessions ended or expired more than a day before
 * NOW and expired rate counters. */
int auth_prune(store *db, time_t now, ms_err *err);

/* --------------------------------------------------------- demo */

/* Demo accounts for the demo registry in DB: sysadmin, secadmin, auditor,
 * "national" (authority 000000), "provincial" (the first provincial
 * authority), "county" (the first county under it), "unit1" and "unit2"
 * (two units of different authorities of that province) and "inspector"
 * (an inspector of the province), with deterministic strong passwords and
 * no first-login change. Writes TSV_PATH: a header line, then role,
 * username, password, authority code or unit USCC per account, tab
 * separated. Idempotent: existing demo accounts are kept (the password
 * column reads "-" when it was changed since). MS_ENOTFOUND when the
 * registry lacks what an account needs, MS_ECONFLICT when a name is taken
 * by an account of another role, MS_EINTERNAL (io_error) when the file
 * cannot be written. */
int auth_demo_accounts(store *db, const char *tsv_path, ms_err *err);

#endif
