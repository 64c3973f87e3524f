/* cli_draw.c - `msup draw verify --roster FILE --seed S [--result FILE]
 * [--commit HASH] [--json]`: recompute a msup-draw-1 draw offline from the
 * exported roster alone and print it (a table, or with --json the result
 * JSON as the server publishes it); with --result compare it with the
 * published result and name the first difference. Uses core/ only: no
 * database.
 *
 * Exit 0: recomputed (and equal to --result); 1: bad roster or result file
 * (the JSON path is named), seed not matching --commit, or a difference;
 * 2: usage; 3: internal error. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/arena.h"
#include "core/canon.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/msg.h"

#define T(zh, en)     (cli_lang == MS_LANG_EN ? (en) : (zh))
#define FILE_MAX_SIZE (256u << 20)

static int usage(FILE *out, int rc)
{
    ms_err err = {0};
    char buf[512];
    const char *tpl = msg_template("draw_usage", cli_lang);

    ms_fail(&err, MS_EINVAL, NULL, "usage", tpl ? tpl : "draw_usage");
    fprintf(out, "%s%s\n", out == stderr ? "msup: " : "",
            msg_format(&err, cli_lang, buf, sizeof buf));
    return rc;
}

/* The whole file PATH into *BUF (NUL-terminated, ms_free) and *LEN. */
static int read_file(const char *path, char **buf, size_t *len, ms_err *err)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL, *q;
    size_t n = 0, cap = 0, got;
    int rc = MS_OK;

    *buf = NULL;
    *len = 0;
    if (!f) {
        rc = ms_fail(err, MS_EINVAL, "", "io_error", path);
        goto out;
    }
    do {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536;
            if (cap > FILE_MAX_SIZE || !(q = ms_realloc(p, cap + 1))) {
                rc = ms_fail(err, cap > FILE_MAX_SIZE ? MS_ETOOBIG : MS_EINTERNAL, "",
                             cap > FILE_MAX_SIZE ? "io_error" : "out_of_memory", path);
                goto out;
            }
            p = q;
        }
        got = fread(p + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        rc = ms_fail(err, MS_EINVAL, "", "io_error", path);
        goto out;
    }
    p[n] = '\0';
    *buf = p;
    *len = n;
    p = NULL;
out:
    if (f)
        fclose(f);
    ms_free(p);
    return rc;
}

static const char *field_label(const char *reason)
{
    const struct jjf_field *f;

    if (strncmp(reason, "field:", 6) != 0 || !(f = field_find(reason + 6)))
        return "";
    return field_name(f, cli_lang);
}

static void print_result(const struct draw_result *res, const char *file)
{
    char rate[32];
    int units = res->kind == DRAW_UNITS;

    printf(T("算法 %s：双随机抽取离线复核\n", "algorithm %s: offline check of a random draw\n"),
           DRAW_ALGORITHM);
    printf(T("名录：%s（%s），机构 %s，截至 %s\n", "roster: %s (%s), authority %s, as of %s\n"),
           file, units ? "kind=units" : "kind=authorities", res->authority, res->as_of);
    printf(T("名录摘要 roster_digest（SM3）：%s\n", "roster_digest (SM3): %s\n"),
           res->roster_digest);
    printf(T("种子 S：%s\n", "seed S: %s\n"), res->seed);
    printf(T("名录数 N = %zu，抽查比例 r = %s，配额 k = ceil(r × N) = %zu；抽中 %zu 个\n",
             "roster size N = %zu, rate r = %s, quota k = ceil(r x N) = %zu; selected %zu\n"),
           res->n, draw_rate_text(res->rate, rate), res->k, res->n_items);
    if (res->n_items > res->k)
        printf(T("（多于 k：覆盖每个专业领域所需）\n",
                 "(more than k: needed to cover every field)\n"));
    printf("%s\n", units ? T("序号\t统一社会信用代码\t名称\t权重 w\tU\t键值 key = ln(U)/w\t理由",
                             "rank\tuscc\tname\tweight w\tU\tkey = ln(U)/w\treason")
                         : T("序号\t机构代码\t名称\t权重 w\tU\t键值 key = ln(U)/w\t理由",
                             "rank\tcode\tname\tweight w\tU\tkey = ln(U)/w\treason"));
    for (size_t i = 0; i < res->n_items; i++) {
        const struct draw_item *it = &res->items[i];

        printf("%zu\t%s\t%s\t%g\t%.17g\t%.17g\t%s%s%s\n", it->rank, it->id, it->name, it->weight,
               it->u, it->key, it->reason, *field_label(it->reason) ? " " : "",
               field_label(it->reason));
        for (size_t j = 0; j < it->n_picks; j++)
            printf("\t%s\t%s\t%s\tskey %.17g\t%s\n", T("检查计量标准", "inspect standard"),
                   it->picks[j].cert_no, it->picks[j].field, it->picks[j].skey,
                   it->picks[j].reason);
    }
    printf(T("理由：field:代码 = 覆盖该专业领域；quota = 按配额；sector = 重点领域；sample = "
             "抽查一项\n",
             "reasons: field:CODE = covers that field; quota = to fill the quota; sector = focus "
             "sector; sample = one standard\n"));
}

