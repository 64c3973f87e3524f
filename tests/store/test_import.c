/* test_import.c - import and export of the registry over a real database,
 * once on SQLite and once on PostgreSQL (MSUP_TEST_BACKEND). Every refused
 * import must leave the registry exactly as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/tabin.h"
#include "core/uscc.h"
#include "service/audit.h"
#include "service/export.h"
#include "service/import.h"
#include "service/registry.h"
#include "store/imports.h"
#include "testdb.h"

#define CERT_DB "[2019]苏量标宁证字第0001号"

struct fx {
    store *db;
    arena ar;
    ms_actor sys;
    int64_t nation, js, nj, xw;
    const char *uscc_db; /* the seeded unit */
    struct import_report rep;
    ms_err err;
};

/* A valid USCC for division 320102 and serial N. */
static const char *uscc_n(arena *ar, int n)
{
    char *u = arena_alloc(ar, 19);
    snprintf(u, 19, "91320102MA%07d", n);
    u[17] = uscc_check_char(u);
    u[18] = '\0';
    return u;
}

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent)
{
    struct ms_authority a = {.code = code, .name = name, .level = level, .parent_id = parent};
    ms_err err = {0};
    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s %s", code, err.key, err.field, err.arg);
    return a.id;
}

/* The same authorities in every database (they are not imported). */
static void seed_authorities(struct fx *f)
{
    f->nation = add_authority(f, "000000", "国家市场监督管理总局", "national", 0);
    f->js = add_authority(f, "320000", "江苏省市场监督管理局", "provincial", f->nation);
    f->nj = add_authority(f, "320100", "南京市市场监督管理局", "municipal", f->js);
    f->xw = add_authority(f, "320102", "南京市玄武区市场监督管理局", "county", f->nj);
}

static int setup(void **state)
{
    static struct fx f;
    struct ms_unit u = {0};
    struct ms_standard s = {0};
    ms_err err = {0};

    memset(&f, 0, sizeof f);
    f.db = testdb_open("import");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    seed_authorities(&f);
    f.uscc_db = uscc_n(&f.ar, 1);
    u.uscc = f.uscc_db;
    u.name = "南京玄武精密仪器有限公司";
    u.division_code = "320102";
    u.kind = "enterprise";
    u.authority_id = f.xw;
    if (registry_unit_create(f.db, &f.sys, &u, &f.ar, &err) != MS_OK)
        fail_msg("unit: %s %s", err.key, err.field);
    s.unit_id = u.id;
    s.name = "二等量块标准装置";
    s.code = "01110100";
    s.category = "enterprise_highest";
    s.cert_no = CERT_DB;
    s.cert_authority_id = f.nj;
    s.cert_issued_on = "2019-05-01";
    s.cert_expires_on = "2023-04-30";
    if (registry_standard_create(f.db, &f.sys, &s, &f.ar, &err) != MS_OK)
        fail_msg("standard: %s %s", err.key, err.field);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    import_report_free(&f->rep);
    store_close(f->db);
    arena_free(&f->ar);
    return 0;
}

static int64_t count(struct fx *f, enum reg_entity e)
{
    ms_err err = {0};
    int64_t n = reg_count(f->db, e, &err);
    assert_true(n >= 0);
    return n;
}

/* Snapshot of every registry table's row count. */
struct counts {
    int64_t n[5];
};

static struct counts counts(struct fx *f)
{
    struct counts c;
    for (int e = REG_AUTHORITY; e <= REG_PERSONNEL; e++)
        c.n[e] = count(f, (enum reg_entity)e);
    return c;
}

static void assert_unchanged(struct fx *f, struct counts before)
{
    struct counts now = counts(f);
    for (int e = REG_AUTHORITY; e <= REG_PERSONNEL; e++)
        assert_int_equal(now.n[e], before.n[e]);
}

