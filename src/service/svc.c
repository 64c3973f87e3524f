/* svc.c - actors, the clock and opening the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/svc.h"

void svc_actor_system(ms_actor *a, enum ms_lang lang)
{
    memset(a, 0, sizeof *a);
    a->name = "system";
    a->role = "system";
    a->lang = lang;
    a->client_addr = "cli";
}

void svc_scope(const ms_actor *a, struct store_scope *sc)
{
    sc->authority_path = NULL;
    sc->unit_id = 0;
    if (strcmp(a->role, "unit") == 0) {
        /* A unit user sees its own unit; an unset unit id sees nothing. */
        sc->unit_id = a->unit_id > 0 ? a->unit_id : -1;
    } else if (strcmp(a->role, "system") != 0) {
        const char *p = a->authority_path;
        int slashes = 0;
        for (; p && *p; p++)
            slashes += *p == '/';
        /* The root of the tree ("/1/") sees everything: no predicate. */
        if (a->authority_path[0] && slashes == 2)
            sc->authority_path = NULL;
        else
            sc->authority_path = a->authority_path[0] ? a->authority_path : "/none/";
    }
}

void svc_now(char out[32])
{
    const char *pin = getenv("MSUP_NOW");
    time_t t = time(NULL);
    struct tm tm;

    /* MSUP_NOW=YYYY-MM-DDTHH:MM:SSZ pins the clock (deadline tests). */
    if (pin && strlen(pin) == 20 && pin[10] == 'T' && pin[19] == 'Z') {
        memcpy(out, pin, 21);
        return;
    }
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void svc_today(char out[11])
{
    const char *pin = getenv("MSUP_TODAY");
    time_t t;
    struct tm tm;

    if (pin && strlen(pin) == 10) {
        memcpy(out, pin, 10);
        out[10] = '\0';
        return;
    }
    pin = getenv("MSUP_NOW");
    if (pin && strlen(pin) == 20 && pin[10] == 'T') {
        memcpy(out, pin, 10);
        out[10] = '\0';
        return;
    }
    t = time(NULL);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int svc_open(const char *url, store **out, ms_err *err)
{
    store *db = NULL;
    int rc = store_open(url, &db, err);

    if (rc != MS_OK)
        return rc;
    rc = store_migrate(db, err);
    if (rc != MS_OK) {
        store_close(db);
        return rc;
    }
    *out = db;
    return MS_OK;
}

int svc_health(store *db, ms_err *err)
{
    return store_ping(db, err);
}