/* The result JSON in canonical form on stdout. */
static int print_json(const struct draw_result *res, ms_err *err)
{
    json_t *j = draw_result_json(res);
    char *text = canon_dump(j, NULL);
    int rc = MS_OK;

    if (text)
        printf("%s\n", text);
    else
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    ms_free(text);
    json_decref(j);
    return rc;
}

/* Compare RES with the published result in PATH; prints the outcome on OUT. */
static int compare(const struct draw_result *res, const char *path, FILE *out, ms_err *err)
{
    json_error_t jerr;
    json_t *pub = NULL;
    char *text = NULL, buf[512];
    size_t len;
    int rc;

    if ((rc = read_file(path, &text, &len, err)) != MS_OK)
        goto out;
    if (!(pub = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr))) {
        rc = ms_failf(err, MS_EINVAL, "result", "draw_bad_json", "%s (line %d, column %d)",
                      jerr.text, jerr.line, jerr.column);
        goto out;
    }
    rc = draw_result_compare(res, pub, err);
    if (rc == MS_OK)
        fprintf(out, T("与发布的结果一致：%s\n", "matches the published result: %s\n"), path);
    else if (rc == MS_ECONFLICT)
        fprintf(out, "%s%s%s\n", err->field, T("：", ": "),
                msg_format(err, cli_lang, buf, sizeof buf));
out:
    json_decref(pub);
    ms_free(text);
    return rc;
}

static int do_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"roster", required_argument, NULL, 'r'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"result", required_argument, NULL, 'o'},
                                         {"commit", required_argument, NULL, 'c'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *roster_path = NULL, *seed = NULL, *result_path = NULL, *commit = NULL;
    struct draw_roster *roster = NULL;
    struct draw_result *res = NULL;
    arena a = ARENA_INIT;
    char *text = NULL;
    ms_err err = {0};
    size_t len;
    int c, rc, json = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': roster_path = optarg; break;
        case 's': seed = optarg; break;
        case 'o': result_path = optarg; break;
        case 'c': commit = optarg; break;
        case 'j': json = 1; break;
        case 'h': return usage(stdout, CLI_OK);
        default: return usage(stderr, CLI_USAGE);
        }
    }
    if (optind != argc || !roster_path || !seed)
        return usage(stderr, CLI_USAGE);
    if ((commit && (rc = draw_seed_check(seed, commit, &err)) != MS_OK) ||
        (rc = read_file(roster_path, &text, &len, &err)) != MS_OK ||
        (rc = draw_roster_parse(&a, text, len, &roster, &err)) != MS_OK ||
        (rc = draw_run(&a, roster, seed, &res, &err)) != MS_OK) {
        rc = cli_report(&err);
        goto out;
    }
    if (commit)
        fprintf(json ? stderr : stdout,
                T("种子与承诺哈希一致：SM3(S) = %s\n",
                  "the seed matches its commitment: SM3(S) = %s\n"),
                commit);
    if (json)
        rc = print_json(res, &err);
    else
        print_result(res, roster_path);
    if (rc == MS_OK && result_path)
        rc = compare(res, result_path, json ? stderr : stdout, &err);
    if (rc != MS_OK && rc != MS_ECONFLICT)
        rc = cli_report(&err);
    else
        rc = rc == MS_OK ? CLI_OK : CLI_FAIL;
out:
    ms_free(text);
    arena_free(&a);
    return rc;
}

int cli_draw(int argc, char **argv)
{
    ms_err err = {0};

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout, CLI_OK);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return do_verify(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "commit") == 0 || strcmp(argv[1], "run") == 0 ||
                      strcmp(argv[1], "assign") == 0)) {
        ms_fail(&err, MS_EINVAL, NULL, "draw_not_available", argv[1]);
        cli_report(&err);
    }
    return usage(stderr, CLI_USAGE);
}
