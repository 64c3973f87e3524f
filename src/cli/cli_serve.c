/* cli_serve.c - `msup serve` and `msup routes`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/http.h"

int cli_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"tls-cert", required_argument, NULL, 'c'},
                                         {"tls-key", required_argument, NULL, 'k'},
                                         {"web", required_argument, NULL, 'w'},
                                         {"openapi", required_argument, NULL, 'o'},
                                         {"max-connections", required_argument, NULL, 'm'},
                                         {"body-limit", required_argument, NULL, 'b'},
                                         {"evidence-dir", required_argument, NULL, 'e'},
                                         /* reverse proxy (issue 9, ops) */
                                         {"trusted-proxy", required_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    struct http_config cfg = {0};
    ms_err err = {0};
    int c;

    cfg.listen = getenv("MSUP_LISTEN");
    cfg.web_root = access("web/dist/index.html", R_OK) == 0 ? "web/dist" : NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l': cfg.listen = optarg; break;
        case 't': cfg.threads = (unsigned)atoi(optarg); break;
        case 'c': cfg.tls_cert = optarg; break;
        case 'k': cfg.tls_key = optarg; break;
        case 'w': cfg.web_root = optarg; break;
        case 'o': cfg.openapi = optarg; break;
        case 'm': cfg.max_conns = (unsigned)atoi(optarg); break;
        case 'b': cfg.json_limit = (size_t)strtoull(optarg, NULL, 10); break;
        case 'e': cfg.evidence_dir = optarg; break;
        case 'p': cfg.trusted_proxy = optarg; break; /* issue 9, ops */
        default: goto usage;
        }
    }
    if (optind != argc)
        goto usage;
    cfg.db_url = cli_db_url();
    if (http_serve(&cfg, &err) != MS_OK)
        return cli_report(&err);
    return CLI_OK;
usage:
    fprintf(stderr,
            "%s: msup serve [--listen 127.0.0.1:8080] [--threads N] [--tls-cert F --tls-key F]\n"
            "                  [--web DIR] [--openapi FILE] [--max-connections N] "
            "[--body-limit BYTES]\n"
            "                  [--evidence-dir DIR] [--trusted-proxy ADDR[,ADDR...]]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}

int cli_routes(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return CLI_USAGE;
    http_routes_dump(stdout);
    return CLI_OK;
}
