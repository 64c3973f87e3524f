/* cli_serve.c - `msup serve` and `msup routes`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/http.h"

/* ------------------------------------------------ limits (issue 9, hard)
 * Every limit of the server is an option and an environment variable of the
 * same name (--max-connections = MSUP_MAX_CONNECTIONS); the option wins.
 * Bad values stop the start with the option named. docs/limits.md says
 * what each does at its edge. The rate limits are read by service/ from
 * the environment, so an option sets its variable. */

enum {
    LIM_THREADS,
    LIM_POOL,
    LIM_CONNS,
    LIM_PER_IP,
    LIM_TIMEOUT,
    LIM_BODY,
    LIM_UPLOAD,
    LIM_ROWCACHE,
    LIM_ENV
};

static const struct serve_limit {
    const char *opt, *env;
    int target; /* LIM_*; LIM_ENV = read by service/ from ENV */
    unsigned long long min, max;
    const char *deflt, *zh, *en;
} limits[] = {
    {"threads", "MSUP_THREADS", LIM_THREADS, 1, 64, "CPU 核数 / cores", "工作线程",
     "worker threads"},
    {"db-pool", "MSUP_DB_POOL", LIM_POOL, 1, 64, "= threads", "数据库连接池上限（超出时排队）",
     "database connections (requests queue beyond)"},
    {"max-connections", "MSUP_MAX_CONNECTIONS", LIM_CONNS, 1, 65536, "1024",
     "同时连接数上限（>= threads）", "simultaneous connections (>= threads)"},
    {"per-ip-connections", "MSUP_PER_IP_CONNECTIONS", LIM_PER_IP, 0, 65536, "0",
     "每个客户端地址的连接数上限（0 不限）", "connections per client address (0: no limit)"},
    {"timeout-s", "MSUP_TIMEOUT_S", LIM_TIMEOUT, 1, 86400, "60", "空闲连接超时（秒）",
     "idle connection timeout (seconds)"},
    {"body-limit", "MSUP_BODY_LIMIT", LIM_BODY, 1024, 64ull << 20, "1048576",
     "JSON 请求体上限（字节，未单独规定的路由）",
     "JSON body limit (bytes, routes without their own)"},
    {"upload-limit", "MSUP_UPLOAD_LIMIT", LIM_UPLOAD, 1, 256ull << 20, "20971520",
     "证据文件上限（字节）", "evidence file size limit (bytes)"},
    {"row-cache", "MSUP_ROW_CACHE", LIM_ROWCACHE, 0, 1048576, "8192",
     "列表行缓存条数（约 500 字节/条，0 关闭）",
     "rendered list rows kept (about 500 bytes each; 0: off)"},
    {"login-limit", "MSUP_LOGIN_LIMIT", LIM_ENV, 1, 1000000, "30", "每个地址每窗口登录次数",
     "logins per client address per window"},
    {"login-window-s", "MSUP_LOGIN_WINDOW_S", LIM_ENV, 1, 604800, "300", "登录限流窗口（秒）",
     "login rate window (seconds)"},
    {"complaint-limit", "MSUP_COMPLAINT_LIMIT", LIM_ENV, 1, 1000000, "10", "每个地址每窗口投诉次数",
     "complaints per client address per window"},
    {"complaint-window-s", "MSUP_COMPLAINT_WINDOW_S", LIM_ENV, 1, 604800, "3600",
     "投诉限流窗口（秒）", "complaint rate window (seconds)"},
    {"complaint-lookup-limit", "MSUP_COMPLAINT_LOOKUP_LIMIT", LIM_ENV, 1, 1000000, "60",
     "每个地址每窗口回执查询次数", "receipt lookups per client address per window"},
    {"complaint-lookup-window-s", "MSUP_COMPLAINT_LOOKUP_WINDOW_S", LIM_ENV, 1, 604800, "300",
     "回执查询限流窗口（秒）", "receipt lookup rate window (seconds)"},
};
#define NLIMITS      (sizeof limits / sizeof limits[0])
#define LIMIT_OPT_ID 1000 /* getopt values LIMIT_OPT_ID + index */

/* Parse TEXT as limit L into *OUT; MS_EINVAL naming the option (or the
 * variable, FROM_ENV) with the accepted range otherwise. */
static int limit_parse(const struct serve_limit *l, const char *text, int from_env,
                       unsigned long long *out, ms_err *err)
{
    char field[64], arg[160];
    unsigned long long v = 0;
    const char *p = text;

    for (; *p >= '0' && *p <= '9' && v <= l->max; p++)
        v = v * 10 + (unsigned long long)(*p - '0');
    snprintf(field, sizeof field, "%s%s", from_env ? "" : "--", from_env ? l->env : l->opt);
    if (!*text || *p || v < l->min || v > l->max) {
        snprintf(arg, sizeof arg, "%.40s (%s %llu..%llu)", text,
                 cli_lang == MS_LANG_EN ? "an integer in" : "应为整数", l->min, l->max);
        return ms_fail(err, MS_EINVAL, field, "serve_limit_invalid", arg);
    }
    *out = v;
    return MS_OK;
}

