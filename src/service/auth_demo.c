/* auth_demo.c - the demo accounts of `msup demo --accounts` (see auth.h). */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/date.h"
#include "core/sm3.h"
#include "core/text.h"
#include "core/uscc.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/auth_int.h"

/* ------------------------------------------------------------------ demo */

struct demo_account {
    const char *role, *username;
    int64_t authority_id, unit_id, inspector_id;
    const char *scope; /* authority code or unit USCC for the file */
    char password[24];
    char hash[PASSWORD_HASH_MAX];
    int exists;
};

/* A strong password that is a function of the user name:
 * Upper + 4 lower, 4 digits, Upper + 3 lower, joined by '-'. */
static void demo_password(const char *username, char out[24])
{
    static const char upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower[] = "abcdefghijkmnpqrstuvwxyz";
    unsigned char d[SM3_LEN];
    char seed[64];
    int i = 0;

    snprintf(seed, sizeof seed, "msup-demo-password|%s", username);
    sm3_digest(seed, strlen(seed), d);
    out[i++] = upper[d[0] % 24];
    for (int k = 1; k <= 4; k++)
        out[i++] = lower[d[k] % 24];
    out[i++] = '-';
    for (int k = 5; k <= 8; k++)
        out[i++] = (char)('0' + d[k] % 10);
    out[i++] = '-';
    out[i++] = upper[d[9] % 24];
    for (int k = 10; k <= 12; k++)
        out[i++] = lower[d[k] % 24];
    out[i] = '\0';
}

/* The first of N authorities by code. */
static const struct ms_authority *first_by_code(const struct ms_authority *a, int n)
{
    const struct ms_authority *best = NULL;

    for (int i = 0; i < n; i++)
        if (!best || strcmp(a[i].code, best->code) < 0)
            best = &a[i];
    return best;
}

/* Pick the registry records of the demo accounts into ACC[9]. */
static int demo_pick(store *db, arena *ar, struct demo_account *acc, ms_err *err)
{
    static const struct store_page all = {1, 500};
    struct ms_authority nat, insp_of, *list = NULL;
    const struct ms_authority *prov, *county;
    const struct store_scope any = {NULL, 0};
    struct store_scope sub = {NULL, 0};
    int64_t unit_ids[2], insp = 0, insp_auth = 0, total;
    const char *usccs[2];
    int n = 0, rc;

    if ((rc = reg_authority_by_code(db, "000000", ar, &nat, err)) != MS_OK)
        return rc == MS_ENOTFOUND ? ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "000000") : rc;
    if ((rc = reg_authority_list(db, &any, 0, "provincial", &all, ar, &list, &n, &total, err)) !=
        MS_OK)
        return rc;
    if (!(prov = first_by_code(list, n)))
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "provincial");
    sub.authority_path = prov->path;
    if ((rc = reg_authority_list(db, &sub, 0, "county", &all, ar, &list, &n, &total, err)) != MS_OK)
        return rc;
    if (!(county = first_by_code(list, n)))
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "county");
    if ((rc = authdb_demo_units(db, prov->path, ar, unit_ids, usccs, err)) != MS_OK)
        return rc;
    if (!unit_ids[1])
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "unit");
    if ((rc = authdb_demo_inspector(db, prov->id, prov->path, &insp, &insp_auth, err)) != MS_OK)
        return rc;
    if (!insp)
        return ms_fail(err, MS_ENOTFOUND, "", "demo_missing", "inspector");
    acc[3].authority_id = nat.id, acc[3].scope = nat.code;
    acc[4].authority_id = prov->id, acc[4].scope = prov->code;
    acc[5].authority_id = county->id, acc[5].scope = county->code;
    acc[6].unit_id = unit_ids[0], acc[6].scope = usccs[0];
    acc[7].unit_id = unit_ids[1], acc[7].scope = usccs[1];
    acc[8].authority_id = insp_auth, acc[8].inspector_id = insp;
    if ((rc = reg_authority_get(db, NULL, insp_auth, ar, &insp_of, err)) != MS_OK)
        return rc;
    acc[8].scope = insp_of.code;
    return MS_OK;
}

