/* cli.h - the command line: one function per verb, a table in main.c.
 *
 * Each verb gets argv from its own name on (argv[0] = "validate") and returns
 * the process exit code: 0 success, 1 invalid input or failed check, 2 usage,
 * 3 internal error. Verbs call service/ only; they never touch SQL. */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "core/ms.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_INTERNAL = 3 };

/* Language of messages: --lang en|zh on the command line wins, then LANG /
 * LC_ALL (en* -> English), default zh-CN. */
extern enum ms_lang cli_lang;

/* Database URL: --db URL, else $MSUP_DB, else "sqlite:var/msup.db". */
const char *cli_db_url(void);

/* Print ERR's message in cli_lang to stderr, prefixed "msup: " and with the
 * field and row when set. Returns the exit code for ERR->code. */
int cli_report(const ms_err *err);

/* Exit code for a result code. */
int cli_exit_code(int result);

/* Text in the command line's language: zh-CN first, en second. */
#define T(zh, en) (cli_lang == MS_LANG_EN ? (en) : (zh))

/* Print the usage line kept under message KEY (e.g. "draw_usage") to OUT,
 * prefixed "msup: " on stderr; returns RC. Usage texts are longer than an
 * ms_err argument holds, so they are printed from the template directly. */
int cli_usage(FILE *out, const char *key, int rc);

/* S as a positive integer; 0 when it is not one (absent, signed, trailing
 * characters, zero). */
int64_t cli_pos_arg(const char *s);

/* Verbs. */
int cli_validate(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_alerts(int argc, char **argv);
int cli_registry(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_campaign(int argc, char **argv);
int cli_checklist(int argc, char **argv);
int cli_draw(int argc, char **argv);
int cli_inspections(int argc, char **argv);
int cli_inspector(int argc, char **argv);
/* technical-check calculators */
int cli_calc(int argc, char **argv);
/* dispositions and the risk list (cli_cases.c) */
int cli_risk(int argc, char **argv);
int cli_disposition(int argc, char **argv);
/* findings and rectification (issue 5, insp) */
int cli_findings(int argc, char **argv);
/* reports and publication */
int cli_reports(int argc, char **argv);
/* backup and restore (issue 9, cli_backup.c) */
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);

#endif
