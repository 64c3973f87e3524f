/* test_tabin.c - core/tabin (CSV and XLSX input) and the writers it must
 * read back: render/csvout and render/xlsxout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <minizip/zip.h>

#include "core/alloc.h"
#include "core/msg.h"
#include "core/tabin.h"
#include "render/csvout.h"
#include "render/xlsxout.h"

static arena ar;

static int teardown(void **state)
{
    (void)state;
    arena_free(&ar);
    return 0;
}

/* Load S (N bytes) and expect MS_OK. */
static struct tabin_table load(const char *s, size_t n, struct tabin_info *info)
{
    struct tabin_table t;
    ms_err err = {0};
    int rc = tabin_load((const unsigned char *)s, n, &ar, &t, info, &err);
    if (rc != MS_OK)
        fail_msg("tabin_load: %s %s (row %ld)", err.key, err.arg, err.row);
    return t;
}

#define LOAD(lit, info) load(lit, sizeof(lit) - 1, info)

static void expect_fail(const char *s, size_t n, const char *key, long row)
{
    struct tabin_table t;
    ms_err err = {0};

    assert_int_equal(tabin_load((const unsigned char *)s, n, &ar, &t, NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, key);
    assert_non_null(msg_template(key, MS_LANG_ZH));
    if (row)
        assert_int_equal(err.row, row);
}

/* ------------------------------------------------------------------ CSV */

static void csv_quoting(void **state)
{
    struct tabin_info info;
    struct tabin_table t = LOAD("name,note,empty\r\n"
                                "\"a,b\",\"he said \"\"hi\"\"\",\r\n"
                                "\"multi\nline\",  x  ,\"\"\r\n"
                                "last,row,no newline",
                                &info);
    (void)state;
    assert_int_equal(info.format, TABIN_CSV);
    assert_string_equal(info.encoding, "UTF-8");
    assert_int_equal(t.nrows, 4);
    assert_int_equal(info.rows, 4);
    assert_int_equal(t.rows[0].row, 1);
    assert_int_equal(t.rows[0].ncells, 3);
    assert_string_equal(t.rows[1].cells[0], "a,b");
    assert_string_equal(t.rows[1].cells[1], "he said \"hi\"");
    assert_string_equal(t.rows[1].cells[2], "");
    /* A quoted line break stays inside the cell; the record is one row. */
    assert_string_equal(t.rows[2].cells[0], "multi\nline");
    assert_string_equal(t.rows[2].cells[1], "x");
    assert_int_equal(t.rows[2].row, 3);
    assert_string_equal(t.rows[3].cells[2], "no newline");
    assert_int_equal(t.rows[3].row, 4);
}

static void csv_bom_and_chinese(void **state)
{
    struct tabin_info info;
    struct tabin_table t =
        LOAD("\xEF\xBB\xBF统一社会信用代码,单位名称\n914403001922038216,中文单位\n", &info);
    (void)state;
    assert_string_equal(info.encoding, "UTF-8");
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.rows[0].cells[0], "统一社会信用代码"); /* no BOM left */
    assert_string_equal(t.rows[1].cells[1], "中文单位");
}

static void csv_crlf_and_blank_lines(void **state)
{
    struct tabin_table t = LOAD("h\r\na\r\n\r\n\r\nb\r\n,\r\n\nc", NULL);
    (void)state;
    /* Rows as a spreadsheet numbers them: blank lines count, are skipped. */
    assert_int_equal(t.nrows, 5);
    assert_int_equal(t.rows[1].row, 2);
    assert_string_equal(t.rows[2].cells[0], "b");
    assert_int_equal(t.rows[2].row, 5);
    assert_int_equal(t.rows[3].row, 6); /* "," is a row of two empty cells */
    assert_int_equal(t.rows[3].ncells, 2);
    assert_int_equal(t.rows[4].row, 8);
    assert_string_equal(t.rows[4].cells[0], "c");
}

static void csv_lf_only(void **state)
{
    struct tabin_table t = LOAD("a,b\nc,d\n\ne,f\n", NULL);
    (void)state;
    assert_int_equal(t.nrows, 3);
    assert_int_equal(t.rows[2].row, 4);
}

static void csv_tab_separated(void **state)
{
    struct tabin_table t = LOAD("名称\t代码\n量块\t01010100\n", NULL);
    (void)state;
    assert_int_equal(t.rows[1].ncells, 2);
    assert_string_equal(t.rows[1].cells[1], "01010100");
}

