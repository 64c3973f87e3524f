/* cli_backup.c - `msup backup OUT` and `msup restore [--force] IN` (the
 * database is --db / $MSUP_DB). After each: the schema version, the row
 * count of every table and the audit head; restore also recomputes the
 * audit chain. Exit 0 on success, 1 on refused input (nothing written),
 * 3 when the engine or a tool fails. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/backup.h"

static void print_summary(const struct backup_summary *s)
{
    int64_t total = 0;

    printf(T("数据库结构版本：%d\n", "schema version: %d\n"), s->schema_version);
    printf(T("各表记录数：\n", "rows per table:\n"));
    for (int i = 0; i < s->ntables; i++) {
        printf("  %-32s %lld\n", s->tables[i].name, (long long)s->tables[i].rows);
        total += s->tables[i].rows;
    }
    printf(T("合计 %d 张表，%lld 条记录\n", "total: %d tables, %lld rows\n"), s->ntables,
           (long long)total);
    printf(T("审计链头：seq %lld，哈希 %s\n", "audit head: seq %lld, hash %s\n"),
           (long long)s->audit_seq, s->audit_seq ? s->audit_hash : "-");
}

int cli_backup(int argc, char **argv)
{
    struct backup_summary s;
    ms_err err = {0};
    int rc;

    if (argc != 2 || argv[1][0] == '-')
        return cli_usage(stderr, "backup_usage", CLI_USAGE);
    rc = backup_run(cli_db_url(), argv[1], &s, &err);
    if (rc != MS_OK) {
        backup_summary_free(&s);
        return cli_report(&err);
    }
    printf(T("已备份：%s\n", "backed up: %s\n"), argv[1]);
    print_summary(&s);
    backup_summary_free(&s);
    return CLI_OK;
}

int cli_restore(int argc, char **argv)
{
    static const struct option opts[] = {{"force", no_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
    struct backup_summary s;
    ms_err err = {0};
    int c, force = 0, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'f')
            return cli_usage(stderr, "restore_usage", CLI_USAGE);
        force = 1;
    }
    if (optind != argc - 1)
        return cli_usage(stderr, "restore_usage", CLI_USAGE);
    rc = restore_run(cli_db_url(), argv[optind], force, &s, &err);
    if (rc != MS_OK) {
        backup_summary_free(&s);
        return cli_report(&err);
    }
    printf(T("已恢复：%s\n", "restored: %s\n"), argv[optind]);
    print_summary(&s);
    if (s.verified && !s.intact) {
        ms_err broken = {0};
        char buf[512];

        ms_failf(&broken, MS_ECONFLICT, "", s.reason, "%lld", (long long)s.broken_seq);
        printf("%s\n", msg_format(&broken, cli_lang, buf, sizeof buf));
        backup_summary_free(&s);
        return CLI_FAIL;
    }
    printf(T("审计链完整\n", "audit chain intact\n"));
    backup_summary_free(&s);
    return CLI_OK;
}
