/* cli_import.c - `msup import KIND FILE [--partial]`: load units, standards,
 * apparatus or personnel from a CSV or XLSX file. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "core/alloc.h"
#include "core/msg.h"
#include "service/import.h"

static int usage(void)
{
    fprintf(stderr, "%s",
            cli_lang == MS_LANG_EN
                ? "usage: msup import units|standards|apparatus|personnel FILE [--partial]\n"
                  "  FILE: CSV (UTF-8 or GB18030) or XLSX; - reads standard input.\n"
                  "  All or nothing: one bad row and nothing is written; --partial keeps the "
                  "good rows.\n"
                : "用法：msup import units|standards|apparatus|personnel 文件 [--partial]\n"
                  "  文件：CSV（UTF-8 或 GB18030）或 XLSX；- 表示标准输入。\n"
                  "  默认全部或全不：有一行错误即不写入任何数据；--partial 只导入正确的行。\n");
    return CLI_USAGE;
}

/* The whole of FP into a new buffer (caller frees with ms_free). */
static unsigned char *read_all(FILE *fp, size_t *len)
{
    size_t cap = 1 << 16, n = 0, r;
    unsigned char *buf = ms_malloc(cap), *nb;

    while (buf && (r = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n == cap) {
            nb = ms_realloc(buf, cap * 2);
            if (!nb) {
                ms_free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf && ferror(fp)) {
        ms_free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static void print_row_error(const ms_err *e)
{
    char msg[512];

    msg_format(e, cli_lang, msg, sizeof msg);
    if (cli_lang == MS_LANG_EN)
        printf("row %ld%s%s: %s\n", e->row, e->field[0] ? " " : "", e->field, msg);
    else
        printf("第 %ld 行%s%s：%s\n", e->row, e->field[0] ? " " : "", e->field, msg);
}

static void print_report(const struct import_report *r, int partial)
{
    int en = cli_lang == MS_LANG_EN;
    char msg[512];

    for (int i = 0; i < r->nwarnings; i++) {
        msg_format(&r->warnings[i], cli_lang, msg, sizeof msg);
        fprintf(stderr, en ? "msup: warning: %s\n" : "msup：提示：%s\n", msg);
    }
    for (int i = 0; i < r->nerrors; i++)
        print_row_error(&r->errors[i]);
    if (r->rejected > r->nerrors)
        printf(en ? "... and %ld more rejected rows\n" : "……另有 %ld 行错误未列出\n",
               r->rejected - r->nerrors);
    printf(en ? "accepted %ld, rejected %ld (%ld rows, %s %s)\n"
              : "已接受 %ld 行，拒绝 %ld 行（共 %ld 行，%s %s）\n",
           r->accepted, r->rejected, r->rows, r->format ? r->format : "",
           r->encoding ? r->encoding : "");
    if (r->rejected && !partial)
        printf("%s\n", en ? "nothing was written (all or nothing): fix the rows and import "
                            "again, or use --partial to keep the good rows"
                          : "未写入任何数据（全部或全不）：请修正后重新导入，或使用 --partial "
                            "只导入正确的行");
}

int cli_import(int argc, char **argv)
{
    const char *kind_s = NULL, *file = NULL;
    enum import_kind kind;
    struct import_report rep = {0};
    struct progress bar;
    unsigned char *data = NULL;
    size_t len = 0;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int partial = 0, rc, code = CLI_OK;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--partial") == 0)
            partial = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage();
        else if (argv[i][0] == '-' && argv[i][1])
            return usage();
        else if (!kind_s)
            kind_s = argv[i];
        else if (!file)
            file = argv[i];
        else
            return usage();
    }
    if (!kind_s || !file)
        return usage();
    if (import_kind_parse(kind_s, &kind, &err) != MS_OK) {
        cli_report(&err);
        return usage();
    }
    if (strcmp(file, "-") == 0) {
        data = read_all(stdin, &len);
    } else {
        FILE *fp = fopen(file, "rb");
        data = fp ? read_all(fp, &len) : NULL;
        if (fp)
            fclose(fp);
    }
    if (!data) {
        ms_fail(&err, MS_EINVAL, "", "io_error", file);
        code = cli_report(&err);
        goto out;
    }
    if (svc_open(cli_db_url(), &db, &err) != MS_OK) {
        code = cli_report(&err);
        goto out;
    }
    svc_actor_system(&who, cli_lang);
    progress_init(&bar, stderr);
    bar.label = cli_lang == MS_LANG_EN ? "import" : "导入";
    rc = import_run(db, &who, kind, file, data, len, partial, progress_fn, &bar, &rep, &err);
    progress_done(&bar);
    if (rc == MS_OK || (rc == MS_EINVAL && rep.rejected)) {
        print_report(&rep, partial);
        code = rc == MS_OK ? CLI_OK : CLI_FAIL;
    } else {
        for (int i = 0; i < rep.nwarnings; i++) {
            char msg[512];
            msg_format(&rep.warnings[i], cli_lang, msg, sizeof msg);
            fprintf(stderr, cli_lang == MS_LANG_EN ? "msup: warning: %s\n" : "msup：提示：%s\n",
                    msg);
        }
        code = cli_report(&err);
    }
out:
    import_report_free(&rep);
    store_close(db);
    ms_free(data);
    return code;
}