struct demo_tx {
    const ms_actor *who;
    struct demo_account *acc;
    const char *now;
};

static int tx_demo(store *db, void *ctx, ms_err *err)
{
    struct demo_tx *t = ctx;
    int rc = MS_OK;

    for (int i = 0; rc == MS_OK && i < 9; i++) {
        struct demo_account *a = &t->acc[i];
        struct authdb_user u = {.username = a->username,
                                .role = a->role,
                                .authority_id = a->authority_id,
                                .unit_id = a->unit_id,
                                .inspector_id = a->inspector_id,
                                .password_hash = a->hash,
                                .must_change = 0};
        json_t *change;
        if (a->exists)
            continue;
        rc = authdb_user_insert(db, &u, t->now, err);
        change = auth_user_json(&u);
        json_object_set_new(change, "demo", json_true());
        if (rc == MS_OK)
            rc = auth_audit(db, t->who, "user.create", "user", u.id, change, err);
        else
            json_decref(change);
    }
    return rc;
}

static int demo_write(const char *path, const struct demo_account *acc, ms_err *err)
{
    FILE *f = NULL;
    int fd, rc = MS_OK;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600); /* passwords inside */
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    }
    fprintf(f, "role\tusername\tpassword\tauthority_or_unit\n");
    for (int i = 0; i < 9; i++)
        fprintf(f, "%s\t%s\t%s\t%s\n", acc[i].role, acc[i].username, acc[i].password,
                acc[i].scope ? acc[i].scope : "");
    if (ferror(f))
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    if (fclose(f) != 0 && rc == MS_OK)
        rc = ms_fail(err, MS_EINTERNAL, "", "io_error", path);
    return rc;
}

int auth_demo_accounts(store *db, const char *tsv_path, ms_err *err)
{
    struct demo_account acc[9] = {
        {.role = "sysadmin", .username = "sysadmin"},
        {.role = "secadmin", .username = "secadmin"},
        {.role = "auditor", .username = "auditor"},
        {.role = "authority", .username = "national"},
        {.role = "authority", .username = "provincial"},
        {.role = "authority", .username = "county"},
        {.role = "unit", .username = "unit1"},
        {.role = "unit", .username = "unit2"},
        {.role = "inspector", .username = "inspector"},
    };
    arena ar = ARENA_INIT;
    ms_actor sys;
    struct demo_tx t = {.who = &sys, .acc = acc};
    char now_s[32];
    int rc;

    svc_actor_system(&sys, MS_LANG_ZH);
    auth_fmt_time(time(NULL), now_s);
    t.now = now_s;
    if ((rc = demo_pick(db, &ar, acc, err)) != MS_OK)
        goto out;
    for (int i = 0; i < 9; i++) {
        struct demo_account *a = &acc[i];
        struct authdb_user u;
        demo_password(a->username, a->password);
        if ((rc = password_check_policy(a->password, a->username, err)) != MS_OK) {
            rc = ms_fail(err, MS_EINTERNAL, "", "internal", "demo password policy");
            goto out;
        }
        rc = authdb_user_by_name(db, a->username, &ar, &u, err);
        if (rc == MS_OK) {
            if (strcmp(u.role, a->role) != 0) {
                rc = ms_fail(err, MS_ECONFLICT, "username", "demo_account_conflict", a->username);
                goto out;
            }
            a->exists = 1;
            a->scope = u.unit_uscc ? u.unit_uscc : u.authority_code;
            if (!password_verify(a->password, u.password_hash))
                snprintf(a->password, sizeof a->password, "-");
            continue;
        }
        if (rc != MS_ENOTFOUND)
            goto out;
        ms_err_clear(err);
        if ((rc = password_hash(a->password, 0, a->hash, err)) != MS_OK)
            goto out;
    }
    if ((rc = store_tx(db, tx_demo, &t, err)) != MS_OK)
        goto out;
    rc = demo_write(tsv_path, acc, err);
out:
    for (int i = 0; i < 9; i++)
        memset(acc[i].hash, 0, sizeof acc[i].hash);
    arena_free(&ar);
    return rc;
}
