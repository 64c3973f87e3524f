/* cli_export.c - `msup export KIND [--format csv|xlsx] [-o FILE] [--english]`:
 * write the registry in the columns that `msup import` reads. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/export.h"

static int usage(void)
{
    fprintf(stderr, "%s",
            cli_lang == MS_LANG_EN
                ? "usage: msup export units|standards|apparatus|personnel [--format csv|xlsx] "
                  "[-o FILE] [--english]\n"
                  "  Default: CSV (UTF-8 with BOM) with Chinese headers to standard output.\n"
                : "用法：msup export units|standards|apparatus|personnel [--format csv|xlsx] "
                  "[-o 文件] [--english]\n"
                  "  默认以中文表头的 CSV（带 BOM 的 UTF-8）写到标准输出。\n");
    return CLI_USAGE;
}

int cli_export(int argc, char **argv)
{
    const char *kind_s = NULL, *path = NULL;
    struct export_opts opts = {EXPORT_CSV, 0};
    enum import_kind kind;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int64_t rows = 0;
    int code;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (export_format_parse(argv[++i], &opts.format, &err) != MS_OK) {
                cli_report(&err);
                return usage();
            }
        } else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) &&
                   i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(argv[i], "--english") == 0) {
            opts.english = 1;
        } else if (argv[i][0] == '-' || kind_s) {
            return usage();
        } else {
            kind_s = argv[i];
        }
    }
    if (!kind_s)
        return usage();
    if (import_kind_parse(kind_s, &kind, &err) != MS_OK) {
        cli_report(&err);
        return usage();
    }
    if (path && strcmp(path, "-") == 0)
        path = NULL;
    if (!path && opts.format == EXPORT_XLSX && isatty(fileno(stdout))) {
        fprintf(stderr, "%s\n",
                cli_lang == MS_LANG_EN ? "msup: XLSX is binary: use -o FILE or redirect stdout"
                                       : "msup：XLSX 是二进制文件，请用 -o 文件 或重定向标准输出");
        return CLI_USAGE;
    }
    if (svc_open(cli_db_url(), &db, &err) != MS_OK)
        return cli_report(&err);
    svc_actor_system(&who, cli_lang);
    if (export_run(db, &who, kind, &opts, path, stdout, &rows, &err) != MS_OK) {
        code = cli_report(&err);
    } else {
        code = CLI_OK;
        if (path)
            fprintf(stderr,
                    cli_lang == MS_LANG_EN ? "exported %lld rows to %s\n" : "已导出 %lld 行到 %s\n",
                    (long long)rows, path);
    }
    store_close(db);
    return code;
}
