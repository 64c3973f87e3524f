/* cli_draw.c - `msup draw verify --roster FILE --seed S [--result FILE]
 * [--commit HASH] [--json]`: recompute a msup-draw-1 draw offline from the
 * exported roster alone and print it (a table, or with --json the result
 * JSON as the server publishes it); with --result compare it with the
 * published result and name the first difference. Uses core/ only: no
 * database.
 *
 * And the draws over the database, as the operator (system actor):
 * `msup draw commit --campaign ID --authority CODE --kind K --seed-sm3 HEX`,
 * `msup draw run --campaign ID --authority CODE --kind K --seed S`,
 * `msup draw assign DRAW_ID --seed S [--team-size 2]`,
 * `msup draw roster DRAW_ID [-o FILE]` (the exact stored roster, for
 * `msup draw verify`),
 * `msup draw recuse DRAW_ID --inspection ID --inspector ID --reason TEXT`
 * (the inspector leaves the team of that inspection of the draw, which is
 * drawn again without them).
 *
 * Exit 0: recomputed (and equal to --result), or done; 1: bad roster or
 * result file (the JSON path is named), seed not matching --commit, a
 * difference, or a refused request; 2: usage; 3: internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/arena.h"
#include "core/canon.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/msg.h"
#include "service/draw.h"
#include "service/registry.h"

#define FILE_MAX_SIZE (256u << 20)

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "draw_usage", rc);
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

/* ------------------------------------------------------ database commands */

/* The usage of every sub-command (longer than an ms_err argument holds). */
static int usage_db(FILE *out, int rc)
{
    return cli_usage(out, "drawdb_usage", rc);
}

struct db_args {
    int64_t campaign, team_size, inspection, inspector;
    const char *authority, *kind, *seed, *seed_sm3, *output, *reason;
    int64_t id; /* the positional DRAW_ID */
};