static int64_t audit_seq(struct fx *f)
{
    char hash[SM3_HEX_LEN + 1];
    int64_t seq = -1;
    ms_err err = {0};
    assert_int_equal(audit_db_head(f->db, &seq, hash, &err), MS_OK);
    return seq;
}

static int run_bytes(struct fx *f, enum import_kind kind, const char *data, size_t len, int partial)
{
    import_report_free(&f->rep);
    return import_run(f->db, &f->sys, kind, "test.csv", (const unsigned char *)data, len, partial,
                      NULL, NULL, &f->rep, &f->err);
}

static int run(struct fx *f, enum import_kind kind, const char *csv, int partial)
{
    return run_bytes(f, kind, csv, strlen(csv), partial);
}

/* The report has an error on ROW for FIELD with KEY (and ARG unless NULL). */
static void assert_row_error(struct fx *f, long row, const char *field, const char *key,
                             const char *arg)
{
    for (int i = 0; i < f->rep.nerrors; i++) {
        const ms_err *e = &f->rep.errors[i];
        if (e->row != row)
            continue;
        if (strcmp(e->field, field) || strcmp(e->key, key) || (arg && strcmp(e->arg, arg)))
            fail_msg("row %ld: got %s %s (%s), want %s %s", row, e->field, e->key, e->arg, field,
                     key);
        return;
    }
    fail_msg("no error reported for row %ld (%d errors)", row, f->rep.nerrors);
}

static const char UNITS_HEAD[] =
    "uscc,name,division_code,address,kind,sectors,authority_code,contact_name,contact_phone,"
    "credit_class\n";

static char *units_csv(struct fx *f, int from, int n)
{
    size_t cap = sizeof UNITS_HEAD + (size_t)n * 200;
    char *s = arena_alloc(&f->ar, cap), *p = s;
    p += sprintf(p, "%s", UNITS_HEAD);
    for (int i = from; i < from + n; i++)
        p += sprintf(p, "%s,单位%d,320102,南京市玄武区%d号,enterprise,food_safety,320102,,,B\n",
                     uscc_n(&f->ar, i), i, i);
    return s;
}

static const char STD_HEAD[] =
    "unit_uscc,name,code,category,measurement_range,uncertainty,cert_no,cert_authority_code,"
    "cert_issued_on,cert_expires_on,status,sectors\n";

static char *std_line(struct fx *f, int n, const char *issued, const char *expires)
{
    return arena_printf(&f->ar,
                        "%s,标准%d,01110100,enterprise_highest,(0.5~100)mm,U=0.1μm,"
                        "[2021]苏量标宁证字第%04d号,320100,%s,%s,active,\n",
                        f->uscc_db, n, n, issued, expires);
}

static char *std_csv(struct fx *f, int from, int n)
{
    size_t cap = sizeof STD_HEAD + (size_t)n * 220;
    char *s = arena_alloc(&f->ar, cap), *p = s;
    p += sprintf(p, "%s", STD_HEAD);
    for (int i = from; i < from + n; i++)
        p += sprintf(p, "%s", std_line(f, i, "2021-03-05", "2025-03-04"));
    return s;
}

/* ------------------------------------------------------------------ tests */

static void units_import(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    struct imports_row ir;
    struct audit_verify_result vr;
    int64_t seq = audit_seq(f);
    ms_err err = {0};

    assert_int_equal(run(f, IMPORT_UNITS, units_csv(f, 10, 3), 0), MS_OK);
    /* One audit row for the batch, and the chain still verifies. */
    assert_int_equal(audit_seq(f), seq + 1);
    assert_int_equal(audit_verify(f->db, &f->sys, &vr, &err), MS_OK);
    assert_true(vr.intact);
    assert_int_equal(f->rep.rows, 3);
    assert_int_equal(f->rep.accepted, 3);
    assert_int_equal(f->rep.rejected, 0);
    assert_true(f->rep.written);
    assert_string_equal(f->rep.format, "csv");
    assert_int_equal(count(f, REG_UNIT), before.n[REG_UNIT] + 3);
    /* The batch is recorded. */
    assert_true(f->rep.id > 0);
    assert_int_equal(imports_get(f->db, f->rep.id, &f->ar, &ir, &err), MS_OK);
    assert_string_equal(ir.kind, "units");
    assert_string_equal(ir.filename, "test.csv");
    assert_int_equal(ir.accepted, 3);
    assert_int_equal(strlen(ir.sha256), 64);
    assert_string_equal(ir.actor, "system");
}

