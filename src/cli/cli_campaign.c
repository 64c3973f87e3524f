/* cli_campaign.c - `msup campaign create|show|list` and `msup checklist
 * show`: the operator's view of campaigns and their checklists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/campaign.h"
#include "service/registry.h"

/* Parse a rate argument into *OUT; 0 on a malformed number. */
static int rate_arg(const char *s, double *out)
{
    char *end;

    *out = strtod(s, &end);
    return *s && !*end;
}

/* The authority with CODE, or without one the national authority. */
static int find_authority(store *db, const ms_actor *sys, const char *code, arena *ar,
                          struct ms_authority *out, ms_err *err)
{
    struct store_page pg = {1, 1};
    struct ms_authority *items;
    ms_actor who;
    int64_t total;
    int n, rc;

    if (code)
        return registry_actor_for_authority(db, code, cli_lang, ar, &who, out, err);
    rc = registry_authority_list(db, sys, 0, "national", &pg, ar, &items, &n, &total, err);
    if (rc == MS_OK && n == 0)
        rc = ms_fail(err, MS_EINVAL, "authority", "required", NULL);
    if (rc == MS_OK)
        *out = items[0];
    return rc;
}

static void print_campaign(const struct ms_campaign *c)
{
    char today[11];

    svc_today(today);
    printf(T("专项监督检查 #%lld %s（%d 年度）\n", "campaign #%lld %s (%d)\n"), (long long)c->id,
           c->name, c->year);
    printf(T("  组织部门  %s %s\n", "  organised by   %s %s\n"), c->authority_code,
           c->authority_name);
    printf(
        T("  抽查比例  建标单位 %g，下级部门 %g\n", "  sampling rate  units %g, authorities %g\n"),
        c->unit_rate, c->authority_rate);
    printf(T("  自查      截至 %s\n", "  self-check     until %s\n"), c->self_check_due);
    printf(T("  现场检查  %s 至 %s\n", "  on-site        %s .. %s\n"), c->onsite_from,
           c->onsite_to);
    printf(T("  整改      %s 至 %s\n", "  rectification  %s .. %s\n"), c->rectify_from,
           c->rectify_to);
    printf(T("  结果处理和总结 %s 至 %s\n", "  summary        %s .. %s\n"), c->summary_from,
           c->summary_to);
    printf(T("  检查表    %s（计量标准），%s（考核工作）\n",
             "  checklists     %s (standards), %s (assessment work)\n"),
           c->template_standard, c->template_assessment);
    printf(T("  状态      %s，阶段 %s\n", "  status         %s, stage %s\n"), c->status,
           campaign_stage(c, today));
}

/* msup campaign create --name N --year Y [--authority CODE] [--unit-rate R] ... */
static int create(int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {"unit-rate", required_argument, NULL, 'u'},
                                         {"authority-rate", required_argument, NULL, 'r'},
                                         {"self-check-due", required_argument, NULL, 0},
                                         {"onsite-from", required_argument, NULL, 1},
                                         {"onsite-to", required_argument, NULL, 2},
                                         {"rectify-from", required_argument, NULL, 3},
                                         {"rectify-to", required_argument, NULL, 4},
                                         {"summary-from", required_argument, NULL, 5},
                                         {"summary-to", required_argument, NULL, 6},
                                         {NULL, 0, NULL, 0}};
    struct campaign_input in = {0};
    const char **dates[] = {&in.self_check_due, &in.onsite_from,  &in.onsite_to, &in.rectify_from,
                            &in.rectify_to,     &in.summary_from, &in.summary_to};
    const char *authority = NULL;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor sys;
    ms_err err = {0};
    struct ms_authority auth;
    struct ms_campaign c;
    int ch, rc;

    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch >= 0 && ch <= 6)
            *dates[ch] = optarg;
        else if (ch == 'n')
            in.name = optarg;
        else if (ch == 'y' && cli_pos_arg(optarg))
            in.year = cli_pos_arg(optarg);
        else if (ch == 'a')
            authority = optarg;
        else if (ch == 'u' && rate_arg(optarg, &in.unit_rate))
            in.unit_rate_set = 1;
        else if (ch == 'r' && rate_arg(optarg, &in.authority_rate))
            in.authority_rate_set = 1;
        else
            goto usage;
    }
    if (optind != argc || !in.name || !in.year)
        goto usage;
    svc_actor_system(&sys, cli_lang);
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc == MS_OK)
        rc = find_authority(db, &sys, authority, &ar, &auth, &err);
    if (rc == MS_OK) {
        in.authority_id = auth.id;
        rc = campaign_create(db, &sys, &in, &ar, &c, &err);
    }
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    printf(T("已创建：", "created: "));
    print_campaign(&c);
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr,
            "%s: msup campaign create --name NAME --year YEAR [--authority CODE]\n"
            "         [--unit-rate R] [--authority-rate R] [--self-check-due D]\n"
            "         [--onsite-from D] [--onsite-to D] [--rectify-from D] [--rectify-to D]\n"
            "         [--summary-from D] [--summary-to D]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

