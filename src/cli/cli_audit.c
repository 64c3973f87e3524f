/* cli_audit.c - `msup audit verify` and `msup audit export [-o FILE]`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "service/audit.h"

static int usage(void)
{
    fprintf(stderr, "%s: msup audit verify\n       msup audit export [-o FILE]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

/* Exit 0 and "rows + head hash" when intact; exit 1 and the first broken
 * seq (on stdout) when not. */
static int do_verify(int argc, char **argv)
{
    struct audit_verify_result res;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int rc;

    (void)argv;
    if (argc != 1)
        return usage();
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc == MS_OK) {
        svc_actor_system(&who, cli_lang);
        rc = audit_verify(db, &who, &res, &err);
    }
    if (rc != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    if (res.intact) {
        printf(T("审计链完整：%lld 条记录，链头哈希 %s\n",
                 "audit chain intact: %lld rows, head hash %s\n"),
               (long long)res.rows, res.head_hash);
        rc = CLI_OK;
    } else {
        ms_err broken = {0};
        char buf[512];

        ms_failf(&broken, MS_ECONFLICT, "", res.reason, "%lld", (long long)res.broken_seq);
        printf("%s\n", msg_format(&broken, cli_lang, buf, sizeof buf));
        rc = CLI_FAIL;
    }
out:
    store_close(db);
    return rc;
}

static int do_export(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    const char *path = NULL;
    store *db = NULL;
    FILE *out = stdout;
    ms_actor who;
    ms_err err = {0};
    int64_t rows = 0;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c != 'o')
            return usage();
        path = optarg;
    }
    if (optind != argc)
        return usage();
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc == MS_OK && path) {
        out = fopen(path, "w");
        if (!out) {
            out = stdout;
            rc = ms_fail(&err, MS_EINVAL, "output", "io_error", path);
        }
    }
    if (rc == MS_OK) {
        svc_actor_system(&who, cli_lang);
        rc = audit_export(db, &who, out, &rows, &err);
    }
    if (out != stdout && fclose(out) != 0 && rc == MS_OK)
        rc = ms_fail(&err, MS_EINTERNAL, "output", "io_error", path);
    if (rc != MS_OK) {
        if (out != stdout)
            unlink(path); /* no half-written export */
        rc = cli_report(&err);
        goto out;
    }
    if (path)
        printf(T("已导出 %lld 条审计记录：%s\n", "exported %lld audit rows: %s\n"), (long long)rows,
               path);
    rc = CLI_OK;
out:
    store_close(db);
    return rc;
}

int cli_audit(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "verify") == 0)
        return do_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0)
        return do_export(argc - 1, argv + 1);
    return usage();
}