static void chinese_headers_and_values(void **state)
{
    struct fx *f = *state;
    struct ms_unit u;
    ms_err err = {0};
    const char *uscc = uscc_n(&f->ar, 20);
    char *csv =
        arena_printf(&f->ar,
                     "\xEF\xBB\xBF统一社会信用代码,单位名称*,行政区划代码,单位类型,重点领域,"
                     "主管部门代码,信用等级,备注\r\n"
                     " %s ,南京某厂,320102,企业,食品安全、医疗卫生,320102,c,随便\r\n"
                     ",,,,,,,\r\n",
                     uscc);

    assert_int_equal(run(f, IMPORT_UNITS, csv, 0), MS_OK);
    assert_int_equal(f->rep.accepted, 1);
    assert_int_equal(f->rep.rows, 1); /* the empty row is skipped */
    /* The unknown column is a warning, not an error. */
    assert_int_equal(f->rep.nwarnings, 1);
    assert_string_equal(f->rep.warnings[0].key, "import_unknown_column");
    assert_string_equal(f->rep.warnings[0].arg, "备注");
    assert_int_equal(reg_unit_by_uscc(f->db, NULL, uscc, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.kind, "enterprise");
    assert_string_equal(u.sectors, "food_safety,medical_health");
    assert_string_equal(u.credit_class, "C");
    assert_int_equal(u.authority_id, f->xw);
}

static void bad_encoding(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    static const char bytes[] = "uscc,name\n\x81\x20,x\n";

    assert_int_equal(run_bytes(f, IMPORT_UNITS, bytes, sizeof bytes - 1, 0), MS_EINVAL);
    assert_string_equal(f->err.key, "bad_encoding");
    assert_int_equal(f->rep.nerrors, 0);
    assert_unchanged(f, before);
}

static void missing_column(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);

    assert_int_equal(run(f, IMPORT_UNITS,
                         "单位名称,行政区划代码,单位类型,主管部门代码\nx,320102,企业,"
                         "320102\n",
                         0),
                     MS_EINVAL);
    assert_string_equal(f->err.key, "import_missing_column");
    assert_string_equal(f->err.field, "uscc");
    assert_non_null(strstr(f->err.arg, "统一社会信用代码"));
    assert_unchanged(f, before);
    assert_int_equal(run(f, IMPORT_UNITS, "", 0), MS_EINVAL);
    assert_string_equal(f->err.key, "import_no_header");
}

static void bad_uscc_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    int64_t seq = audit_seq(f);
    ms_err err = {0};
    char *csv = units_csv(f, 30, 3);
    char *bad = strstr(csv, uscc_n(&f->ar, 31));

    bad[17] = bad[17] == '0' ? '1' : '0'; /* wrong check character on row 3 */
    assert_int_equal(run(f, IMPORT_UNITS, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.rejected, 1);
    assert_int_equal(f->rep.valid, 2);
    assert_int_equal(f->rep.accepted, 0);
    assert_false(f->rep.written);
    assert_row_error(f, 3, "uscc", "invalid_uscc_check", NULL);
    assert_int_equal(f->err.row, 3);
    assert_unchanged(f, before);
    /* The refused batch is on record too. */
    assert_true(f->rep.id > 0);
    assert_int_equal(imports_count(f->db, &err), 1);
    assert_int_equal(audit_seq(f), seq + 1);
}