/* Parse the options of a database command; 0 on a usage error. */
static int parse_db(int argc, char **argv, struct db_args *a)
{
    static const struct option opts[] = {{"campaign", required_argument, NULL, 'c'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"seed-sm3", required_argument, NULL, 'm'},
                                         {"team-size", required_argument, NULL, 't'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"inspection", required_argument, NULL, 'i'},
                                         {"inspector", required_argument, NULL, 'p'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    int c;

    memset(a, 0, sizeof *a);
    a->team_size = 2;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (!(a->campaign = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'a': a->authority = optarg; break;
        case 'k': a->kind = optarg; break;
        case 's': a->seed = optarg; break;
        case 'm': a->seed_sm3 = optarg; break;
        case 't':
            if (!(a->team_size = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'o': a->output = optarg; break;
        case 'i':
            if (!(a->inspection = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'p':
            if (!(a->inspector = cli_pos_arg(optarg)))
                return 0;
            break;
        case 'r': a->reason = optarg; break;
        default: return 0;
        }
    }
    if (optind == argc - 1 && !(a->id = cli_pos_arg(argv[optind])))
        return 0;
    return optind >= argc - 1;
}

/* The authority with CODE into *ID. */
static int authority_id(store *db, const char *code, arena *ar, int64_t *id, ms_err *err)
{
    struct ms_authority auth;
    ms_actor who;
    int rc = registry_actor_for_authority(db, code, cli_lang, ar, &who, &auth, err);

    *id = rc == MS_OK ? auth.id : 0;
    return rc;
}

static void print_draw(const struct ms_draw *d)
{
    json_t *res = json_loads(d->result, 0, NULL), *items = json_object_get(res, "items");
    int units = strcmp(d->kind, "units") == 0;

    printf(T("抽取 #%lld（%s）：专项 #%lld，机构 %s，截至 %s，状态 %s\n",
             "draw #%lld (%s): campaign #%lld, authority %s, as of %s, status %s\n"),
           (long long)d->id, d->kind, (long long)d->campaign_id, d->authority_code, d->as_of,
           d->status);
    printf(T("种子 S：%s\n", "seed S: %s\n"), d->seed);
    printf(T("名录摘要 roster_digest（SM3）：%s\n", "roster_digest (SM3): %s\n"), d->roster_digest);
    printf(T("名录数 N = %lld，配额 k = %lld，抽中 %zu 个\n",
             "roster size N = %lld, quota k = %lld, selected %zu\n"),
           (long long)json_integer_value(json_object_get(res, "n")),
           (long long)json_integer_value(json_object_get(res, "k")), json_array_size(items));
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *it = json_array_get(items, i), *stds = json_object_get(it, "standards");
        printf("%lld\t%s\t%s\t%s\n", (long long)json_integer_value(json_object_get(it, "rank")),
               json_string_value(json_object_get(it, units ? "uscc" : "code")),
               json_string_value(json_object_get(it, "name")),
               json_string_value(json_object_get(it, "reason")));
        for (size_t j = 0; j < json_array_size(stds); j++)
            printf("\t%s\t%s\t%s\n", T("检查计量标准", "inspect standard"),
                   json_string_value(json_object_get(json_array_get(stds, j), "cert_no")),
                   json_string_value(json_object_get(json_array_get(stds, j), "reason")));
    }
    json_decref(res);
}

static void print_assignment(const struct drawdb_assignment *a)
{
    json_t *res = json_loads(a->result, 0, NULL), *teams = json_object_get(res, "teams");

    printf(T("检查人员分配：种子 %s，每组 %d 人，负荷上限 %lld\n",
             "inspectors: seed %s, team size %d, load cap %lld\n"),
           a->seed, a->team_size, (long long)json_integer_value(json_object_get(res, "load_cap")));
    for (size_t i = 0; i < json_array_size(teams); i++) {
        const json_t *t = json_array_get(teams, i), *m = json_object_get(t, "members");
        printf(T("检查 #%lld\t", "inspection #%lld\t"),
               (long long)json_integer_value(json_object_get(t, "inspection_id")));
        if (!json_is_true(json_object_get(t, "assigned")))
            printf("%s", T("未能组成检查组（team_unassigned）", "no valid team (team_unassigned)"));
        for (size_t j = 0; j < json_array_size(m); j++)
            printf("%s%lld", j ? "," : "",
                   (long long)json_integer_value(json_object_get(json_array_get(m, j), "id")));
        printf("\n");
    }
    json_decref(res);
}

/* Write the stored roster of draw ID to PATH (NULL: stdout). */
static int write_roster(const struct ms_draw *d, const char *path, ms_err *err)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    size_t len = strlen(d->roster);
    int rc = MS_OK;

    if (!f)
        return ms_fail(err, MS_EINVAL, "output", "io_error", path);
    if (fwrite(d->roster, 1, len, f) != len || (!path && fputc('\n', f) == EOF))
        rc = ms_fail(err, MS_EINVAL, "output", "io_error", path ? path : "stdout");
    if (path && fclose(f) != 0 && rc == MS_OK)
        rc = ms_fail(err, MS_EINVAL, "output", "io_error", path);
    return rc;
}

/* Recuse A->inspector from A->inspection, which must be one of draw A->id. */
static int recuse(store *db, const ms_actor *sys, const struct db_args *a, arena *ar,
                  struct drawdb_assignment *out, ms_err *err)
{
    struct drawsvc_inspection di;
    struct drawsvc_detail dd;
    int rc;

    if ((rc = drawsvc_get(db, sys, a->id, ar, &dd, err)) != MS_OK)
        return rc;
    rc = drawsvc_inspection_get(db, sys, a->inspection, ar, &di, err);
    if (rc == MS_ENOTFOUND || (rc == MS_OK && di.i.draw_id != a->id)) {
        ms_err_clear(err);
        return ms_failf(err, MS_EINVAL, "inspection_id", "inspector_not_in_draw", "%lld",
                        (long long)a->inspection);
    }
    if (rc != MS_OK)
        return rc;
    return drawsvc_recuse(db, sys, a->inspection, a->inspector, a->reason, ar, out, err);
}

static int do_db(const char *cmd, int argc, char **argv)
{
    struct drawsvc_detail dd;
    struct drawdb_commitment cm;
    struct drawdb_assignment asg;
    struct ms_draw d;
    struct db_args a;
    int64_t auth = 0;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor sys;
    ms_err err = {0};
    int rc, commit = strcmp(cmd, "commit") == 0, run = strcmp(cmd, "run") == 0;

    if (!parse_db(argc, argv, &a) ||
        ((commit || run) &&
         (!a.campaign || !a.authority || !a.kind || a.id || !(commit ? a.seed_sm3 : a.seed))) ||
        (!commit && !run && !a.id) || (strcmp(cmd, "assign") == 0 && !a.seed) ||
        (strcmp(cmd, "recuse") == 0 && (!a.inspection || !a.inspector)))
        return usage_db(stderr, CLI_USAGE);
    svc_actor_system(&sys, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        ((commit || run) && (rc = authority_id(db, a.authority, &ar, &auth, &err)) != MS_OK))
        goto fail;
    if (commit) {
        if ((rc = drawsvc_commit(db, &sys, a.campaign, auth, a.kind, a.seed_sm3, &ar, &cm, &err)) !=
            MS_OK)
            goto fail;
        printf(T("已公布种子承诺 #%lld：SM3(S) = %s\n", "seed commitment #%lld published: "
                                                        "SM3(S) = %s\n"),
               (long long)cm.id, cm.seed_sm3);
    } else if (run) {
        if ((rc = drawsvc_run(db, &sys, a.campaign, auth, a.kind, a.seed, &ar, &d, &err)) != MS_OK)
            goto fail;
        print_draw(&d);
    } else if (strcmp(cmd, "assign") == 0) {
        if ((rc = drawsvc_assign(db, &sys, a.id, a.seed, a.team_size, &ar, &asg, &err)) != MS_OK)
            goto fail;
        print_assignment(&asg);
    } else if (strcmp(cmd, "recuse") == 0) {
        if ((rc = recuse(db, &sys, &a, &ar, &asg, &err)) != MS_OK)
            goto fail;
        printf(T("检查人员 #%lld 已回避检查 #%lld\n",
                 "inspector #%lld recused from inspection #%lld\n"),
               (long long)a.inspector, (long long)a.inspection);
        print_assignment(&asg);
    } else {
        if ((rc = drawsvc_get(db, &sys, a.id, &ar, &dd, &err)) != MS_OK ||
            (rc = write_roster(&dd.d, a.output, &err)) != MS_OK)
            goto fail;
    }
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    store_close(db);
    arena_free(&ar);
    return rc;
}

int cli_draw(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout, CLI_OK);
        return usage_db(stdout, CLI_OK);
    }
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return do_verify(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "commit") == 0 || strcmp(argv[1], "run") == 0 ||
                      strcmp(argv[1], "assign") == 0 || strcmp(argv[1], "roster") == 0 ||
                      strcmp(argv[1], "recuse") == 0))
        return do_db(argv[1], argc - 1, argv + 1);
    usage(stderr, CLI_USAGE);
    return usage_db(stderr, CLI_USAGE);
}
