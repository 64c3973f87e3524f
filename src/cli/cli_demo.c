/* cli_demo.c - `msup demo [--scale small|province|nation] [--units N]
 * [--seed N] [--as-of YYYY-MM-DD]`: fill an empty database with a synthetic
 * registry and print what was written. --units spreads N units over the
 * scale's authorities instead of its usual size (a smaller or larger nation
 * for the benchmarks' growth figures). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "core/msg.h"
#include "service/auth.h"
#include "service/demo.h"

static const char *txt(const char *key)
{
    const char *s = msg_template(key, cli_lang);

    return s ? s : key;
}

static int usage(void)
{
    ms_err err;
    char buf[512];

    ms_fail(&err, MS_EINVAL, NULL, "usage", txt("demo_usage"));
    fprintf(stderr, "msup: %s\n", msg_format(&err, cli_lang, buf, sizeof buf));
    return CLI_USAGE;
}

/* Decimal digits only, up to 2^64 - 1. */
static int parse_seed(const char *s, uint64_t *out, ms_err *err)
{
    unsigned long long v;
    char *end;

    if (!s || !*s || strspn(s, "0123456789") != strlen(s))
        return ms_fail(err, MS_EINVAL, "seed", "demo_seed", s ? s : "");
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return ms_fail(err, MS_EINVAL, "seed", "demo_seed", s);
    *out = (uint64_t)v;
    return MS_OK;
}

/* Decimal digits only, 1 to DEMO_UNITS_MAX. */
static int parse_units(const char *s, int64_t *out, ms_err *err)
{
    if (!s || !*s || strlen(s) > 7 || strspn(s, "0123456789") != strlen(s) || atol(s) < 1 ||
        atol(s) > DEMO_UNITS_MAX)
        return ms_fail(err, MS_EINVAL, "units", "demo_units", s ? s : "");
    *out = (int64_t)atol(s);
    return MS_OK;
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_report(const struct demo_opts *o, const struct demo_report *r, double secs)
{
    static const char *const row_keys[REG_ENTITY_COUNT] = {
        "demo_row_authorities", "demo_row_units",      "demo_row_standards",
        "demo_row_apparatus",   "demo_row_personnel",  "demo_row_inspectors",
        "demo_row_conflicts",   "demo_row_complaints", "demo_row_violations"};
    const struct {
        const char *key;
        int64_t v;
    } stats[] = {
        {"demo_stat_expiring", r->standards_expiring},
        {"demo_stat_expired", r->standards_by_status[4]},
        {"demo_stat_sealed", r->standards_by_status[1]},
        {"demo_stat_revoked", r->standards_by_status[2]},
        {"demo_stat_overdue", r->apparatus_overdue},
        {"demo_stat_never", r->apparatus_never},
        {"demo_stat_understaffed", r->standards_understaffed},
        {"demo_stat_sector_units", r->units_with_sector},
        {"demo_stat_sector_standards", r->standards_with_sector},
        {"demo_stat_complained", r->units_with_complaints},
        {"demo_stat_serious", r->violations_serious},
    };
    ms_err done;
    char buf[256];

    ms_fail(&done, MS_OK, NULL, "demo_done", demo_scale_name(o->scale));
    printf("%s\n", msg_format(&done, cli_lang, buf, sizeof buf));
    printf("  %s: %s\n", txt("demo_stat_as_of"), r->as_of);
    printf("  %s: %llu\n", txt("demo_stat_seed"), (unsigned long long)o->seed);
    for (int e = 0; e < REG_ENTITY_COUNT; e++)
        printf("  %s: %lld\n", txt(row_keys[e]), (long long)r->rows[e]);
    for (size_t i = 0; i < MS_ARRAY_LEN(stats); i++)
        printf("  %s: %lld\n", txt(stats[i].key), (long long)stats[i].v);
    printf("  %s: %.1f s\n", txt("demo_stat_time"), secs);
}

int cli_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"scale", required_argument, NULL, 's'},
                                         {"seed", required_argument, NULL, 'n'},
                                         {"as-of", required_argument, NULL, 'd'},
                                         {"accounts", required_argument, NULL, 'a'},
                                         {"units", required_argument, NULL, 'u'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct demo_opts o = {DEMO_SCALE_SMALL, 1, NULL, 0};
    struct demo_report rep;
    struct progress pg;
    store *db = NULL;
    ms_err err = {0};
    double t0;
    const char *accounts = NULL;
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (demo_scale_parse(optarg, &o.scale, &err) != MS_OK)
                return cli_report(&err);
            break;
        case 'n':
            if (parse_seed(optarg, &o.seed, &err) != MS_OK)
                return cli_report(&err);
            break;
        case 'd': o.as_of = optarg; break;
        case 'u':
            if (parse_units(optarg, &o.units, &err) != MS_OK)
                return cli_report(&err);
            break;
        case 'a': accounts = optarg; break;
        case 'h': usage(); return CLI_OK;
        default: return usage();
        }
    }
    if (optind != argc)
        return usage();
    rc = svc_open(cli_db_url(), &db, &err);
    if (rc != MS_OK)
        return cli_report(&err);
    progress_init(&pg, stderr);
    t0 = seconds();
    rc = demo_run(db, &o, progress_fn, &pg, &rep, &err);
    progress_done(&pg);
    /* Demo logins for every role, written to ACCOUNTS (role, username,
     * password, authority code or unit USCC). */
    if (rc == MS_OK && accounts)
        rc = auth_demo_accounts(db, accounts, &err);
    store_close(db);
    if (rc != MS_OK)
        return cli_report(&err);
    print_report(&o, &rep, seconds() - t0);
    return CLI_OK;
}