/* msup campaign show ID: the campaign and its self-inspection counts. */
static int show(int argc, char **argv)
{
    long long id = argc == 2 ? cli_pos_arg(argv[1]) : 0;
    struct store_page pg = {1, 1};
    struct campdb_overview_row *rows;
    struct campdb_overview_counts k;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor sys;
    ms_err err = {0};
    struct ms_campaign c;
    int64_t total;
    int n, rc;

    if (!id) {
        fprintf(stderr, "%s: msup campaign show ID\n", T("用法", "usage"));
        return CLI_USAGE;
    }
    svc_actor_system(&sys, cli_lang);
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc == MS_OK)
        rc = campaign_get(db, &sys, id, &ar, &c, &err);
    if (rc == MS_OK)
        rc = selfcheck_overview(db, &sys, id, NULL, &pg, &ar, &rows, &n, &total, &k, &err);
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    print_campaign(&c);
    printf(T("  自查报告  已提交 %lld（逾期 %lld），草稿 %lld，未填报 %lld\n",
             "  self-checks    submitted %lld (late %lld), draft %lld, none %lld\n"),
           (long long)k.submitted, (long long)k.late, (long long)k.draft, (long long)k.none);
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}

/* msup campaign list [--year Y] [--authority CODE] */
static int list(int argc, char **argv)
{
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    struct store_page pg = {1, 500};
    struct campdb_filter f = {0};
    const char *authority = NULL;
    struct ms_campaign *items;
    struct ms_authority auth;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor sys, who;
    ms_err err = {0};
    int64_t total;
    int ch, n = 0, rc;

    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'y' && cli_pos_arg(optarg) && cli_pos_arg(optarg) <= 9999)
            f.year = (int)cli_pos_arg(optarg);
        else if (ch == 'a')
            authority = optarg;
        else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    svc_actor_system(&sys, cli_lang);
    rc = svc_open(cli_db_url(), &db, &err);
    /* --authority CODE: what that authority's staff see. */
    if (rc == MS_OK && authority)
        rc = registry_actor_for_authority(db, authority, cli_lang, &ar, &who, &auth, &err);
    if (rc == MS_OK)
        rc = campaign_list(db, authority ? &who : &sys, &f, &pg, &ar, &items, &n, &total, &err);
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    printf(T("专项监督检查 %lld 项\n", "%lld campaigns\n"), (long long)total);
    for (int i = 0; i < n; i++)
        printf("  #%-4lld %d %-8s %s %s | %s %s..%s\n", (long long)items[i].id, items[i].year,
               items[i].status, items[i].authority_code, items[i].name, items[i].self_check_due,
               items[i].onsite_from, items[i].summary_to);
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr, "%s: msup campaign list [--year YEAR] [--authority CODE]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

int cli_campaign(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "create") == 0)
        return create(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return show(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return list(argc - 1, argv + 1);
    fprintf(stderr,
            "%s: msup campaign create --name NAME --year YEAR [--authority CODE] ...\n"
            "       msup campaign show ID\n"
            "       msup campaign list [--year YEAR] [--authority CODE]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

static const char *en_or(const char *en, const char *zh)
{
    return cli_lang == MS_LANG_EN && en ? en : zh;
}

/* msup checklist show CODE [--version N] */
int cli_checklist(int argc, char **argv)
{
    static const struct option opts[] = {{"version", required_argument, NULL, 'v'},
                                         {NULL, 0, NULL, 0}};
    const struct checklist *cl;
    long long version = 0;
    ms_actor sys;
    ms_err err = {0};
    int ch, v[64], nv;

    if (argc < 2 || strcmp(argv[1], "show") != 0)
        goto usage;
    optind = 1;
    while ((ch = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        if (ch == 'v' && (version = cli_pos_arg(optarg)) > 0 && version < 10000)
            continue;
        goto usage;
    }
    if (optind != argc - 2)
        goto usage;
    svc_actor_system(&sys, cli_lang);
    if (campaign_checklist(&sys, argv[optind + 1], (int)version, &cl, &err) != MS_OK)
        return cli_report(&err);
    nv = checklist_versions(cl->code, v, (int)MS_ARRAY_LEN(v));
    printf(T("%s %s 第 %d 版（最新 %d 版）", "%s %s version %d (latest %d)"), cl->code,
           en_or(cl->title_en, cl->title), cl->version,
           nv > 0 ? v[nv < 64 ? nv - 1 : 63] : cl->version);
    if (cl->rule_version)
        printf(" %s", cl->rule_version);
    printf("\n");
    for (int i = 0; i < cl->nitems; i++) {
        const struct checklist_item *it = &cl->items[i];
        printf("%2d%s %s: %s\n", it->no, it->key ? "*" : " ", en_or(it->section_en, it->section),
               en_or(it->text_en, it->text));
        if (it->basis)
            printf("    %s %s\n", T("依据", "basis"), it->basis);
        for (int k = 0; k < it->nsubs; k++)
            printf("    %2d. %s%s\n", it->subs[k].no, en_or(it->subs[k].text_en, it->subs[k].text),
                   it->subs[k].conditional ? T("（如适用）", " (if applicable)") : "");
    }
    printf(T("* 重点项：不符合即判定不合格\n", "* key item: nonconform means fail\n"));
    return CLI_OK;
usage:
    fprintf(stderr, "%s: msup checklist show A1|A2 [--version N]\n", T("用法", "usage"));
    return CLI_USAGE;
}
