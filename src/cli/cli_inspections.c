/* cli_inspections.c - `msup inspections list [--campaign ID] [--authority
 * CODE] [--tracking open|closed]`: the inspections created by draws, as the
 * operator sees them, one tab-separated line each (id, status, kind,
 * target, name, checklist, visit group, draw; with --tracking the
 * follow-up date and its reminder). And the operator's inspection work:
 * show, results, complete, not-performed, close-tracking (the same service
 * functions as the API, actor system). Exit 0, 1 invalid input or refused,
 * 2 usage, 3 internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/draw.h"
#include "service/inspwork.h"
#include "service/registry.h"

#define PAGE_SIZE 500

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "inspwork_usage", rc);
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
        for (int i = 0; i < n; i++) {
            printf("%lld\t%s\t%s\t%s\t%s\t%s v%d\t%lld\t%lld", (long long)items[i].id,
                   items[i].status, items[i].kind, items[i].target, items[i].target_name,
                   items[i].checklist_code, items[i].checklist_version,
                   (long long)items[i].visit_group, (long long)items[i].draw_id);
            if (f->tracking) {
                char today[11];
                const char *rem;
                svc_today(today);
                rem = inspwork_reminder(&items[i], today);
                printf("\t%s\t%s", items[i].follow_up_on ? items[i].follow_up_on : "-",
                       rem ? rem : "-");
            }
            printf("\n");
        }
        seen += n;
        pg.page++;
    } while (n > 0 && seen < total);
    printf(T("共 %lld 项\n", "%lld inspections\n"), (long long)total);
    return MS_OK;
}

/* `msup inspections show ID`. */
static int show(store *db, const ms_actor *who, int64_t id, arena *ar, ms_err *err)
{
    struct drawsvc_inspection di;
    struct inspwork_detail w;
    int rc;

    if ((rc = drawsvc_inspection_get(db, who, id, ar, &di, err)) != MS_OK ||
        (rc = inspwork_detail(db, who, id, ar, &w, err)) != MS_OK)
        return rc;
    printf("%lld\t%s\t%s\t%s\t%s v%d\n", (long long)di.i.id, di.i.status, di.i.target,
           di.i.target_name, di.i.checklist_code, di.i.checklist_version);
    if (di.i.conclusion)
        printf("%s\t%s\t%s\n", T("结论", "conclusion"), di.i.conclusion, di.i.completed_at);
    if (di.i.tracking)
        printf("%s\t%s\t%s\t%s\n", T("跟踪", "tracking"), di.i.tracking,
               di.i.follow_up_on ? di.i.follow_up_on : "-",
               di.i.not_performed_reason ? di.i.not_performed_reason : "-");
    for (int k = 0; k < di.n_team; k++)
        if (!di.team[k].recused_at)
            printf("%s\t%lld\t%s\t%s\n", T("检查组", "team"), (long long)di.team[k].inspector_id,
                   di.team[k].inspector_name, di.team[k].role);
    for (int k = 0; k < w.n_results; k++)
        printf("%s %d\t%s\t%s\n", T("项", "item"), w.results[k].item_no, w.results[k].verdict,
               w.results[k].note ? w.results[k].note : "");
    for (int k = 0; k < w.n_evidence; k++)
        printf("%s %lld\t%s\t%s\n", T("证据", "evidence"), (long long)w.evidence[k].id,
               w.evidence[k].filename, w.evidence[k].sm3);
    for (int k = 0; k < w.n_findings; k++)
        printf("%s %lld\t%s\t%s\t%s\n", T("问题", "finding"), (long long)w.findings[k].id,
               w.findings[k].status, w.findings[k].deadline, w.findings[k].description);
    return MS_OK;
}

