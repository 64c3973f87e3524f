/* cli_cases.c - the operator's view of results:
 *   msup risk --authority CODE [--limit N] [--as-of DATE]
 *       the risk warning list of that authority's subtree, one unit a line:
 *       rank, score, USCC, name, reasons (code x count = points)
 *   msup disposition catalog
 *       the disposition catalogue compiled in (data/dispositions.json)
 *   msup disposition list [--authority CODE] [--unit UNIT_ID]
 *       dispositions, newest first
 * Exit 0 done, 1 refused (the field is named), 2 usage, 3 internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/disposition.h"
#include "core/msg.h"
#include "service/cases.h"
#include "service/registry.h"

struct args {
    const char *authority, *as_of;
    int64_t limit, unit;
};

/* Options from argv[1]; 0 on a usage error. */
static int parse(int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"as-of", required_argument, NULL, 'd'},
                                         {"unit", required_argument, NULL, 'u'},
                                         {NULL, 0, NULL, 0}};
    int c;

    memset(a, 0, sizeof *a);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': a->authority = optarg; break;
        case 'd': a->as_of = optarg; break;
        case 'l':
            if (!(a->limit = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'u':
            if (!(a->unit = cli_pos_arg(optarg)))
                return 0;
            break;
        default: return 0;
        }
    }
    return optind == argc;
}

int cli_risk(int argc, char **argv)
{
    struct ms_authority auth;
    struct risk_row *items;
    struct args a;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int64_t total = 0;
    int rc, n = 0;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return cli_usage(stdout, "risk_usage", CLI_OK);
    if (!parse(argc, argv, &a) || !a.authority || a.limit > 500)
        return cli_usage(stderr, "risk_usage", CLI_USAGE);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (rc = registry_actor_for_authority(db, a.authority, cli_lang, &ar, &who, &auth, &err)) !=
            MS_OK ||
        (rc = risk_list(db, &who, auth.id, (int)a.limit, a.as_of, &ar, &items, &n, &total, &err)) !=
            MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    for (int i = 0; i < n; i++) {
        printf("%d\t%d\t%s\t%s\t", i + 1, items[i].score, items[i].uscc, items[i].name);
        for (int k = 0; k < items[i].nreasons; k++) {
            const struct risk_reason *r = &items[i].reasons[k];
            printf("%s%s x%lld = %d", k ? ", " : "", risk_weights[r->factor].code,
                   (long long)r->count, r->points);
        }
        printf("\n");
    }
    fprintf(stderr,
            T("%s：风险分大于 0 的单位 %lld 家，列出 %d 家\n",
              "%s: %lld units score above 0, %d listed\n"),
            auth.name, (long long)total, n);
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}

static void print_catalog(const struct disposition_catalog *c)
{
    printf(T("处理事项目录 第 %d 版\n", "disposition catalogue, version %d\n"), c->version);
    for (int i = 0; i < c->nitems; i++) {
        const struct disposition_item *it = &c->items[i];
        printf("%s\t%s\t%s", it->code, cli_lang == MS_LANG_EN ? it->name_en : it->name, it->basis);
        if (it->cap_yuan)
            printf(T("\t上限 %lld 元", "\tcap %lld yuan"), (long long)it->cap_yuan);
        printf("\n");
    }
}

int cli_disposition(int argc, char **argv)
{
    const char *cmd = argc >= 2 ? argv[1] : "";
    const struct disposition_catalog *cat;
    struct casedb_disposition_filter f = {0};
    struct ms_disposition *items;
    struct store_page pg = {1, 500};
    struct ms_authority auth;
    struct args a;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int64_t total = 0;
    int rc, n = 0;

    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return cli_usage(stdout, "disposition_usage", CLI_OK);
    if (!parse(argc - 1, argv + 1, &a) ||
        (strcmp(cmd, "catalog") != 0 && strcmp(cmd, "list") != 0) ||
        (strcmp(cmd, "catalog") == 0 && (a.authority || a.unit)) || a.limit || a.as_of)
        return cli_usage(stderr, "disposition_usage", CLI_USAGE);
    if (strcmp(cmd, "catalog") == 0) {
        if (!(cat = disposition_catalog(&err)))
            return cli_report(&err);
        print_catalog(cat);
        return CLI_OK;
    }
    svc_actor_system(&who, cli_lang);
    f.unit_id = a.unit;
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (a.authority && (rc = registry_actor_for_authority(db, a.authority, cli_lang, &ar, &who,
                                                           &auth, &err)) != MS_OK))
        goto fail;
    do {
        if ((rc = disposition_list(db, &who, &f, &pg, &ar, &items, &n, &total, &err)) != MS_OK)
            goto fail;
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)items[i].id, items[i].decided_on,
                   items[i].action, items[i].unit_name, items[i].cert_no ? items[i].cert_no : "-",
                   items[i].created_by);
        pg.page++;
    } while (n == pg.per_page);
    fprintf(stderr, T("共 %lld 项处理决定\n", "%lld dispositions\n"), (long long)total);
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}
