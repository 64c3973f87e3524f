/* cli_inspector.c - `msup inspector add|list|show|conflict`: the operator's
 * view of the inspector pools (system actor, every pool):
 *   add --authority CODE --name NAME --kind enforcement|expert --fields 01,05
 *       [--employer UNIT_ID] [--cert NO] [--inactive]
 *   list [--authority CODE] [--kind KIND] [--field CODE] [--active 1|0]
 *   show INSPECTOR_ID (with the declared conflicts)
 *   conflict INSPECTOR_ID --unit UNIT_ID --reason TEXT [--on DATE]
 * Exit 0 done, 1 refused (the field is named), 2 usage, 3 internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/inspector.h"
#include "service/registry.h"

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "inspector_usage", rc);
}

struct args {
    const char *authority, *name, *kind, *fields, *cert, *field, *reason, *on;
    int64_t employer, unit, id;
    int active; /* -1: not given */
};

/* Parse the options after the sub-command; 0 on a usage error. */
static int parse(int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"fields", required_argument, NULL, 'f'},
                                         {"employer", required_argument, NULL, 'e'},
                                         {"cert", required_argument, NULL, 'c'},
                                         {"inactive", no_argument, NULL, 'x'},
                                         {"field", required_argument, NULL, 'F'},
                                         {"active", required_argument, NULL, 'A'},
                                         {"unit", required_argument, NULL, 'u'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"on", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    int c;

    memset(a, 0, sizeof *a);
    a->active = -1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': a->authority = optarg; break;
        case 'n': a->name = optarg; break;
        case 'k': a->kind = optarg; break;
        case 'f': a->fields = optarg; break;
        case 'e':
            if (!(a->employer = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'c': a->cert = optarg; break;
        case 'x': a->active = 0; break;
        case 'F': a->field = optarg; break;
        case 'A':
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "0") != 0)
                return 0;
            a->active = optarg[0] == '1';
            break;
        case 'u':
            if (!(a->unit = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'r': a->reason = optarg; break;
        case 'o': a->on = optarg; break;
        default: return 0;
        }
    }
    if (optind == argc - 1 && !(a->id = cli_pos_arg(argv[optind])))
        return 0;
    return optind >= argc - 1;
}

static void print_inspector(const struct ms_inspector *i)
{
    printf("%lld\t%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)i->id, (long long)i->authority_id,
           i->name, i->kind, i->fields, i->certificate_no ? i->certificate_no : "-",
           i->active ? T("在岗", "active") : T("停用", "inactive"));
}

static void print_conflict(const struct inspdb_conflict *c)
{
    printf(
        T("  回避 #%lld：单位 #%lld %s，%s（%s）\n", "  conflict #%lld: unit #%lld %s, %s (%s)\n"),
        (long long)c->id, (long long)c->unit_id, c->unit_name ? c->unit_name : "", c->reason,
        c->declared_on);
}

/* The authority with CODE into *ID. */
static int authority_id(store *db, const char *code, arena *ar, int64_t *id, ms_err *err)
{
    struct ms_authority auth;
    ms_actor who;
    int rc = registry_actor_for_authority(db, code, cli_lang, ar, &who, &auth, err);

    *id = rc == MS_OK ? auth.id : 0;
    return rc;
}

static int list(store *db, const ms_actor *sys, const struct args *a, arena *ar, ms_err *err)
{
    struct inspdb_filter f = {.kind = a->kind, .field = a->field, .active = a->active};
    struct store_page pg = {1, 500};
    struct ms_inspector *items;
    int64_t total = 0;
    int n = 0, rc;

    if (a->authority && (rc = authority_id(db, a->authority, ar, &f.authority_id, err)) != MS_OK)
        return rc;
    do {
        if ((rc = inspector_list(db, sys, &f, &pg, ar, &items, &n, &total, err)) != MS_OK)
            return rc;
        for (int i = 0; i < n; i++)
            print_inspector(&items[i]);
        pg.page++;
    } while (n == pg.per_page);
    fprintf(stderr, T("共 %lld 人\n", "%lld inspectors\n"), (long long)total);
    return MS_OK;
}

int cli_inspector(int argc, char **argv)
{
    const char *cmd = argc >= 2 ? argv[1] : "";
    struct inspdb_conflict *cf;
    struct ms_inspector i;
    struct args a;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor sys;
    ms_err err = {0};
    int rc, n;

    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return usage(stdout, CLI_OK);
    if (!parse(argc - 1, argv + 1, &a) || (strcmp(cmd, "add") == 0 && (a.id || !a.authority)) ||
        (strcmp(cmd, "list") == 0 && a.id) || (strcmp(cmd, "show") == 0 && !a.id) ||
        (strcmp(cmd, "conflict") == 0 && (!a.id || !a.unit)) ||
        model_index((const char *const[]){"add", "list", "show", "conflict", NULL}, cmd) < 0)
        return usage(stderr, CLI_USAGE);
    svc_actor_system(&sys, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK)
        goto fail;
    if (strcmp(cmd, "add") == 0) {
        memset(&i, 0, sizeof i);
        i.name = a.name;
        i.kind = a.kind;
        i.fields = a.fields;
        i.employer_unit_id = a.employer;
        i.certificate_no = a.cert;
        i.active = a.active != 0;
        if ((rc = authority_id(db, a.authority, &ar, &i.authority_id, &err)) != MS_OK ||
            (rc = inspector_create(db, &sys, &i, &ar, &err)) != MS_OK)
            goto fail;
        printf(T("已加入检查人员库 #%lld\n", "added to the pool: #%lld\n"), (long long)i.id);
        print_inspector(&i);
    } else if (strcmp(cmd, "list") == 0) {
        if ((rc = list(db, &sys, &a, &ar, &err)) != MS_OK)
            goto fail;
    } else if (strcmp(cmd, "show") == 0) {
        if ((rc = inspector_get(db, &sys, a.id, &ar, &i, &err)) != MS_OK ||
            (rc = inspector_conflict_list(db, &sys, a.id, &ar, &cf, &n, &err)) != MS_OK)
            goto fail;
        print_inspector(&i);
        for (int k = 0; k < n; k++)
            print_conflict(&cf[k]);
    } else {
        struct inspdb_conflict c = {.unit_id = a.unit, .reason = a.reason, .declared_on = a.on};
        if ((rc = inspector_conflict_declare(db, &sys, a.id, &c, &ar, &err)) != MS_OK)
            goto fail;
        printf(T("已申报利害关系 #%lld：检查人员 #%lld 回避单位 #%lld\n",
                 "conflict #%lld declared: inspector #%lld avoids unit #%lld\n"),
               (long long)c.id, (long long)c.inspector_id, (long long)c.unit_id);
    }
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}