static int serve_help(FILE *out, int rc)
{
    fprintf(
        out,
        "%s msup serve [--listen 127.0.0.1:8080] [--tls-cert F --tls-key F] [--web DIR]\n"
        "                  [--openapi FILE] [--evidence-dir DIR] [--trusted-proxy ADDR[,ADDR...]]\n"
        "                  [LIMITS]\n\n%s\n",
        T("用法：", "usage:"),
        T("限制（选项 = 环境变量，选项优先；见 docs/limits.md）：",
          "limits (option = environment variable, the option wins; see docs/limits.md):"));
    for (size_t i = 0; i < NLIMITS; i++)
        fprintf(out, "  --%-26s %-31s %s [%llu..%llu] %s %s\n", limits[i].opt, limits[i].env,
                T(limits[i].zh, limits[i].en), limits[i].min, limits[i].max, T("默认", "default"),
                limits[i].deflt);
    return rc;
}

int cli_serve(int argc, char **argv)
{
    static const struct option fixed[] = {{"listen", required_argument, NULL, 'l'},
                                          {"tls-cert", required_argument, NULL, 'c'},
                                          {"tls-key", required_argument, NULL, 'k'},
                                          {"web", required_argument, NULL, 'w'},
                                          {"openapi", required_argument, NULL, 'o'},
                                          {"evidence-dir", required_argument, NULL, 'e'},
                                          {"help", no_argument, NULL, 'h'},
                                          /* reverse proxy (issue 9, ops) */
                                          {"trusted-proxy", required_argument, NULL, 'p'}};
    struct option opts[MS_ARRAY_LEN(fixed) + NLIMITS + 1];
    const char *given[NLIMITS] = {0};
    struct http_config cfg = {0};
    ms_err err = {0};
    int c;

    memcpy(opts, fixed, sizeof fixed);
    for (size_t i = 0; i < NLIMITS; i++)
        opts[MS_ARRAY_LEN(fixed) + i] =
            (struct option){limits[i].opt, required_argument, NULL, LIMIT_OPT_ID + (int)i};
    opts[MS_ARRAY_LEN(fixed) + NLIMITS] = (struct option){NULL, 0, NULL, 0};
    cfg.listen = getenv("MSUP_LISTEN");
    cfg.web_root = access("web/dist/index.html", R_OK) == 0 ? "web/dist" : NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l': cfg.listen = optarg; break;
        case 'c': cfg.tls_cert = optarg; break;
        case 'k': cfg.tls_key = optarg; break;
        case 'w': cfg.web_root = optarg; break;
        case 'o': cfg.openapi = optarg; break;
        case 'e': cfg.evidence_dir = optarg; break;
        case 'p': cfg.trusted_proxy = optarg; break; /* issue 9, ops */
        case 'h': return serve_help(stdout, CLI_OK);
        default:
            if (c >= LIMIT_OPT_ID && c < LIMIT_OPT_ID + (int)NLIMITS) {
                given[c - LIMIT_OPT_ID] = optarg;
                break;
            }
            return serve_help(stderr, CLI_USAGE);
        }
    }
    if (optind != argc)
        return serve_help(stderr, CLI_USAGE);
    for (size_t i = 0; i < NLIMITS; i++) {
        const char *env = getenv(limits[i].env);
        const char *text = given[i] ? given[i] : env && *env ? env : NULL;
        unsigned long long v = 0;
        if (!text)
            continue;
        if (limit_parse(&limits[i], text, !given[i], &v, &err) != MS_OK)
            return cli_report(&err);
        switch (limits[i].target) {
        case LIM_THREADS: cfg.threads = (unsigned)v; break;
        case LIM_POOL: cfg.db_pool = (unsigned)v; break;
        case LIM_CONNS: cfg.max_conns = (unsigned)v; break;
        case LIM_PER_IP: cfg.per_ip_conns = (unsigned)v; break;
        case LIM_TIMEOUT: cfg.timeout_s = (unsigned)v; break;
        case LIM_BODY: cfg.json_limit = (size_t)v; break;
        case LIM_UPLOAD: cfg.upload_limit = (size_t)v; break;
        case LIM_ROWCACHE: cfg.row_cache = v ? (long)v : -1; break;
        default: setenv(limits[i].env, text, 1); break;
        }
    }
    cfg.db_url = cli_db_url();
    if (http_serve(&cfg, &err) != MS_OK)
        return cli_report(&err);
    return CLI_OK;
}

int cli_routes(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return CLI_USAGE;
    http_routes_dump(stdout);
    return CLI_OK;
}