/* `msup inspections results ID --item NO=VERDICT[:NOTE] ...`. */
static int results(store *db, const ms_actor *who, int64_t id, int argc, char **argv, arena *ar,
                   ms_err *err)
{
    struct inspwork_answer *a = arena_alloc(ar, (size_t)(argc ? argc : 1) * sizeof *a);
    size_t n = 0;
    int changed = 0, rc;

    if (!a)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int k = 0; k < argc; k++) {
        char *spec, *eq, *colon;
        if (strcmp(argv[k], "--item") != 0 || k + 1 >= argc)
            return -1;
        spec = arena_strdup(ar, argv[++k]);
        if (!spec || !(eq = strchr(spec, '=')))
            return -1;
        *eq = '\0';
        if (!(a[n].item_no = cli_pos_arg(spec)))
            return -1;
        if ((colon = strchr(eq + 1, ':'))) {
            *colon = '\0';
            a[n].note = colon + 1;
        }
        a[n++].verdict = eq + 1;
    }
    if (!n)
        return -1;
    if ((rc = inspwork_results_save(db, who, id, a, n, &changed, err)) == MS_OK)
        printf(T("已保存，变更 %d 项\n", "saved, %d changed\n"), changed);
    return rc;
}

/* The verbs that take an inspection id; -1 for a usage error. */
static int work(store *db, const ms_actor *who, int argc, char **argv, arena *ar, ms_err *err)
{
    const char *verb = argv[1], *reason = NULL, *follow = NULL, *concl = NULL, *got = NULL;
    int64_t id = argc >= 3 ? cli_pos_arg(argv[2]) : 0;
    int rc;

    if (!id)
        return -1;
    if (strcmp(verb, "show") == 0)
        return argc == 3 ? show(db, who, id, ar, err) : -1;
    if (strcmp(verb, "results") == 0)
        return results(db, who, id, argc - 3, argv + 3, ar, err);
    for (int k = 3; k < argc; k += 2) {
        if (k + 1 >= argc)
            return -1;
        if (strcmp(argv[k], "--reason") == 0)
            reason = argv[k + 1];
        else if (strcmp(argv[k], "--follow-up") == 0)
            follow = argv[k + 1];
        else if (strcmp(argv[k], "--conclusion") == 0)
            concl = argv[k + 1];
        else
            return -1;
    }
    if (strcmp(verb, "complete") == 0) {
        if (reason || follow)
            return -1;
        if ((rc = inspwork_complete(db, who, id, concl, &got, err)) == MS_OK)
            printf(T("检查已完成，结论：%s\n", "inspection completed: %s\n"), got);
        return rc;
    }
    if (concl)
        return -1;
    if (strcmp(verb, "not-performed") == 0)
        return inspwork_not_performed(db, who, id, reason, follow, err);
    if (strcmp(verb, "close-tracking") == 0 && !follow)
        return inspwork_close_tracking(db, who, id, reason, err);
    return -1;
}

int cli_inspections(int argc, char **argv)
{
    static const struct option opts[] = {{"campaign", required_argument, NULL, 'c'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {"tracking", required_argument, NULL, 't'},
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

    if (argc >= 2 && strcmp(argv[1], "list") != 0 && strcmp(argv[1], "--help") != 0) {
        static const char *const verbs[] = {"show", "results", "complete", "not-performed",
                                            "close-tracking"};
        int known = 0;
        for (size_t k = 0; k < MS_ARRAY_LEN(verbs); k++)
            known |= strcmp(argv[1], verbs[k]) == 0;
        if (!known || argc < 3 || !cli_pos_arg(argv[2]))
            return usage(stderr, CLI_USAGE);
        svc_actor_system(&sys, cli_lang);
        if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK)
            goto fail;
        rc = work(db, &sys, argc, argv, &ar, &err);
        if (rc < 0) {
            store_close(db);
            arena_free(&ar);
            return usage(stderr, CLI_USAGE);
        }
        if (rc != MS_OK)
            goto fail;
        rc = CLI_OK;
        goto out;
    }
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
        } else if (c == 't') {
            f.tracking = optarg;
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
