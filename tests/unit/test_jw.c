/* test_jw.c - the streaming JSON writer: escaping, UTF-8 handling, nesting,
 * numbers, misuse; every output is also parsed back with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "core/jw.h"

/* The JSON text of the single string value S (N bytes). */
static char *str_json(const char *s, size_t n)
{
    jw w;
    jw_init(&w, 0);
    jw_strn(&w, s, n);
    return jw_finish(&w, NULL);
}

/* S written as a string equals EXPECT, and jansson reads it back as BACK. */
static void check_str(const char *s, size_t n, const char *expect, const char *back, size_t blen)
{
    char *out = str_json(s, n);
    json_error_t e;
    json_t *v;

    assert_non_null(out);
    assert_string_equal(out, expect);
    v = json_loads(out, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    assert_non_null(v);
    assert_true(json_is_string(v));
    assert_int_equal(json_string_length(v), blen);
    assert_memory_equal(json_string_value(v), back, blen);
    json_decref(v);
    free(out);
}

static void escapes_quotes_backslash_controls(void **state)
{
    (void)state;
    check_str("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"", "a\"b\\c/d", 7);
    check_str("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5);
    check_str("x\x01y\x1f\x7f", 5, "\"x\\u0001y\\u001f\x7f\"", "x\x01y\x1f\x7f", 5);
    check_str("a\0b", 3, "\"a\\u0000b\"", "a\0b", 3); /* embedded NUL with an explicit length */
    check_str("", 0, "\"\"", "", 0);
}

static void utf8_passes_line_separators_escaped(void **state)
{
    (void)state;
    /* Chinese, a 4-byte emoji, and U+2028/U+2029 (escaped for JavaScript). */
    check_str("计量\xF0\x9F\x98\x80", 10, "\"计量\xF0\x9F\x98\x80\"", "计量\xF0\x9F\x98\x80", 10);
    check_str("a\xE2\x80\xA8"
              "b\xE2\x80\xA9",
              8, "\"a\\u2028b\\u2029\"",
              "a\xE2\x80\xA8"
              "b\xE2\x80\xA9",
              8);
    /* U+2027 next to them is left alone. */
    check_str("\xE2\x80\xA7", 3, "\"\xE2\x80\xA7\"", "\xE2\x80\xA7", 3);
}

static void invalid_utf8_becomes_replacement(void **state)
{
    static const struct {
        const char *in;
        size_t n;
        const char *out;
    } cases[] = {
        {"a\x80z", 3, "\"a\xEF\xBF\xBDz\""},                             /* stray continuation */
        {"\xC0\xAF", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},                 /* overlong '/' */
        {"\xED\xA0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* a surrogate */
        {"\xF4\x90\x80\x80", 4,
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* above U+10FFFF */
        {"ok\xE8\xAE", 4, "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\""},      /* truncated at the end */
        {"\xFF", 1, "\"\xEF\xBF\xBD\""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = str_json(cases[i].in, cases[i].n);
        json_t *v;
        assert_non_null(out);
        assert_string_equal(out, cases[i].out);
        v = json_loads(out, JSON_DECODE_ANY, NULL); /* jansson rejects invalid UTF-8 */
        assert_non_null(v);
        json_decref(v);
        free(out);
    }
}

/* Every special byte at every position of a longer string (the 8-byte scan
 * and its tail), also '~' and 0x7F which are plain. */
static void long_strings_every_position(void **state)
{
    static const struct {
        const char *in, *out;
    } sp[] = {{"\"", "\\\""},
              {"\\", "\\\\"},
              {"\n", "\\n"},
              {"\x1f", "\\u001f"},
              {"~", "~"},
              {"\x7f", "\x7f"},
              {"\xC3\xA9", "\xC3\xA9"},
              {"\x80", "\xEF\xBF\xBD"},
              {"\xE2\x80\xA8", "\\u2028"}};
    (void)state;
    for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
        for (size_t pos = 0; pos < 24; pos++) {
            char in[64], expect[96];
            char *out;
            memset(in, 'a', pos);
            snprintf(in + pos, sizeof in - pos, "%s%s", sp[k].in, "bcdefghijklmnopq");
            memset(expect, 0, sizeof expect);
            expect[0] = '"';
            memset(expect + 1, 'a', pos);
            snprintf(expect + 1 + pos, sizeof expect - 1 - pos, "%s%s\"", sp[k].out,
                     "bcdefghijklmnopq");
            out = str_json(in, strlen(in));
            assert_non_null(out);
            assert_string_equal(out, expect);
            free(out);
        }
    }
}

static void nesting_and_commas(void **state)
{
    jw w;
    char *out;
    size_t len;

    (void)state;
    jw_init(&w, 8); /* tiny hint: forces the buffer to grow */
    jw_obj_begin(&w);
    jw_kint(&w, "id", 42);
    jw_kstr(&w, "name", "标准");
    jw_kstr(&w, "none", NULL);
    jw_kid(&w, "parent_id", 0);
    jw_kid(&w, "unit_id", 7);
    jw_kbool(&w, "ok", 1);
    jw_kbool(&w, "bad", 0);
    jw_key(&w, "items");
    jw_arr_begin(&w);
    jw_arr_end(&w);
    jw_key(&w, "rows");
    jw_arr_begin(&w);
    for (int i = 0; i < 3; i++) {
        jw_obj_begin(&w);
        jw_kint(&w, "n", i);
        jw_key(&w, "a");
        jw_arr_begin(&w);
        jw_int(&w, -i);
        jw_str(&w, "x");
        jw_null(&w);
        jw_arr_end(&w);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "o");
    jw_obj_begin(&w);
    jw_obj_end(&w);
    jw_obj_end(&w);
    out = jw_finish(&w, &len);
    assert_non_null(out);
    assert_string_equal(out, "{\"id\":42,\"name\":\"标准\",\"none\":null,\"parent_id\":null,"
                             "\"unit_id\":7,\"ok\":true,\"bad\":false,\"items\":[],\"rows\":["
                             "{\"n\":0,\"a\":[0,\"x\",null]},{\"n\":1,\"a\":[-1,\"x\",null]},"
                             "{\"n\":2,\"a\":[-2,\"x\",null]}],\"o\":{}}");
    assert_int_equal(len, strlen(out));
    free(out);
}

static void integers_full_range(void **state)
{
    jw w;
    char *out;

    (void)state;
    jw_init(&w, 0);
    jw_arr_begin(&w);
    jw_int(&w, 0);
    jw_int(&w, INT64_MAX);
    jw_int(&w, INT64_MIN);
    jw_arr_end(&w);
    out = jw_finish(&w, NULL);
    assert_string_equal(out, "[0,9223372036854775807,-9223372036854775808]");
    free(out);
}

static void doubles_round_trip(void **state)
{
    static const double vals[] = {0.1,           1.0 / 3.0,
                                  1e300,         -2.5e-308,
                                  123456789.125, 1.0,
                                  -0.0,          0.30000000000000004,
                                  5e-324,        1.7976931348623157e308};
    (void)state;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        jw w;
        char *out;
        jw_init(&w, 0);
        jw_double(&w, vals[i]);
        out = jw_finish(&w, NULL);
        assert_non_null(out);
        assert_true(strtod(out, NULL) == vals[i]);
        assert_non_null(strpbrk(out, ".e")); /* stays a JSON real, not an integer */
        {
            json_t *v = json_loads(out, JSON_DECODE_ANY, NULL);
            assert_non_null(v);
            assert_true(json_is_real(v));
            json_decref(v);
        }
        free(out);
    }
    {
        jw w;
        char *out;
        jw_init(&w, 0);
        jw_arr_begin(&w);
        jw_double(&w, 0.1);
        jw_double(&w, 2.0);
        jw_double(&w, 1.0 / 0.0);
        jw_double(&w, 0.0 / 0.0);
        jw_arr_end(&w);
        out = jw_finish(&w, NULL);
        assert_string_equal(out, "[0.1,2.0,null,null]"); /* shortest form; no NaN in JSON */
        free(out);
    }
}

static void misuse_fails(void **state)
{
    jw w;

    (void)state;
    jw_init(&w, 0); /* a value where a key belongs */
    jw_obj_begin(&w);
    jw_int(&w, 1);
    jw_obj_end(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* a key in an array */
    jw_arr_begin(&w);
    jw_key(&w, "k");
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* unbalanced */
    jw_obj_begin(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* mismatched end */
    jw_arr_begin(&w);
    jw_obj_end(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* a key without its value */
    jw_obj_begin(&w);
    jw_key(&w, "k");
    jw_obj_end(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* two top-level values */
    jw_int(&w, 1);
    jw_int(&w, 2);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* nothing written */
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* too deep */
    for (int i = 0; i <= JW_MAX_DEPTH; i++)
        jw_arr_begin(&w);
    assert_null(jw_finish(&w, NULL));
}

static void out_of_memory_is_sticky(void **state)
{
    jw w;

    (void)state;
    jw_init(&w, 16);
    jw_arr_begin(&w);
    alloc_fail_after(1); /* the first growth fails */
    for (int i = 0; i < 100; i++)
        jw_str(&w, "a string long enough to need more room");
    alloc_fail_after(0);
    jw_arr_end(&w);
    assert_null(jw_finish(&w, NULL));
}

/* The escaping rules of jw.h, one byte at a time: the reference the fast
 * paths (8-byte ASCII runs, inline 2- and 3-byte sequences) must match. */
static size_t ref_escape(const unsigned char *s, size_t n, char *o)
{
    char *start = o;
    size_t i = 0;

    *o++ = '"';
    while (i < n) {
        unsigned c = s[i];
        size_t len = 0;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            const char *e = c == '\b'   ? "\\b"
                            : c == '\f' ? "\\f"
                            : c == '\n' ? "\\n"
                            : c == '\r' ? "\\r"
                            : c == '\t' ? "\\t"
                                        : NULL;
            o += e ? sprintf(o, "%s", e) : sprintf(o, "\\u%04x", c);
        } else if (c < 0x80) {
            *o++ = (char)c;
        } else {
            /* the longest valid sequence at i, by decoding */
            unsigned cp = 0, need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            int ok = c >= 0xC2 && c <= 0xF4 && i + need < n;
            cp = c & (0x3F >> need);
            for (unsigned k = 1; ok && k <= need; k++) {
                if ((s[i + k] & 0xC0) != 0x80)
                    ok = 0;
                cp = cp << 6 | (s[i + k] & 0x3F);
            }
            if (ok &&
                ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                 (cp >= 0xD800 && cp <= 0xDFFF)))
                ok = 0;
            if (!ok) {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
            } else if (cp == 0x2028 || cp == 0x2029) {
                o += sprintf(o, "\\u%04x", cp);
            } else {
                memcpy(o, s + i, need + 1);
                o += need + 1;
            }
            len = ok ? need + 1 : 1;
        }
        i += len ? len : 1;
    }
    *o++ = '"';
    *o = '\0';
    return (size_t)(o - start);
}

/* Random strings over an alphabet of plain, special and UTF-8 bytes (valid
 * sequences and their broken forms) equal the reference, also as members
 * written with JW_KSTR (one reservation for key and value). */
static void fast_paths_match_reference(void **state)
{
    static const char *const pieces[] = {"a",
                                         "Z09",
                                         "abcdefgh",
                                         "\"",
                                         "\\",
                                         "\n",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "/",
                                         "计",
                                         "量",
                                         "，",
                                         "\xC2\xB1",
                                         "\xCE\xBC",
                                         "\xC2",
                                         "\xE8\xAE",
                                         "\xE2\x80\xA8",
                                         "\xE2\x80\xA9",
                                         "\xE2\x80\x94",
                                         "\xE0\xA0\x80",
                                         "\xE0\x80\x80",
                                         "\xED\x9F\xBF",
                                         "\xED\xA0\x80",
                                         "\xEF\xBF\xBF",
                                         "\xF0\x9F\x98\x80",
                                         "\xF4\x90\x80\x80",
                                         "\x80",
                                         "\xBF",
                                         "\xFF",
                                         "\xC0\xAF",
                                         "\xE4\xB8"};
    unsigned seed = 12345;
    (void)state;
    for (int t = 0; t < 20000; t++) {
        unsigned char in[256];
        char expect[256 * 6 + 8], got[256 * 6 + 64], *out;
        size_t n = 0, elen;
        int parts;
        jw w;

        seed = seed * 1103515245u + 12345u;
        parts = (int)(seed >> 16) % 24;
        for (int p = 0; p < parts; p++) {
            const char *x;
            seed = seed * 1103515245u + 12345u;
            x = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            memcpy(in + n, x, strlen(x));
            n += strlen(x);
        }
        elen = ref_escape(in, n, expect);
        out = str_json((const char *)in, n);
        assert_non_null(out);
        assert_int_equal(strlen(out), elen);
        assert_string_equal(out, expect);
        free(out);
        if (memchr(in, 0, n))
            continue;
        in[n] = '\0';
        jw_init(&w, 1);
        jw_obj_begin(&w);
        JW_KSTR(&w, "k", (const char *)in);
        JW_KSTR(&w, "none", NULL);
        JW_KINT(&w, "n", -7);
        JW_KID(&w, "id", 0);
        JW_KSTR(&w, "again", (const char *)in);
        jw_obj_end(&w);
        out = jw_finish(&w, NULL);
        assert_non_null(out);
        snprintf(got, sizeof got, "{\"k\":%s,\"none\":null,\"n\":-7,\"id\":null,\"again\":%s}",
                 expect, expect);
        assert_string_equal(out, got);
        free(out);
    }
}

static void raw_keys_misuse_fails(void **state)
{
    jw w;

    (void)state;
    jw_init(&w, 0); /* a member in an array */
    jw_arr_begin(&w);
    JW_KSTR(&w, "k", "v");
    jw_arr_end(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* a member after a key without its value */
    jw_obj_begin(&w);
    JW_KEY(&w, "k");
    JW_KSTR(&w, "k2", "v");
    jw_obj_end(&w);
    assert_null(jw_finish(&w, NULL));

    jw_init(&w, 0); /* at the top level */
    JW_KINT(&w, "k", 1);
    assert_null(jw_finish(&w, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_quotes_backslash_controls),
        cmocka_unit_test(utf8_passes_line_separators_escaped),
        cmocka_unit_test(invalid_utf8_becomes_replacement),
        cmocka_unit_test(long_strings_every_position),
        cmocka_unit_test(nesting_and_commas),
        cmocka_unit_test(integers_full_range),
        cmocka_unit_test(doubles_round_trip),
        cmocka_unit_test(misuse_fails),
        cmocka_unit_test(out_of_memory_is_sticky),
        cmocka_unit_test(fast_paths_match_reference),
        cmocka_unit_test(raw_keys_misuse_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
