/* cli_calc.c - `msup calc KIND [FILE]`: run a technical-check calculator
 * (service/calc.h) on the JSON object read from FILE or standard input and
 * print the result exactly as POST /api/v1/calc/KIND answers it (compact
 * JSON, one line). Bad input exits 1 with the field named; no database. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "service/calc.h"

int cli_calc(int argc, char **argv)
{
    json_t *in = NULL, *out = NULL;
    json_error_t je;
    ms_err err;
    arena ar;
    FILE *f = stdin;
    int rc;

    ms_err_clear(&err);
    if (argc < 2 || argc > 3 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
        return cli_usage(argc >= 2 ? stdout : stderr, "calc_usage", argc >= 2 ? CLI_OK : CLI_USAGE);
    if (!calc_known(argv[1])) {
        ms_fail(&err, MS_EINVAL, "kind", "calc_unknown", argv[1]);
        cli_report(&err);
        return cli_usage(stderr, "calc_usage", CLI_USAGE);
    }
    if (argc == 3 && strcmp(argv[2], "-") != 0 && !(f = fopen(argv[2], "rb"))) {
        ms_fail(&err, MS_EINVAL, "file", "io_error", argv[2]);
        return cli_report(&err);
    }
    in = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    if (f != stdin)
        fclose(f);
    if (!in) {
        ms_failf(&err, MS_EINVAL, "", "malformed_json", "%d:%d", je.line, je.column);
        return cli_report(&err);
    }
    arena_init(&ar);
    rc = calc_run(argv[1], in, "", &ar, &out, &err);
    json_decref(in);
    if (rc == MS_OK) {
        char *s = json_dumps(out, CALC_DUMP_FLAGS);
        rc = s && puts(s) >= 0 && fflush(stdout) == 0
                 ? MS_OK
                 : ms_fail(&err, MS_EINTERNAL, "", "io_error", "stdout");
        free(s);
        json_decref(out);
    }
    arena_free(&ar);
    return rc == MS_OK ? CLI_OK : cli_report(&err);
}