static void csv_gb18030(void **state)
{
    struct tabin_info info;
    /* 单位名称,中文,𠀀 (a four-byte GB18030 sequence), € */
    static const char gb[] = "\xb5\xa5\xce\xbb\xc3\xfb\xb3\xc6,x\r\n"
                             "\xd6\xd0\xce\xc4,\x95\x32\x82\x36\xa2\xe3\r\n";
    struct tabin_table t = LOAD(gb, &info);
    (void)state;
    assert_string_equal(info.encoding, "GB18030");
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.rows[0].cells[0], "单位名称");
    assert_string_equal(t.rows[1].cells[0], "中文");
    assert_string_equal(t.rows[1].cells[1], "𠀀€");
}

static void csv_bad_bytes(void **state)
{
    (void)state;
    /* 0x81 0x20: a GB18030 lead byte without its trail, on line 2. */
    expect_fail("a,b\nc,\x81\x20\n", 9, "bad_encoding", 2);
    expect_fail("a\xff", 2, "bad_encoding", 1);
    expect_fail("a\x80", 2, "bad_encoding", 1);
    expect_fail("\xff\xfe"
                "a\0",
                4, "bad_encoding", 0);
    expect_fail("a,b\0c", 5, "bad_encoding", 1);
    expect_fail("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "unsupported_format", 0);
}

static void csv_broken_quote(void **state)
{
    (void)state;
    expect_fail("a,b\nc,\"d\n", 9, "csv_malformed", 2);
    expect_fail("a,b\nc,d\"e\n", 10, "csv_malformed", 2);
}

static void csv_empty(void **state)
{
    struct tabin_table t = LOAD("", NULL);
    struct tabin_table u = LOAD("\xEF\xBB\xBF\r\n", NULL);
    (void)state;
    assert_int_equal(t.nrows, 0);
    assert_int_equal(u.nrows, 0);
}

static int stop_at_two(void *ctx, const struct tabin_row *r, ms_err *err)
{
    (*(int *)ctx)++;
    return r->row == 2 ? ms_fail(err, MS_EINVAL, "x", "required", NULL) : MS_OK;
}

static void callback_stops(void **state)
{
    static const char s[] = "a\nb\nc\nd\n";
    ms_err err = {0};
    int calls = 0;
    (void)state;
    assert_int_equal(
        tabin_read((const unsigned char *)s, sizeof s - 1, stop_at_two, &calls, NULL, &err),
        MS_EINVAL);
    assert_int_equal(calls, 2);
    assert_string_equal(err.key, "required");
}

static void utf8_validation(void **state)
{
    size_t at = 0;
    (void)state;
    assert_true(tabin_utf8_valid((const unsigned char *)"plain ascii text here", 21, NULL));
    assert_true(tabin_utf8_valid((const unsigned char *)"中文𠀀", 10, NULL));
    assert_false(tabin_utf8_valid((const unsigned char *)"ab\xc0\xaf", 4, &at)); /* overlong */
    assert_int_equal(at, 2);
    assert_false(tabin_utf8_valid((const unsigned char *)"\xed\xa0\x80", 3, &at)); /* surrogate */
    assert_false(tabin_utf8_valid((const unsigned char *)"\xe4\xb8", 2, &at));     /* cut */
    assert_false(tabin_utf8_valid((const unsigned char *)"\xf4\x90\x80\x80", 4, &at));
}

static void dates(void **state)
{
    char d[11], s[24];
    (void)state;
    assert_true(tabin_date_normalize("2021-3-5", d));
    assert_string_equal(d, "2021-03-05");
    assert_true(tabin_date_normalize("2021/03/05", d));
    assert_string_equal(d, "2021-03-05");
    assert_true(tabin_date_normalize("2021.3.15", d));
    assert_string_equal(d, "2021-03-15");
    assert_true(tabin_date_normalize("2021年3月5日", d));
    assert_string_equal(d, "2021-03-05");
    assert_true(tabin_date_normalize("2021/3/5 0:00", d));
    assert_true(tabin_date_normalize("2021-03-05 00:00:00", d));
    assert_true(tabin_date_normalize("20210305", d));
    assert_string_equal(d, "2021-03-05");
    assert_false(tabin_date_normalize("2021/3/5 12:30", d));
    assert_false(tabin_date_normalize("2021-3/5", d));
    assert_false(tabin_date_normalize("21-3-5", d));
    assert_false(tabin_date_normalize("soon", d));
    assert_string_equal(d, "");

    assert_string_equal(tabin_serial_text(44260, 0, s), "2021-03-05");
    assert_string_equal(tabin_serial_text(44260.5, 0, s), "2021-03-05 12:00:00");
    assert_string_equal(tabin_serial_text(1, 0, s), "1900-01-01");
    assert_string_equal(tabin_serial_text(61, 0, s), "1900-03-01");
    assert_string_equal(tabin_serial_text(0, 1, s), "1904-01-01");
    assert_string_equal(tabin_serial_text(0.25, 0, s), "06:00:00");
    assert_string_equal(tabin_serial_text(-3, 0, s), "-3");
}

/* --------------------------------------------------------------- csvout */

static void csvout_writes_rfc4180(void **state)
{
    const char *row1[] = {"a,b", "say \"x\"", NULL, " pad", "line\nbreak"};
    const char *row2[] = {"=1+2", "-5", "+86 10 1234", "@x", "-", "1e5", "2021-03-05"};
    csvout *w = csvout_new(NULL);
    const char *b;
    size_t n;
    (void)state;
    assert_non_null(w);
    assert_int_equal(csvout_row(w, row1, 5, NULL), MS_OK);
    assert_int_equal(csvout_row(w, row2, 7, NULL), MS_OK);
    b = csvout_bytes(w, &n);
    assert_int_equal(memcmp(b, "\xEF\xBB\xBF", 3), 0);
    assert_true(n > 3);
    {
        char *s = ms_strndup(b, n);
        assert_string_equal(s, "\xEF\xBB\xBF\"a,b\",\"say \"\"x\"\"\",,\" pad\",\"line\nbreak\"\r\n"
                               "\"'=1+2\",-5,\"'+86 10 1234\",\"'@x\",\"'-\",1e5,2021-03-05\r\n");
        ms_free(s);
    }
    /* ... and tabin reads it back; the importer's unguard restores values. */
    {
        char *copy = arena_strndup(&ar, b, n);
        struct tabin_table t = load(copy, n, NULL);
        assert_int_equal(t.nrows, 2);
        assert_string_equal(t.rows[0].cells[0], "a,b");
        assert_string_equal(t.rows[0].cells[1], "say \"x\"");
        assert_string_equal(t.rows[0].cells[3], " pad");
        assert_string_equal(t.rows[0].cells[4], "line\nbreak");
        for (int i = 0; i < 7; i++)
            assert_string_equal(csvout_unguard(t.rows[1].cells[i]), row2[i]);
    }
    assert_false(csvout_needs_guard("-12.5"));
    assert_true(csvout_needs_guard("-12.5x"));
    assert_false(csvout_needs_guard("'=x"));
    assert_string_equal(csvout_unguard("'abc"), "'abc");
    csvout_free(w);
}

/* ----------------------------------------------------------------- XLSX */

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = arena_alloc(&ar, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void xlsx_round_trip(int constant_memory)
{
    static const struct xlsxout_col cols[] = {{"证书编号", 30, 0, 0},
                                              {"计量标准代码", 0, 0, 0},
                                              {"发证日期", 0, 1, 0},
                                              {"备注", 0, 0, 0}};
    const char *r1[] = {"[2015]苏量标宁证字第0123号", "01010100", "2021-03-05", "中文 & <xml>"};
    const char *r2[] = {"[2016]苏量标宁证字第0001号", "01010100", "", NULL};
    const char *r3[] = {"[2015]苏量标宁证字第0123号", "12", "not a date", "=1+1"};
    char path[512];
    const char *tmp = getenv("TMPDIR");
    xlsxout *x = NULL;
    struct tabin_info info;
    struct tabin_table t;
    unsigned char *data;
    size_t len;
    int fd;

    snprintf(path, sizeof path, "%s/test-tabin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(xlsxout_open(path, NULL, "计量标准", cols, 4, constant_memory, &x, NULL),
                     MS_OK);
    assert_int_equal(xlsxout_row(x, r1, NULL), MS_OK);
    assert_int_equal(xlsxout_row(x, r2, NULL), MS_OK);
    assert_int_equal(xlsxout_row(x, r3, NULL), MS_OK);
    assert_int_equal(xlsxout_close(x, NULL), MS_OK);
    data = slurp(path, &len);
    unlink(path);
    t = load((const char *)data, len, &info);
    assert_int_equal(info.format, TABIN_XLSX);
    assert_int_equal(t.nrows, 4);
    assert_int_equal(t.rows[0].row, 1);
    assert_string_equal(t.rows[0].cells[0], "证书编号");
    assert_string_equal(t.rows[0].cells[2], "发证日期");
    assert_string_equal(t.rows[1].cells[0], r1[0]);
    assert_string_equal(t.rows[1].cells[1], "01010100");   /* text keeps its zeros */
    assert_string_equal(t.rows[1].cells[2], "2021-03-05"); /* a real date, read back */
    assert_string_equal(t.rows[1].cells[3], "中文 & <xml>");
    assert_int_equal(t.rows[2].row, 3);
    assert_int_equal(t.rows[2].ncells, 2); /* trailing blanks are not cells */
    /* Shared strings: the same text twice reads the same. */
    assert_string_equal(t.rows[3].cells[0], r1[0]);
    assert_string_equal(t.rows[3].cells[2], "not a date");
    assert_string_equal(t.rows[3].cells[3], "=1+1"); /* a string cell, not a formula */
}

static void xlsx_shared_strings(void **state)
{
    (void)state;
    xlsx_round_trip(0);
}

static void xlsx_constant_memory(void **state)
{
    (void)state;
    xlsx_round_trip(1);
}

static void xlsx_to_stream(void **state)
{
    static const struct xlsxout_col cols[] = {{"a", 0, 0, 0}};
    const char *r[] = {"x"};
    FILE *f = tmpfile();
    xlsxout *x = NULL;
    unsigned char *buf;
    long n;
    struct tabin_table t;
    (void)state;
    assert_non_null(f);
    assert_int_equal(xlsxout_open(NULL, f, "s", cols, 1, 0, &x, NULL), MS_OK);
    assert_int_equal(xlsxout_row(x, r, NULL), MS_OK);
    assert_int_equal(xlsxout_close(x, NULL), MS_OK);
    n = ftell(f);
    assert_true(n > 100);
    buf = arena_alloc(&ar, (size_t)n);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    t = load((const char *)buf, (size_t)n, NULL);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.rows[1].cells[0], "x");
}

/* A zip with the given parts, as a spreadsheet program other than ours
 * would write it. Returns the bytes (from the arena). */
static unsigned char *make_zip(const char *const *parts, size_t *len)
{
    char path[512];
    const char *tmp = getenv("TMPDIR");
    unsigned char *data;
    zipFile z;
    int fd;

    snprintf(path, sizeof path, "%s/test-tabin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    z = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (; parts[0]; parts += 2) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip(z, parts[0], &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                             Z_DEFAULT_COMPRESSION),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(z, parts[1], (unsigned)strlen(parts[1])), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    }
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
    data = slurp(path, len);
    unlink(path);
    return data;
}

#define NS " xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

/* Excel's ways: prefixed elements, the first sheet found through the
 * relationships (not sheet1.xml), the 1904 date system, custom date formats,
 * rich text with phonetic runs, booleans, formulas, errors, sparse cells. */
static void xlsx_excel_features(void **state)
{
    static const char *const parts[] = {
        "xl/workbook.xml",
        "<x:workbook" NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships\"><x:workbookPr date1904=\"1\"/><x:sheets>"
        "<x:sheet name=\"数据\" sheetId=\"3\" r:id=\"rId7\"/>"
        "<x:sheet name=\"other\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"w\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId7\" Type=\"w\" Target=\"/xl/worksheets/data.xml\"/>"
        "</Relationships>",
        "xl/styles.xml",
        "<x:styleSheet" NS "><x:numFmts count=\"2\">"
        "<x:numFmt numFmtId=\"164\" "
        "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
        "<x:numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/></x:numFmts>"
        "<x:cellStyleXfs count=\"1\"><x:xf numFmtId=\"14\"/></x:cellStyleXfs>"
        "<x:cellXfs count=\"4\"><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/>"
        "<x:xf numFmtId=\"165\"/><x:xf numFmtId=\"14\"><x:alignment/></x:xf></x:cellXfs>"
        "</x:styleSheet>",
        "xl/sharedStrings.xml",
        "<x:sst" NS " count=\"2\" uniqueCount=\"2\"><x:si><x:t>单位</x:t></x:si>"
        "<x:si><x:r><x:rPr/><x:t>计量</x:t></x:r><x:r><x:t xml:space=\"preserve\"> 标准</x:t>"
        "</x:r><x:rPh sb=\"0\" eb=\"2\"><x:t>ケイリョウ</x:t></x:rPh></x:si></x:sst>",
        "xl/worksheets/sheet1.xml",
        "<x:worksheet" NS "><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is>"
        "<x:t>wrong sheet</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
        "xl/worksheets/data.xml",
        "<x:worksheet" NS "><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
        "<x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\" s=\"1\"><x:v>42798</x:v></x:c>"
        "<x:c r=\"B3\" s=\"2\"><x:v>3.5</x:v></x:c>"
        "<x:c r=\"C3\" s=\"3\"><x:v>0</x:v></x:c>"
        "<x:c r=\"D3\" t=\"b\"><x:v>1</x:v></x:c>"
        "<x:c r=\"E3\"><x:v>1.3800138E10</x:v></x:c>"
        "<x:c r=\"F3\" t=\"str\"><x:f>A1</x:f><x:v>单位</x:v></x:c>"
        "<x:c r=\"G3\" t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>"
        "<x:c r=\"H3\" t=\"e\"><x:v>#N/A</x:v></x:c>"
        "<x:c r=\"I3\" s=\"3\"/></x:row>"
        "<x:row r=\"4\"/>"
        "<x:row r=\"5\"><x:c r=\"AB5\" t=\"s\"><x:v>0</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>",
        NULL,
        NULL,
    };
    static const char *const row3[] = {"2021-03-05",  "3.5",  "1904-01-01", "TRUE",
                                       "13800138000", "单位", "内联",       "#N/A"};
    struct tabin_info info;
    struct tabin_table t;
    unsigned char *data;
    size_t len;

    (void)state;
    data = make_zip(parts, &len);
    t = load((const char *)data, len, &info);
    assert_int_equal(info.format, TABIN_XLSX);
    assert_int_equal(t.nrows, 3);
    assert_int_equal(t.rows[0].ncells, 3);
    assert_string_equal(t.rows[0].cells[0], "单位");
    assert_string_equal(t.rows[0].cells[1], "");
    assert_string_equal(t.rows[0].cells[2], "计量 标准");
    assert_int_equal(t.rows[1].row, 3);
    assert_int_equal(t.rows[1].ncells, 8);
    for (int i = 0; i < 8; i++)
        assert_string_equal(t.rows[1].cells[i], row3[i]);
    assert_int_equal(t.rows[2].row, 5);
    assert_int_equal(t.rows[2].ncells, 28);
    assert_string_equal(t.rows[2].cells[27], "单位");
}

static void xlsx_rejects_dtd_and_bad_index(void **state)
{
    static const char *const dtd[] = {
        "xl/worksheets/sheet1.xml",
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet><sheetData/></worksheet>",
        NULL,
        NULL,
    };
    static const char *const index[] = {
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData>"
        "</worksheet>",
        NULL,
        NULL,
    };
    static const char *const nosheet[] = {"xl/styles.xml", "<styleSheet/>", NULL, NULL};
    unsigned char *data;
    size_t len;

    (void)state;
    data = make_zip(dtd, &len);
    expect_fail((const char *)data, len, "xlsx_malformed", 0);
    data = make_zip(index, &len);
    expect_fail((const char *)data, len, "xlsx_malformed", 0);
    data = make_zip(nosheet, &len);
    expect_fail((const char *)data, len, "xlsx_malformed", 0);
}

static void xlsx_broken(void **state)
{
    (void)state;
    expect_fail("PK\3\4garbage that is not a zip", 30, "xlsx_malformed", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(csv_quoting, teardown),
        cmocka_unit_test_teardown(csv_bom_and_chinese, teardown),
        cmocka_unit_test_teardown(csv_crlf_and_blank_lines, teardown),
        cmocka_unit_test_teardown(csv_lf_only, teardown),
        cmocka_unit_test_teardown(csv_tab_separated, teardown),
        cmocka_unit_test_teardown(csv_gb18030, teardown),
        cmocka_unit_test_teardown(csv_bad_bytes, teardown),
        cmocka_unit_test_teardown(csv_broken_quote, teardown),
        cmocka_unit_test_teardown(csv_empty, teardown),
        cmocka_unit_test_teardown(callback_stops, teardown),
        cmocka_unit_test_teardown(utf8_validation, teardown),
        cmocka_unit_test_teardown(dates, teardown),
        cmocka_unit_test_teardown(csvout_writes_rfc4180, teardown),
        cmocka_unit_test_teardown(xlsx_shared_strings, teardown),
        cmocka_unit_test_teardown(xlsx_constant_memory, teardown),
        cmocka_unit_test_teardown(xlsx_to_stream, teardown),
        cmocka_unit_test_teardown(xlsx_excel_features, teardown),
        cmocka_unit_test_teardown(xlsx_rejects_dtd_and_bad_index, teardown),
        cmocka_unit_test_teardown(xlsx_broken, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
