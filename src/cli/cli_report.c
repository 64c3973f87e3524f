/* cli_report.c - `msup report summary|inspections|form|public ...`: the
 * same bytes as the API's report routes, to a file (-o FILE) or standard
 * output. --authority CODE reports as a user of that authority (its
 * subtree); without it the operator sees the campaign's organiser.
 * Exit 0 done, 1 refused (the field is named), 2 usage, 3 internal error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "service/registry.h"
#include "service/report.h"

static int usage(FILE *out, int rc)
{
    return cli_usage(out, "report_usage", rc);
}

struct opts {
    int64_t campaign, id;
    const char *authority, *path, *format;
};

/* Write LEN bytes to PATH (NULL or "-" = standard output). */
static int write_out(const char *path, const char *data, size_t len, ms_err *err)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    int ok;

    if (!f)
        return ms_fail(err, MS_EINTERNAL, "output", "io_error", path);
    ok = fwrite(data, 1, len, f) == len;
    ok = (f == stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
    return ok ? MS_OK : ms_fail(err, MS_EINTERNAL, "output", "io_error", path ? path : "-");
}

/* J as the API sends it (compact), with a final newline. */
static int json_out(const char *path, json_t *j, ms_err *err)
{
    char *s = json_dumps(j, JSON_COMPACT);
    char *line = s ? ms_malloc(strlen(s) + 2) : NULL;
    int rc;

    if (!line) {
        free(s);
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    strcpy(line, s);
    strcat(line, "\n");
    rc = write_out(path, line, strlen(line), err);
    ms_free(line);
    free(s);
    return rc;
}

static int run(store *db, const ms_actor *who, const char *verb, const struct opts *o,
               enum report_format fmt, ms_err *err)
{
    arena ar = ARENA_INIT;
    char *bytes = NULL;
    size_t len = 0;
    int rc;

    if (strcmp(verb, "summary") == 0) {
        struct report_summary *r = arena_alloc(&ar, sizeof *r);
        if (!r) {
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        } else if ((rc = report_summary(db, who, o->campaign, 0, &ar, r, err)) != MS_OK) {
        } else if (fmt == REPORT_JSON) {
            json_t *j = report_summary_json(r);
            rc = j ? json_out(o->path, j, err)
                   : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            json_decref(j);
        } else if (fmt == REPORT_PDF) {
            if ((rc = report_summary_pdf(r, &bytes, &len, err)) == MS_OK)
                rc = write_out(o->path, bytes, len, err);
        } else if (fmt == REPORT_XLSX) {
            FILE *f = o->path ? fopen(o->path, "wb") : stdout;
            if (!f) {
                rc = ms_fail(err, MS_EINTERNAL, "output", "io_error", o->path);
            } else {
                rc = report_summary_xlsx(db, r, f, err);
                if (f != stdout && fclose(f) != 0 && rc == MS_OK)
                    rc = ms_fail(err, MS_EINTERNAL, "output", "io_error", o->path);
            }
        } else {
            rc = ms_fail(err, MS_EINVAL, "format", "report_format", o->format);
        }
    } else if (strcmp(verb, "inspections") == 0) {
        FILE *f = o->path ? fopen(o->path, "wb") : stdout;
        if (!f) {
            rc = ms_fail(err, MS_EINTERNAL, "output", "io_error", o->path);
        } else {
            rc = report_inspections(db, who, o->campaign, 0, fmt, f, NULL, err);
            if (f != stdout && fclose(f) != 0 && rc == MS_OK)
                rc = ms_fail(err, MS_EINTERNAL, "output", "io_error", o->path);
        }
    } else if (strcmp(verb, "form") == 0) {
        if (fmt != REPORT_PDF)
            rc = ms_fail(err, MS_EINVAL, "format", "report_format", o->format);
        else if ((rc = report_form_pdf(db, who, o->id, &bytes, &len, err)) == MS_OK)
            rc = write_out(o->path, bytes, len, err);
    } else { /* public */
        if (fmt == REPORT_JSON) {
            json_t *j = NULL;
            if ((rc = report_public_json(db, o->campaign, 1, 0, &j, err)) == MS_OK)
                rc = json_out(o->path, j, err);
            json_decref(j);
        } else if ((rc = report_public_bytes(db, o->campaign, fmt, NULL, &bytes, &len, err)) ==
                   MS_OK) {
            rc = write_out(o->path, bytes, len, err);
        }
    }
    ms_free(bytes);
    arena_free(&ar);
    return rc;
}

int cli_reports(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"campaign", required_argument, NULL, 'c'}, {"authority", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    struct opts o = {0};
    const char *verb;
    enum report_format fmt;
    struct ms_authority auth;
    arena ar = ARENA_INIT;
    store *db = NULL;
    ms_actor who;
    ms_err err = {0};
    int c, rc, binary;

    if (argc < 2)
        return usage(stderr, CLI_USAGE);
    verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "help") == 0)
        return usage(stdout, CLI_OK);
    if (strcmp(verb, "summary") != 0 && strcmp(verb, "inspections") != 0 &&
        strcmp(verb, "form") != 0 && strcmp(verb, "public") != 0)
        return usage(stderr, CLI_USAGE);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "o:", lopts, NULL)) != -1) {
        if (c == 'c') {
            if (!(o.campaign = cli_pos_arg(optarg)))
                return usage(stderr, CLI_USAGE);
        } else if (c == 'a') {
            o.authority = optarg;
        } else if (c == 'f') {
            o.format = optarg;
        } else if (c == 'o') {
            o.path = strcmp(optarg, "-") == 0 ? NULL : optarg;
        } else {
            return usage(c == 'h' ? stdout : stderr, c == 'h' ? CLI_OK : CLI_USAGE);
        }
    }
    if (strcmp(verb, "form") == 0) {
        if (optind != argc - 2 || !(o.id = cli_pos_arg(argv[argc - 1])))
            return usage(stderr, CLI_USAGE);
    } else if (optind != argc - 1 || (strcmp(verb, "public") != 0 && !o.campaign)) {
        return usage(stderr, CLI_USAGE);
    }
    if (!o.format)
        o.format = strcmp(verb, "form") == 0          ? "pdf"
                   : strcmp(verb, "inspections") == 0 ? "csv"
                                                      : "json";
    if (report_format_parse(o.format, &fmt, &err) != MS_OK) {
        cli_report(&err);
        return usage(stderr, CLI_USAGE);
    }
    binary = fmt == REPORT_XLSX || fmt == REPORT_PDF;
    if (binary && !o.path && isatty(fileno(stdout))) {
        fprintf(stderr, "%s\n",
                T("msup：该格式是二进制文件，请用 -o 文件 或重定向标准输出",
                  "msup: this format is binary: use -o FILE or redirect stdout"));
        return CLI_USAGE;
    }
    svc_actor_system(&who, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (o.authority && (rc = registry_actor_for_authority(db, o.authority, cli_lang, &ar, &who,
                                                           &auth, &err)) != MS_OK) ||
        (rc = run(db, &who, verb, &o, fmt, &err)) != MS_OK)
        rc = cli_report(&err);
    else
        rc = CLI_OK;
    store_close(db);
    arena_free(&ar);
    return rc;
}