static void duplicate_cert_no(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = arena_printf(
        &f->ar, "%s%s%s%s", STD_HEAD, std_line(f, 1, "2021-03-05", "2025-03-04"),
        std_line(f, 2, "2021-03-05", "2025-03-04"), std_line(f, 1, "2021-03-05", "2025-03-04"));
    char *db = strstr(csv, "[2021]苏量标宁证字第0002号");

    /* Row 3 takes the number of the standard already stored. */
    memcpy(db, "[2019]苏量标宁证字第0001号", strlen("[2019]苏量标宁证字第0001号"));
    assert_int_equal(run(f, IMPORT_STANDARDS, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.rejected, 2);
    assert_row_error(f, 3, "cert_no", "duplicate", CERT_DB);
    assert_row_error(f, 4, "cert_no", "import_duplicate_in_file", "2");
    assert_unchanged(f, before);
}

static void duplicate_uscc(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = arena_printf(&f->ar,
                             "%s%s,a,320102,,enterprise,,320102,,,\n"
                             "%s,b,320102,,enterprise,,320102,,,\n"
                             "%s,c,320102,,enterprise,,320102,,,\n",
                             UNITS_HEAD, uscc_n(&f->ar, 50), f->uscc_db, uscc_n(&f->ar, 50));

    assert_int_equal(run(f, IMPORT_UNITS, csv, 0), MS_EINVAL);
    assert_row_error(f, 3, "uscc", "duplicate", f->uscc_db);
    assert_row_error(f, 4, "uscc", "import_duplicate_in_file", "2");
    assert_unchanged(f, before);
}

static void unknown_division_and_authority(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = arena_printf(&f->ar,
                             "%s%s,a,329999,,enterprise,,320102,,,\n"
                             "%s,b,320102,,enterprise,,320105,,,\n"
                             "%s,c,320102,,enterprise,,,,,\n"
                             "%s,d,320102,,company,,320102,,,\n",
                             UNITS_HEAD, uscc_n(&f->ar, 60), uscc_n(&f->ar, 61), uscc_n(&f->ar, 62),
                             uscc_n(&f->ar, 63));

    assert_int_equal(run(f, IMPORT_UNITS, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.rejected, 4);
    assert_row_error(f, 2, "division_code", "unknown_division", NULL);
    assert_row_error(f, 3, "authority_code", "unknown_authority", "320105");
    assert_row_error(f, 4, "authority_code", "required", NULL);
    assert_row_error(f, 5, "kind", "invalid_enum", "company");
    assert_unchanged(f, before);
}

static void bad_dates(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = arena_printf(
        &f->ar, "%s%s%s%s%s", STD_HEAD, std_line(f, 1, "2021-02-30", "2025-03-04"),
        std_line(f, 2, "soon", "2025-03-04"), std_line(f, 3, "2021-03-05", "2021-03-01"),
        std_line(f, 4, "2021/3/5", "2025年3月4日"));

    assert_int_equal(run(f, IMPORT_STANDARDS, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.rejected, 3);
    assert_int_equal(f->rep.valid, 1); /* typed date forms are accepted */
    assert_row_error(f, 2, "cert_issued_on", "invalid_date_value", NULL);
    assert_row_error(f, 3, "cert_issued_on", "invalid_date", NULL);
    assert_row_error(f, 4, "cert_expires_on", "expiry_before_issue", NULL);
    assert_unchanged(f, before);
}

/* A code typed into Excel as a number loses its leading zero. */
static void excel_number_code(void **state)
{
    struct fx *f = *state;
    struct ms_standard s;
    ms_err err = {0};
    char *line = std_line(f, 7, "2021-03-05", "2025-03-04");
    char *code = strstr(line, ",01110100,");

    memmove(code + 1, code + 2, strlen(code + 2) + 1);
    assert_int_equal(run(f, IMPORT_STANDARDS, arena_printf(&f->ar, "%s%s", STD_HEAD, line), 0),
                     MS_OK);
    assert_int_equal(reg_standard_by_cert_no(f->db, "[2021]苏量标宁证字第0007号", &f->ar, &s, &err),
                     MS_OK);
    assert_string_equal(s.code, "01110100");
    assert_string_equal(s.field, "01");
}

static void unknown_references(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = arena_printf(&f->ar,
                             "%s%s,标准,01110100,enterprise_highest,,,"
                             "[2021]苏量标宁证字第0009号,320100,2021-03-05,2025-03-04,,\n"
                             "%s,标准,01110100,enterprise_highest,,,"
                             "[2021]苏量标宁证字第0010号,990000,2021-03-05,2025-03-04,,\n",
                             STD_HEAD, uscc_n(&f->ar, 77), f->uscc_db);

    assert_int_equal(run(f, IMPORT_STANDARDS, csv, 0), MS_EINVAL);
    assert_row_error(f, 2, "unit_uscc", "unknown_unit", NULL);
    assert_row_error(f, 3, "cert_authority_code", "unknown_authority", "990000");
    assert_int_equal(run(f, IMPORT_APPARATUS,
                         "证书编号,设备名称\n[2021]苏量标宁证字第9999号,量块\n" CERT_DB ",\n", 0),
                     MS_EINVAL);
    assert_row_error(f, 2, "cert_no", "import_unknown_standard", NULL);
    assert_row_error(f, 3, "name", "required", NULL);
    /* An empty required cell is a row error, not a failure of the import. */
    assert_int_equal(run(f, IMPORT_STANDARDS,
                         arena_printf(&f->ar,
                                      "%s%s,标准,,enterprise_highest,,,"
                                      "[2021]苏量标宁证字第0011号,320100,2021-03-05,"
                                      "2025-03-04,,\n",
                                      STD_HEAD, f->uscc_db),
                         0),
                     MS_EINVAL);
    assert_row_error(f, 2, "code", "required", NULL);
    assert_unchanged(f, before);
}

static void partial_keeps_good_rows(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    char *csv = units_csv(f, 80, 4);
    char *bad = strstr(csv, "单位82,320102");

    memcpy(bad + strlen("单位82,"), "999999", 6);
    assert_int_equal(run(f, IMPORT_UNITS, csv, 1), MS_EINVAL);
    assert_true(f->rep.written);
    assert_int_equal(f->rep.accepted, 3);
    assert_int_equal(f->rep.rejected, 1);
    assert_row_error(f, 4, "division_code", "unknown_division", "999999");
    assert_int_equal(count(f, REG_UNIT), before.n[REG_UNIT] + 3);
}

static void apparatus_and_personnel(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);

    assert_int_equal(
        run(f, IMPORT_APPARATUS,
            "计量标准证书编号,设备名称,型号规格,出厂编号,用途,溯源证书编号,检定/校准机构,"
            "检定/校准日期,下次溯源日期\n" CERT_DB
            ",量块,83块,A123,计量标准器,JL2021-1,江苏省计量院,2021/3/5,2022/3/4\n"
            "〔2019〕苏量标宁证字第0001号,平台,,,配套设备,,,,\n",
            0),
        MS_OK);
    assert_int_equal(count(f, REG_APPARATUS), before.n[REG_APPARATUS] + 2);
    assert_int_equal(run(f, IMPORT_PERSONNEL,
                         "cert_no,name,qualification_no,valid_until,in_charge\n" CERT_DB
                         ",张三,Q1,2026-01-01,是\n" CERT_DB ",李四,Q2,2026-01-01,0\n" CERT_DB
                         ",王五,Q3,,maybe\n",
                         0),
                     MS_EINVAL);
    assert_row_error(f, 4, "in_charge", "import_bad_bool", "maybe");
    assert_int_equal(count(f, REG_PERSONNEL), before.n[REG_PERSONNEL]);
}

/* More rows than one batch, the bad one last: the batches already sent to
 * the database must be rolled back. */
static void big_file_all_or_nothing(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    int n = 5000;
    char *csv = std_csv(f, 1, n);
    char *last = strstr(csv, "[2021]苏量标宁证字第5000号");

    last = strstr(last, "2025-03-04");
    memcpy(last, "2025-13-04", 10);
    assert_int_equal(run(f, IMPORT_STANDARDS, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.valid, n - 1);
    assert_row_error(f, n + 1, "cert_expires_on", "invalid_date_value", NULL);
    assert_unchanged(f, before);
    memcpy(last, "2025-03-04", 10);
    assert_int_equal(run(f, IMPORT_STANDARDS, csv, 0), MS_OK);
    assert_int_equal(f->rep.accepted, n);
    assert_int_equal(count(f, REG_STANDARD), before.n[REG_STANDARD] + n);
}

static void error_list_is_capped(void **state)
{
    struct fx *f = *state;
    size_t cap = 64 + 1200 * 8;
    char *csv = arena_alloc(&f->ar, cap), *p = csv;

    p += sprintf(p, "%s", "cert_no,name\n");
    for (int i = 0; i < 1200; i++)
        p += sprintf(p, "x%d,y\n", i);
    assert_int_equal(run(f, IMPORT_PERSONNEL, csv, 0), MS_EINVAL);
    assert_int_equal(f->rep.rejected, 1200);
    assert_int_equal(f->rep.nerrors, IMPORT_MAX_ERRORS);
}

static void permissions_and_scope(void **state)
{
    struct fx *f = *state;
    struct counts before = counts(f);
    struct ms_authority auth;
    ms_actor xw, auditor;
    ms_err err = {0};
    char *csv = arena_printf(&f->ar, "%s%s,a,320102,,enterprise,,320100,,,\n", UNITS_HEAD,
                             uscc_n(&f->ar, 90));

    assert_int_equal(
        registry_actor_for_authority(f->db, "320102", MS_LANG_ZH, &f->ar, &xw, &auth, &err), MS_OK);
    /* The county may not place a unit under the city above it. */
    assert_int_equal(import_run(f->db, &xw, IMPORT_UNITS, "u.csv", (const unsigned char *)csv,
                                strlen(csv), 0, NULL, NULL, &f->rep, &f->err),
                     MS_EINVAL);
    assert_row_error(f, 2, "authority_code", "unknown_authority", "320100");
    import_report_free(&f->rep);
    auditor = f->sys;
    auditor.role = "auditor";
    assert_int_equal(import_run(f->db, &auditor, IMPORT_UNITS, "u.csv", (const unsigned char *)csv,
                                strlen(csv), 0, NULL, NULL, &f->rep, &f->err),
                     MS_EFORBIDDEN);
    assert_unchanged(f, before);
}

/* ---------------------------------------------------------- round trip */

static char *export_bytes(struct fx *f, store *db, enum import_kind kind, enum export_format fmt,
                          size_t *len)
{
    struct export_opts opts = {fmt, 0};
    FILE *fp = tmpfile();
    ms_err err = {0};
    int64_t rows;
    char *buf;
    long n;

    assert_non_null(fp);
    if (export_run(db, &f->sys, kind, &opts, NULL, fp, &rows, &err) != MS_OK)
        fail_msg("export %s: %s %s", import_kind_name(kind), err.key, err.arg);
    n = ftell(fp);
    rewind(fp);
    buf = arena_alloc(&f->ar, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void round_trip(struct fx *f, enum export_format fmt)
{
    static const enum import_kind kinds[] = {IMPORT_UNITS, IMPORT_STANDARDS, IMPORT_APPARATUS,
                                             IMPORT_PERSONNEL};
    struct fx g = {0};

    /* Content in every column, including awkward text. */
    assert_int_equal(run(f, IMPORT_UNITS,
                         arena_printf(&f->ar,
                                      "%s%s,\"名称,带逗号\",320102,\"地址 \"\"引号\"\"\",事业单位,"
                                      "医疗卫生、食品安全,320100,=张三,+86 25 1234,A\n",
                                      UNITS_HEAD, uscc_n(&f->ar, 100)),
                         0),
                     MS_OK);
    assert_int_equal(run(f, IMPORT_STANDARDS, std_csv(f, 1, 3), 0), MS_OK);
    assert_int_equal(run(f, IMPORT_APPARATUS,
                         "cert_no,name,model,serial,role,trace_cert_no,trace_org,calibrated_on,"
                         "due_on\n" CERT_DB ",量块,83块,A1,auxiliary,T1,院,2021-03-05,2022-03-04\n"
                         "[2021]苏量标宁证字第0002号,平台,,,,,,,\n",
                         0),
                     MS_OK);
    assert_int_equal(run(f, IMPORT_PERSONNEL,
                         "cert_no,name,qualification_no,valid_until,in_charge\n" CERT_DB
                         ",张三,Q1,2026-01-01,1\n" CERT_DB ",李四,,,0\n",
                         0),
                     MS_OK);

    g.db = testdb_open("import_copy");
    arena_init(&g.ar);
    g.sys = f->sys;
    seed_authorities(&g);
    for (size_t k = 0; k < MS_ARRAY_LEN(kinds); k++) {
        size_t len, len2, len3;
        char *a = export_bytes(f, f->db, kinds[k], fmt, &len), *b, *csv_a;
        if (run_bytes(&g, kinds[k], a, len, 0) != MS_OK)
            fail_msg("re-import %s: row %ld %s %s %s", import_kind_name(kinds[k]), g.err.row,
                     g.err.field, g.err.key, g.err.arg);
        assert_int_equal(g.rep.accepted, count(f, (enum reg_entity)(kinds[k] + REG_UNIT)));
        /* The copy exports exactly as the original does. */
        csv_a = export_bytes(f, f->db, kinds[k], EXPORT_CSV, &len2);
        b = export_bytes(f, g.db, kinds[k], EXPORT_CSV, &len3);
        assert_int_equal(len2, len3);
        assert_memory_equal(csv_a, b, len2);
    }
    import_report_free(&g.rep);
    store_close(g.db);
    arena_free(&g.ar);
}

static void round_trip_csv(void **state)
{
    round_trip(*state, EXPORT_CSV);
}

static void round_trip_xlsx(void **state)
{
    round_trip(*state, EXPORT_XLSX);
}

static void export_english(void **state)
{
    struct fx *f = *state;
    struct export_opts opts = {EXPORT_CSV, 1};
    FILE *fp = tmpfile();
    char buf[4096];
    size_t n;
    ms_err err = {0};
    int64_t rows = -1;

    assert_int_equal(export_run(f->db, &f->sys, IMPORT_STANDARDS, &opts, NULL, fp, &rows, &err),
                     MS_OK);
    assert_int_equal(rows, 1);
    rewind(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "unit_uscc,name,code,category,"));
    assert_non_null(strstr(buf, "enterprise_highest"));
    assert_non_null(strstr(buf, CERT_DB ",320100,2019-05-01,2023-04-30,active,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(units_import, setup, teardown),
        cmocka_unit_test_setup_teardown(chinese_headers_and_values, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_column, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_uscc_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicate_cert_no, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicate_uscc, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_division_and_authority, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(excel_number_code, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_references, setup, teardown),
        cmocka_unit_test_setup_teardown(partial_keeps_good_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(apparatus_and_personnel, setup, teardown),
        cmocka_unit_test_setup_teardown(big_file_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(error_list_is_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(permissions_and_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(round_trip_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(round_trip_xlsx, setup, teardown),
        cmocka_unit_test_setup_teardown(export_english, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
