/* svc.h - what every use case of service/ shares: who acts, the clock,
 * progress reporting, opening the database.
 *
 * service/ is the only way into the data: one function per user action,
 * which checks permission, validates, runs its transaction and (from the
 * server issue on) appends the audit row. Transports (cli/, http/) call
 * only these functions. */
#ifndef MS_SVC_H
#define MS_SVC_H

#include <stdint.h>

#include "core/arena.h"
#include "core/ms.h"
#include "store/reg.h"
#include "store/store.h"

/* The principal of a request or command. */
typedef struct ms_actor {
    const char *name; /* username, or "system" for the administrative CLI */
    const char *role; /* system sysadmin secadmin auditor authority inspector unit */
    int64_t user_id;
    int64_t authority_id;     /* role authority / inspector: their department */
    char authority_path[160]; /* that department's materialised path */
    int64_t unit_id;          /* role unit: their unit */
    enum ms_lang lang;
    const char *client_addr; /* "127.0.0.1"; "cli" on the command line; for the audit row */
    int64_t session_id;      /* 0 unless authenticated by a session */
} ms_actor;

/* The command line's administrative actor: sees and may change everything.
 * Used by `msup import`, `msup demo` and friends run by the operator. */
void svc_actor_system(ms_actor *a, enum ms_lang lang);

/* The jurisdiction predicate of A for store/ reads. */
void svc_scope(const ms_actor *a, struct store_scope *sc);

/* Current time, RFC 3339 UTC ("2026-11-27T10:38:42Z"), and today's date.
 * MSUP_TODAY=YYYY-MM-DD in the environment pins "today" (tests, demos);
 * MSUP_NOW=YYYY-MM-DDTHH:MM:SSZ pins the clock (and today, unless
 * MSUP_TODAY is set too). */
void svc_now(char out[32]);
void svc_today(char out[11]);

/* Progress of long work (import, demo): STAGE names the step, DONE of TOTAL
 * (TOTAL 0 when unknown). Called at most every few thousand items. */
typedef void (*svc_progress_fn)(void *ctx, const char *stage, int64_t done, int64_t total);

/* Liveness of the database behind DB (GET /healthz): MS_OK or the error. */
int svc_health(store *db, ms_err *err);

/* Open URL and bring its schema up to date. */
int svc_open(const char *url, store **out, ms_err *err);

#endif
