/* cli_inspections.c - `msup inspections list [--campaign ID] [--authority
 * CODE]`: the inspections created by draws, as the operator sees them, one
 * tab-separated line each (id, status, kind, target, name, checklist,
 * visit group, draw). Exit 0, 1 for an unknown authority, 2 usage, 3
 * internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/draw.h"
#include "service/registry.h"

#define PAGE_SIZE 500

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "inspections_usage", rc);
}

/* Print every page of inspections matching F; returns a result code. */
static int list_all(store *db, const ms_actor *who, const struct drawdb_insp_filter *f, arena *ar,
                    ms_err *err)
{
    struct store_page pg = {1, PAGE_SIZE};
    struct ms_inspection *items;
    int64_t total = 0, seen = 0;
    int n, rc;

    printf("%s\n", T("编号\t状态\t类型\t对象\t名称\t检查表\t同次检查\t抽取",
                     "id\tstatus\tkind\ttarget\tname\tchecklist\tvisit\tdraw"));
    do {
        if ((rc = drawsvc_inspection_list(db, who, f, &pg, ar, &items, &n, &total, err)) != MS_OK)
            return rc;
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s v%d\t%lld\t%lld\n", (long long)items[i].id,
                   items[i].status, items[i].kind, items[i].target, items[i].target_name,
                   items[i].checklist_code, items[i].checklist_version,
                   (long long)items[i].visit_group, (long long)items[i].draw_id);
        seen += n;
        pg.page++;
    } while (n > 0 && seen < total);
    printf(T("共 %lld 项\n", "%lld inspections\n"), (long long)total);
    return MS_OK;
}

int cli_inspections(int argc, char **argv)
{
    static const struct option opts[] = {{"campaign", required_argument, NULL, 'c'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct drawdb_insp_filter f = {0};
    const char *authority = NULL;
    struct ms_authority auth;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor sys, who;
    ms_err err = {0};
    char *end;
    int c, rc;

    if (argc < 2 || strcmp(argv[1], "list") != 0)
        return argc >= 2 && strcmp(argv[1], "--help") == 0 ? usage(stdout, CLI_OK)
                                                           : usage(stderr, CLI_USAGE);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        if (c == 'c') {
            f.campaign_id = strtoll(optarg, &end, 10);
            if (!*optarg || *end || f.campaign_id <= 0)
                return usage(stderr, CLI_USAGE);
        } else if (c == 'a') {
            authority = optarg;
        } else {
            return usage(stderr, c == 'h' ? CLI_OK : CLI_USAGE);
        }
    }
    if (optind != argc - 1)
        return usage(stderr, CLI_USAGE);
    svc_actor_system(&sys, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (authority && (rc = registry_actor_for_authority(db, authority, cli_lang, &ar, &who, &auth,
                                                         &err)) != MS_OK))
        goto fail;
    f.authority_id = authority ? auth.id : 0;
    if ((rc = list_all(db, &sys, &f, &ar, &err)) != MS_OK)
        goto fail;
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}
