/* cli_findings.c - `msup findings list|show|sweep`: the operator's view of
 * findings (问题) and the deadline sweep that turns findings nobody
 * rectified in time into 整改不合格. Exit 0, 1 invalid input, 2 usage, 3
 * internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/finding.h"

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "findings_usage", rc);
}

static void print_finding(const struct ms_finding *f)
{
    printf("%lld\t%s\t%s\t%s\t%s\t%lld\t%s\n", (long long)f->id, f->status, f->severity,
           f->deadline, f->unit_uscc ? f->unit_uscc : "-", (long long)f->inspection_id,
           f->description);
}

static int list(store *db, const ms_actor *who, int argc, char **argv, ms_err *err)
{
    static const struct option opts[] = {{"campaign", required_argument, NULL, 'c'},
                                         {"status", required_argument, NULL, 's'},
                                         {"overdue", no_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    struct resdb_finding_filter f = {0};
    struct store_page pg = {1, 500};
    struct ms_finding *items;
    int64_t total = 0, seen = 0;
    arena ar = ARENA_INIT;
    int c, n, rc = MS_OK;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'c' && (f.campaign_id = cli_pos_arg(optarg)))
            continue;
        if (c == 's')
            f.status = optarg;
        else if (c == 'o')
            f.overdue = 1;
        else
            return -1;
    }
    if (optind != argc)
        return -1;
    printf("%s\n", T("编号\t状态\t程度\t整改期限\t单位\t检查\t描述",
                     "id\tstatus\tseverity\tdeadline\tunit\tinspection\tdescription"));
    do {
        if ((rc = finding_list(db, who, &f, &pg, &ar, &items, &n, &total, err)) != MS_OK)
            break;
        for (int i = 0; i < n; i++)
            print_finding(&items[i]);
        seen += n;
        pg.page++;
    } while (n > 0 && seen < total);
    if (rc == MS_OK)
        printf(T("共 %lld 项\n", "%lld findings\n"), (long long)total);
    arena_free(&ar);
    return rc;
}

static int show(store *db, const ms_actor *who, int64_t id, ms_err *err)
{
    struct finding_detail d;
    arena ar = ARENA_INIT;
    int rc = finding_get(db, who, id, &ar, &d, err);

    if (rc == MS_OK) {
        print_finding(&d.f);
        if (d.f.failed_at)
            printf("%s\t%s\n", T("判定不合格时间", "failed_at"), d.f.failed_at);
        for (int k = 0; k < d.n_rects; k++)
            printf("%s %lld\t%s\t%s\t%s\t%s\n", T("整改", "rectification"),
                   (long long)d.rects[k].id, d.rects[k].submitted_by, d.rects[k].submitted_at,
                   d.rects[k].decision ? d.rects[k].decision : T("待审核", "pending"),
                   d.rects[k].text);
        for (int k = 0; k < d.n_evidence; k++)
            printf("%s %lld\t%s\t%s\t%lld\n", T("证据", "evidence"), (long long)d.evidence[k].id,
                   d.evidence[k].filename, d.evidence[k].media_type, (long long)d.evidence[k].size);
    }
    arena_free(&ar);
    return rc;
}

int cli_findings(int argc, char **argv)
{
    store *db = NULL;
    ms_actor sys;
    ms_err err = {0};
    int rc, failed = 0;

    if (argc < 2)
        return usage(stderr, CLI_USAGE);
    if (strcmp(argv[1], "--help") == 0)
        return usage(stdout, CLI_OK);
    if (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "show") != 0 &&
        strcmp(argv[1], "sweep") != 0)
        return usage(stderr, CLI_USAGE);
    if (strcmp(argv[1], "show") == 0 && (argc != 3 || !cli_pos_arg(argv[2])))
        return usage(stderr, CLI_USAGE);
    if (strcmp(argv[1], "sweep") == 0 &&
        !(argc == 2 || (argc == 4 && strcmp(argv[2], "--as-of") == 0)))
        return usage(stderr, CLI_USAGE);
    svc_actor_system(&sys, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK)
        goto fail;
    if (strcmp(argv[1], "list") == 0) {
        rc = list(db, &sys, argc - 1, argv + 1, &err);
        if (rc < 0) {
            store_close(db);
            return usage(stderr, CLI_USAGE);
        }
    } else if (strcmp(argv[1], "show") == 0) {
        rc = show(db, &sys, cli_pos_arg(argv[2]), &err);
    } else {
        rc = finding_sweep(db, &sys, argc == 4 ? argv[3] : NULL, &failed, &err);
        if (rc == MS_OK)
            printf(T("已判定整改不合格 %d 项\n", "%d findings failed\n"), failed);
    }
    if (rc != MS_OK)
        goto fail;
    store_close(db);
    return CLI_OK;
fail:
    rc = cli_report(&err);
    store_close(db);
    return rc;
}
