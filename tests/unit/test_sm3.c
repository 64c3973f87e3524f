/* test_sm3.c - SM3 against the GB/T 32905-2016 test vectors, the hex
 * helpers, and the canonical JSON of core/canon.c byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/canon.h"
#include "core/ms.h"
#include "core/sm3.h"

#define ABC_SM3    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
#define ABCD16_SM3 "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"

static const char ABCD16[] = "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd";

static void vectors(void **state)
{
    char hex[SM3_HEX_LEN + 1];
    unsigned char d[SM3_LEN];

    (void)state;
    assert_int_equal(sm3_hex("abc", 3, hex), MS_OK);
    assert_string_equal(hex, ABC_SM3);
    assert_int_equal(strlen(ABCD16), 64);
    assert_int_equal(sm3_hex(ABCD16, 64, hex), MS_OK);
    assert_string_equal(hex, ABCD16_SM3);
    assert_int_equal(sm3_digest("abc", 3, d), MS_OK);
    assert_int_equal(d[0], 0x66);
    assert_int_equal(d[31], 0xe0);
    /* The empty message. */
    assert_int_equal(sm3_hex("", 0, hex), MS_OK);
    assert_string_equal(hex, "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

static void streaming(void **state)
{
    char hex[SM3_HEX_LEN + 1];
    sm3_ctx *c = sm3_new();

    (void)state;
    assert_non_null(c);
    /* 64 bytes in uneven pieces give the one-shot digest. */
    assert_int_equal(sm3_update(c, ABCD16, 1), MS_OK);
    assert_int_equal(sm3_update(c, ABCD16 + 1, 0), MS_OK);
    assert_int_equal(sm3_update(c, ABCD16 + 1, 40), MS_OK);
    assert_int_equal(sm3_update(c, ABCD16 + 41, 23), MS_OK);
    assert_int_equal(sm3_final_hex(c, hex), MS_OK);
    assert_string_equal(hex, ABCD16_SM3);
    sm3_free(c);
    sm3_free(NULL);

    /* Allocation failure is reported, not crashed on. */
    alloc_fail_after(1);
    c = sm3_new();
    alloc_fail_after(0);
    assert_null(c);
}

static void hex_helpers(void **state)
{
    unsigned char d[SM3_LEN];
    char hex[SM3_HEX_LEN + 1];

    (void)state;
    for (int i = 0; i < SM3_LEN; i++)
        d[i] = (unsigned char)(i * 8 + 1);
    sm3_to_hex(d, hex);
    assert_string_equal(hex, "0109111921293139414951596169717981899199a1a9b1b9c1c9d1d9e1e9f1f9");
    assert_true(sm3_is_hex(ABC_SM3));
    assert_true(sm3_is_hex(hex));
    assert_false(sm3_is_hex(NULL));
    assert_false(sm3_is_hex(""));
    assert_false(sm3_is_hex("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0"));
    assert_false(sm3_is_hex(ABC_SM3 "0"));
    assert_false(sm3_is_hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e"));
    assert_false(sm3_is_hex("g6c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"));
}

/* canon_text(IN) must be WANT, and canonical again. */
static void canon_is(const char *in, const char *want)
{
    size_t len = 0;
    char *got = canon_text(in, &len), *again;

    if (!got)
        fail_msg("canon_text(%s) failed", in);
    if (strcmp(got, want) != 0)
        fail_msg("canon_text(%s)\n  got  %s\n  want %s", in, got, want);
    assert_int_equal(len, strlen(want));
    again = canon_text(got, NULL);
    assert_non_null(again);
    assert_string_equal(again, got);
    ms_free(again);
    ms_free(got);
}

static void canonical_json(void **state)
{
    (void)state;
    /* Keys sorted by bytes at every level, no whitespace, arrays kept. */
    canon_is("{ \"b\" : 1, \"a\" : [3, 1, {\"z\": null, \"y\": true}], \"A\": false }",
             "{\"A\":false,\"a\":[3,1,{\"y\":true,\"z\":null}],\"b\":1}");
    canon_is("{\"é\":1,\"z\":2,\"中\":3,\"Z\":4}", "{\"Z\":4,\"z\":2,\"é\":1,\"中\":3}");
    /* UTF-8 as is, '/' and DEL unescaped, \u escapes of ASCII undone. */
    canon_is("\"\\u5357\\u4eac/\\u0041\x7f\"", "\"南京/A\x7f\"");
    canon_is("\"南京市玄武区\"", "\"南京市玄武区\"");
    /* Short escapes, other control characters as uppercase \u00XX. */
    canon_is("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f\"",
             "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001F\"");
    /* U+2028 stays raw UTF-8. */
    canon_is("\"\\u2028\"", "\"\xe2\x80\xa8\"");
    /* Numbers: int64 decimal; reals %.17g with .0 when integral. */
    canon_is("[0, -12, 9223372036854775807, 1.5, 0.1, 2.0, 1e3]",
             "[0,-12,9223372036854775807,1.5,0.10000000000000001,2.0,1000.0]");
    canon_is("{}", "{}");
    canon_is("[]", "[]");
    canon_is("null", "null");
    canon_is("\"\"", "\"\"");
}

static void canonical_rejects(void **state)
{
    json_t *v;
    char *s;

    (void)state;
    assert_null(canon_text("{\"a\":1,\"a\":2}", NULL)); /* duplicate keys */
    assert_null(canon_text("\"a\\u0000b\"", NULL));     /* NUL in a string */
    assert_null(canon_text("{\"a\":", NULL));
    assert_null(canon_text("\"\xff\"", NULL)); /* not UTF-8 */
    assert_null(canon_text(NULL, NULL));
    assert_null(canon_dump(NULL, NULL));
    v = json_pack("{s:s,s:I}", "name", "计量", "id", (json_int_t)7);
    s = canon_dump(v, NULL);
    assert_string_equal(s, "{\"id\":7,\"name\":\"计量\"}");
    ms_free(s);
    alloc_fail_after(1);
    s = canon_dump(v, NULL);
    alloc_fail_after(0);
    assert_null(s);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vectors),           cmocka_unit_test(streaming),
        cmocka_unit_test(hex_helpers),       cmocka_unit_test(canonical_json),
        cmocka_unit_test(canonical_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
