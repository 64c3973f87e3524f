/* cli_validate.c - `msup validate uscc|division|jjf1022|cert-no VALUE`.
 *
 * Prints "ok" and detail lines ("label: value") to stdout and exits 0, or the
 * reason to stderr and exits 1; bad usage exits 2. Uses core/ only: no
 * database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/certno.h"
#include "core/division.h"
#include "core/field.h"
#include "core/msg.h"
#include "core/uscc.h"

static const char *txt(const char *key)
{
    const char *s = msg_template(key, cli_lang);

    return s ? s : key;
}

static void line(const char *label_key, const char *value)
{
    printf("%s: %s\n", txt(label_key), value);
}

static int usage(void)
{
    ms_err err;
    char buf[512];

    ms_fail(&err, MS_EINVAL, NULL, "usage", txt("validate_usage"));
    fprintf(stderr, "msup: %s\n", msg_format(&err, cli_lang, buf, sizeof buf));
    return CLI_USAGE;
}

static const char *level_text(enum division_level level)
{
    switch (level) {
    case DIVISION_PROVINCE: return txt("validate_level_province");
    case DIVISION_PREFECTURE: return txt("validate_level_prefecture");
    case DIVISION_COUNTY: return txt("validate_level_county");
    }
    return "?";
}

/* ------------------------------------------------------------------------ */
/* The four kinds                                                           */
/* ------------------------------------------------------------------------ */

static int check_uscc(const char *value)
{
    char code[USCC_LEN + 1], div[DIVISION_CODE_LEN + 1], buf[256];
    int warning = 0;
    ms_err err;

    ms_err_clear(&err);
    if (uscc_validate(value, code, &warning, &err) != MS_OK)
        return cli_report(&err);
    printf("ok\n");
    line("validate_code", code);
    snprintf(buf, sizeof buf, "%s (%c) / %s (%c)", uscc_registrar_name(code[0], cli_lang), code[0],
             uscc_kind_name(code[0], code[1], cli_lang), code[1]);
    line("validate_registrar", buf);
    memcpy(div, code + 2, DIVISION_CODE_LEN);
    div[DIVISION_CODE_LEN] = '\0';
    if (strcmp(div, "100000") == 0) {
        snprintf(buf, sizeof buf, "%s (%s)", div, txt("validate_central"));
    } else {
        char name[192];
        if (division_full_name(NULL, div, NULL, name, sizeof name) == MS_OK)
            snprintf(buf, sizeof buf, "%s %s", div, name);
        else
            snprintf(buf, sizeof buf, "%s", div);
    }
    line("validate_registrar_division", buf);
    if (warning) {
        char expect[2] = {uscc_org_check_char(code + 8), '\0'};
        ms_fail(&err, MS_OK, "uscc", "uscc_org_check", expect);
        printf("%s\n", msg_format(&err, cli_lang, buf, sizeof buf));
    }
    return CLI_OK;
}

static int check_division(const char *value, const char *as_of)
{
    const division *d, *parent;
    char buf[256];
    ms_err err;

    ms_err_clear(&err);
    if (division_validate(NULL, value, as_of, &d, &err) != MS_OK)
        return cli_report(&err);
    printf("ok\n");
    line("validate_code", d->code);
    line("validate_name", d->name);
    if (division_full_name(NULL, d->code, as_of, buf, sizeof buf) == MS_OK)
        line("validate_full_name", buf);
    line("validate_level", level_text(d->level));
    parent = division_parent(NULL, d, as_of);
    if (parent) {
        snprintf(buf, sizeof buf, "%s %s", parent->code, parent->name);
        line("validate_parent", buf);
    }
    if (d->valid_from[0] || d->valid_to[0]) {
        snprintf(buf, sizeof buf, "%s .. %s", d->valid_from, d->valid_to);
        line("validate_valid", buf);
    }
    return CLI_OK;
}

static int check_jjf1022(const char *value)
{
    char code[FIELD_CODE_LEN + 1], buf[256];
    const struct jjf_field *f;
    ms_err err;

    ms_err_clear(&err);
    if (field_validate(value, code, &f, &err) != MS_OK)
        return cli_report(&err);
    printf("ok\n");
    line("validate_code", code);
    snprintf(buf, sizeof buf, "%s %s (%s)", f->code, field_name(f, cli_lang),
             txt(f->general ? "validate_general" : "validate_special"));
    line("validate_field", buf);
    return CLI_OK;
}

static int check_cert_no(const char *value)
{
    certno c;
    char buf[256];
    ms_err err;

    ms_err_clear(&err);
    if (certno_parse(value, &c, &err) != MS_OK)
        return cli_report(&err);
    printf("ok\n");
    line("validate_code", c.text);
    snprintf(buf, sizeof buf, "%d", c.year);
    line("validate_year", buf);
    if (strcmp(c.province_code, "10") == 0) {
        snprintf(buf, sizeof buf, "%s (%s)", c.province, txt("validate_central"));
    } else if (c.province_code[0]) {
        char code[DIVISION_CODE_LEN + 1];
        const division *d;
        snprintf(code, sizeof code, "%s0000", c.province_code);
        d = division_find(NULL, code, NULL);
        snprintf(buf, sizeof buf, "%s (%s %s)", c.province, code, d ? d->name : "");
    } else {
        snprintf(buf, sizeof buf, "%s (%s)", c.province, txt("validate_unknown_province"));
    }
    line("validate_province", buf);
    line("validate_unit", c.unit);
    line("validate_serial", c.serial);
    return CLI_OK;
}

/* ------------------------------------------------------------------------ */
/* The verb                                                                 */
/* ------------------------------------------------------------------------ */

int cli_validate(int argc, char **argv)
{
    const char *kind = NULL, *value = NULL, *as_of = NULL;
    ms_err err;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc)
            as_of = argv[++i];
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("%s\n", txt("validate_usage"));
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1] == '-')
            return usage();
        else if (!kind)
            kind = argv[i];
        else if (!value)
            value = argv[i];
        else
            return usage();
    }
    if (!kind || !value)
        return usage();
    if (as_of && strcmp(kind, "division") != 0)
        return usage();
    if (strcmp(kind, "uscc") == 0)
        return check_uscc(value);
    if (strcmp(kind, "division") == 0) {
        if (!division_default(&err))
            return cli_report(&err);
        return check_division(value, as_of);
    }
    if (strcmp(kind, "jjf1022") == 0)
        return check_jjf1022(value);
    if (strcmp(kind, "cert-no") == 0)
        return check_cert_no(value);
    return usage();
}
