/* main.c - msup's entry point: global options, then the verb table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"

enum ms_lang cli_lang = MS_LANG_ZH;
static const char *db_url;

struct verb {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *zh, *en;
};

static const struct verb verbs[] = {
    {"validate", cli_validate, "校验标识：uscc | division | jjf1022 | cert-no 值",
     "check an identifier: uscc | division | jjf1022 | cert-no VALUE"},
    {"serve", cli_serve, "启动服务（REST API 与网页界面）", "serve the REST API and the web UI"},
    {"routes", cli_routes, "输出路由与权限表（JSON 行）",
     "print the route and permission table (JSON lines)"},
    {"init", cli_init, "创建或升级数据库", "create or upgrade the database"},
    {"registry", cli_registry, "登记汇总；计量标准封存、启封、撤销、更换",
     "registry summary; seal, unseal, revoke, replace a standard"},
    {"alerts", cli_alerts, "预警：证书到期、溯源超期、人员不足",
     "alerts: expiring certificates, overdue traceability, understaffed standards"},
    {"import", cli_import, "导入单位、计量标准、设备、人员（CSV 或 XLSX）",
     "import units, standards, apparatus, personnel (CSV or XLSX)"},
    {"export", cli_export, "导出单位、计量标准、设备、人员（CSV 或 XLSX）",
     "export units, standards, apparatus, personnel (CSV or XLSX)"},
    {"audit", cli_audit, "审计链：verify 校验 | export [-o 文件] 导出",
     "audit trail: verify | export [-o FILE]"},
    {"demo", cli_demo, "生成演示数据：--scale small|province|nation --seed N [--as-of 日期]",
     "generate demo data: --scale small|province|nation --seed N [--as-of DATE]"},
    {"user", cli_user, "账户管理：add | passwd | lock | unlock | list",
     "accounts: add | passwd | lock | unlock | list"},
    {"campaign", cli_campaign, "专项监督检查：create | show | list",
     "campaigns: create | show | list"},
    {"checklist", cli_checklist, "检查表：show A1|A2 [--version N]",
     "checklists: show A1|A2 [--version N]"},
    {"draw", cli_draw,
     "双随机抽取：commit | run | assign | recuse | roster；verify --roster 文件 --seed 种子 "
     "离线复核",
     "random draw: commit | run | assign | recuse | roster; verify --roster FILE --seed SEED "
     "(offline)"},
    {"inspector", cli_inspector, "检查人员库：add | list | show | conflict（利害关系申报）",
     "the inspector pool: add | list | show | conflict (declare a conflict of interest)"},
    /* technical-check calculators */
    {"calc", cli_calc, "技术核查计算：en | zeta | zscore | algorithm-a | ... < 数据.json",
     "technical-check calculators: en | zeta | zscore | algorithm-a | ... < data.json"},
    {"inspections", cli_inspections,
     "现场检查：list | show | results | complete | not-performed | close-tracking",
     "on-site inspections: list | show | results | complete | not-performed | close-tracking"},
    /* findings and rectification (issue 5, insp) */
    {"findings", cli_findings, "问题与整改：list | show | sweep（逾期判定整改不合格）",
     "findings and rectification: list | show | sweep (fail the overdue)"},
    /* dispositions and the risk list */
    {"disposition", cli_disposition,
     "处理决定：catalog 目录 | list [--authority 代码] [--unit 编号]",
     "dispositions: catalog | list [--authority CODE] [--unit ID]"},
    {"risk", cli_risk, "风险预警名单：--authority 代码 [--limit 数量] [--as-of 日期]",
     "risk warning list: --authority CODE [--limit N] [--as-of DATE]"},
    /* reports and publication */
    {"report", cli_reports,
     "报表：summary 总结 | inspections 检查清单 | form 检查表 | public 结果公开",
     "reports: summary | inspections | form | public (published results)"},
    /* backup and restore (issue 9) */
    {"backup", cli_backup, "备份数据库：backup 输出文件（SQLite 在线备份；PostgreSQL 用 pg_dump）",
     "back up the database: backup OUTPUT (SQLite online backup; pg_dump for PostgreSQL)"},
    {"restore", cli_restore, "恢复数据库：restore [--force] 备份文件（恢复到新库）",
     "restore the database: restore [--force] BACKUP (into a new database)"},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "%s: msup [--db URL] [--lang zh|en] <command> ...\n",
            cli_lang == MS_LANG_EN ? "usage" : "用法");
    for (const struct verb *v = verbs; v->name; v++)
        fprintf(out, "  %-10s %s\n", v->name, cli_lang == MS_LANG_EN ? v->en : v->zh);
}

const char *cli_db_url(void)
{
    const char *env;

    if (db_url)
        return db_url;
    env = getenv("MSUP_DB");
    return env && *env ? env : "sqlite:var/msup.db";
}

int cli_exit_code(int result)
{
    switch (result) {
    case MS_OK: return CLI_OK;
    case MS_EINTERNAL: return CLI_INTERNAL;
    default: return CLI_FAIL;
    }
}

int cli_usage(FILE *out, const char *key, int rc)
{
    const char *tpl = msg_template(key, cli_lang);

    fprintf(out, "%s%s%s\n", out == stderr ? "msup: " : "", T("用法：", "usage: "),
            tpl ? tpl : key);
    return rc;
}

int64_t cli_pos_arg(const char *s)
{
    char *end;
    long long v = s && *s && *s != '-' && *s != '+' ? strtoll(s, &end, 10) : 0;

    return v > 0 && !*end ? (int64_t)v : 0;
}

int cli_report(const ms_err *err)
{
    char buf[512];

    msg_format(err, cli_lang, buf, sizeof buf);
    fprintf(stderr, "msup: ");
    if (err->row)
        fprintf(stderr, cli_lang == MS_LANG_EN ? "row %ld: " : "第 %ld 行：", err->row);
    if (err->field[0])
        fprintf(stderr, "%s: ", err->field);
    fprintf(stderr, "%s\n", buf);
    return cli_exit_code(err->code);
}

int main(int argc, char **argv)
{
    const char *env_lang = getenv("LC_ALL");
    int i = 1;

    if (!env_lang || !*env_lang)
        env_lang = getenv("LANG");
    cli_lang = msg_lang_from(env_lang && strncmp(env_lang, "en", 2) == 0 ? "en" : "zh");

    /* Global options may stand before the verb; verbs accept --db/--lang too. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db_url = argv[++i];
        } else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
            cli_lang = msg_lang_from(argv[++i]);
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("msup 0.1.0\n");
            return CLI_OK;
        } else {
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    /* Verb-local --db/--lang: strip them so verbs see only their own options. */
    {
        int j, k = i + 1;
        for (j = i + 1; j < argc; j++) {
            if ((strcmp(argv[j], "--db") == 0 || strcmp(argv[j], "--lang") == 0) && j + 1 < argc) {
                if (argv[j][2] == 'd')
                    db_url = argv[j + 1];
                else
                    cli_lang = msg_lang_from(argv[j + 1]);
                j++;
                continue;
            }
            argv[k++] = argv[j];
        }
        argc = k;
    }
    for (const struct verb *v = verbs; v->name; v++)
        if (strcmp(v->name, argv[i]) == 0)
            return v->fn(argc - i, argv + i);
    usage(stderr);
    return CLI_USAGE;
}
