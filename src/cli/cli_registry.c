/* cli_registry.c - `msup init`, `msup alerts`, `msup registry ...`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/field.h"
#include "core/model.h"
#include "service/registry.h"

/* Open the database and pick the actor: the operator, or with --authority
 * CODE the view of that authority's staff. */
static int open_as(const char *authority, store **db, arena *ar, ms_actor *who, ms_err *err)
{
    struct ms_authority auth;
    int rc = svc_open(cli_db_url(), db, err);

    if (rc != MS_OK)
        return rc;
    svc_actor_system(who, cli_lang);
    if (authority) {
        rc = registry_actor_for_authority(*db, authority, cli_lang, ar, who, &auth, err);
        if (rc != MS_OK) {
            store_close(*db);
            *db = NULL;
        }
    }
    return rc;
}

int cli_init(int argc, char **argv)
{
    store *db = NULL;
    ms_err err = {0};
    int rc;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "%s: msup init\n", T("用法", "usage"));
        return CLI_USAGE;
    }
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc != MS_OK)
        return cli_report(&err);
    printf(T("数据库已就绪：%s（结构版本 %d）\n", "database ready: %s (schema version %d)\n"),
           cli_db_url(), store_schema_version(db, NULL));
    store_close(db);
    return CLI_OK;
}

static const char *alert_kind_text(const char *kind)
{
    if (strcmp(kind, "cert_expiring") == 0)
        return T("证书即将到期", "certificate expiring");
    if (strcmp(kind, "cert_expired") == 0)
        return T("证书已过期", "certificate expired");
    if (strcmp(kind, "apparatus_overdue") == 0)
        return T("标准器溯源超期", "apparatus overdue");
    return T("合格人员不足2名", "fewer than 2 qualified staff");
}

int cli_alerts(int argc, char **argv)
{
    static const struct option opts[] = {{"as-of", required_argument, NULL, 'd'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    const char *as_of = NULL, *authority = NULL;
    int limit = 20, c, n = 0, rc;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct reg_alert *items;
    int64_t counts[4];

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            as_of = optarg;
        else if (c == 'n')
            limit = atoi(optarg);
        else if (c == 'a')
            authority = optarg;
        else
            goto usage;
    }
    if (optind != argc || limit < 0)
        goto usage;
    rc = open_as(authority, &db, &ar, &who, &err);
    if (rc == MS_OK)
        rc = registry_alerts(db, &who, as_of, limit, &ar, &items, &n, counts, &err);
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    printf(T("预警：证书即将到期（180天内）%lld，证书已过期 %lld，标准器溯源超期 %lld，"
             "合格人员不足 %lld\n",
             "alerts: certificates expiring within 180 days %lld, expired %lld, apparatus "
             "overdue %lld, understaffed %lld\n"),
           (long long)counts[0], (long long)counts[1], (long long)counts[2], (long long)counts[3]);
    for (int i = 0; i < n; i++) {
        const struct reg_alert *a = &items[i];
        printf("  %-14s %s %s | %s | %s", alert_kind_text(a->kind), a->cert_no, a->standard_name,
               a->unit_name, a->date ? a->date : T("从未溯源", "never calibrated"));
        if (a->detail)
            printf(" | %s", a->detail);
        printf("\n");
    }
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr, "%s: msup alerts [--as-of YYYY-MM-DD] [--limit N] [--authority CODE]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

static int summary(int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    const char *authority = NULL;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct reg_summary s;
    size_t nf;
    const struct jjf_field *fields = field_all(&nf);
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'a')
            return CLI_USAGE;
        authority = optarg;
    }
    rc = open_as(authority, &db, &ar, &who, &err);
    if (rc == MS_OK)
        rc = registry_summary(db, &who, &s, &err);
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    printf(T("计量标准登记汇总%s%s\n", "registry summary%s%s\n"), authority ? " " : "",
           authority ? authority : "");
    printf(T("  市场监管部门 %lld，建标单位 %lld，检查人员 %lld\n",
             "  authorities %lld, units %lld, inspectors %lld\n"),
           (long long)s.authorities, (long long)s.units, (long long)s.inspectors);
    printf(T("  计量标准 %lld：有效 %lld，封存 %lld，撤销 %lld，更换 %lld，过期 %lld\n",
             "  standards %lld: active %lld, sealed %lld, revoked %lld, replaced %lld, expired "
             "%lld\n"),
           (long long)s.standards, (long long)s.active, (long long)s.sealed, (long long)s.revoked,
           (long long)s.replaced, (long long)s.expired);
    printf(T("  标准器及配套设备 %lld，检定/校准人员 %lld，投诉 %lld，违法记录 %lld\n",
             "  apparatus %lld, staff %lld, complaints %lld, violations %lld\n"),
           (long long)s.apparatus, (long long)s.personnel, (long long)s.complaints,
           (long long)s.violations);
    printf(T("  有效计量标准按专业领域：\n", "  active standards by field:\n"));
    for (size_t i = 0; i < nf; i++) {
        int code = atoi(fields[i].code);
        if (s.by_field[code])
            printf("    %s %-8s %lld\n", fields[i].code, field_name(&fields[i], cli_lang),
                   (long long)s.by_field[code]);
    }
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}

/* msup registry seal|unseal|revoke|replace ID --reason R [--date D] [--by NEW_ID] */
static int transition(int argc, char **argv)
{
    static const struct option opts[] = {{"reason", required_argument, NULL, 'r'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"by", required_argument, NULL, 'b'},
                                         {NULL, 0, NULL, 0}};
    const char *action = argv[0], *reason = NULL, *date = NULL;
    long long id, by = 0;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct ms_standard s;
    char *end;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if (c == 'd')
            date = optarg;
        else if (c == 'b')
            by = strtoll(optarg, NULL, 10);
        else
            goto usage;
    }
    if (optind != argc - 1)
        goto usage;
    id = strtoll(argv[optind], &end, 10);
    if (*end || id <= 0)
        goto usage;
    rc = open_as(NULL, &db, &ar, &who, &err);
    if (rc == MS_OK)
        rc = registry_standard_transition(db, &who, id, action, reason, date, by, &ar, &s, &err);
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    printf("%s %s -> %s\n", s.cert_no, s.name, s.status);
    rc = CLI_OK;
out:
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr, "%s: msup registry %s ID --reason TEXT [--date YYYY-MM-DD]%s\n",
            T("用法", "usage"), action, strcmp(action, "replace") == 0 ? " --by NEW_ID" : "");
    return CLI_USAGE;
}

int cli_registry(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "summary") == 0)
        return summary(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "seal") == 0 || strcmp(argv[1], "unseal") == 0 ||
                      strcmp(argv[1], "revoke") == 0 || strcmp(argv[1], "replace") == 0))
        return transition(argc - 1, argv + 1);
    fprintf(stderr,
            "%s: msup registry summary [--authority CODE]\n"
            "       msup registry seal|unseal|revoke|replace ID --reason TEXT [--date D]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}
