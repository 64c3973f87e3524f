/* test_core.c - arena, allocation fault hook, text checks, sector lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/model.h"
#include "core/text.h"

static void test_arena(void **state)
{
    arena a = ARENA_INIT;
    char *big;

    (void)state;
    for (int i = 0; i < 1000; i++) {
        char *s = arena_printf(&a, "row %d 行", i);
        assert_non_null(s);
        assert_true(((uintptr_t)arena_alloc(&a, 3) & 15) == 0);
    }
    big = arena_alloc(&a, 100000);
    assert_non_null(big);
    memset(big, 'x', 100000);
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    assert_null(arena_strdup(&a, NULL));
    arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.used, 0);
}

static void test_alloc_fail_after(void **state)
{
    arena a = ARENA_INIT;
    void *p;

    (void)state;
    alloc_fail_after(2);
    p = ms_malloc(10);
    assert_non_null(p);
    ms_free(p);
    assert_null(ms_malloc(10)); /* the second one fails */
    p = ms_malloc(10);          /* and later ones succeed again */
    assert_non_null(p);
    ms_free(p);
    alloc_fail_after(1);
    assert_null(arena_alloc(&a, 16)); /* the arena reports it */
    assert_non_null(arena_alloc(&a, 16));
    assert_null(ms_strdup(NULL));
    arena_free(&a);
}

static void test_text_check(void **state)
{
    ms_err err = {0};

    (void)state;
    assert_int_equal(text_check("name", "计量标准", 4, 1, 0, &err), MS_OK);
    assert_int_equal(text_check("name", "计量标准器", 4, 1, 0, &err), MS_EINVAL);
    assert_string_equal(err.key, "too_long");
    assert_string_equal(err.field, "name");
    assert_string_equal(err.arg, "4");
    assert_int_equal(text_check("name", "  ", 10, 1, 0, &err), MS_EINVAL);
    assert_string_equal(err.key, "required");
    assert_int_equal(text_check("name", NULL, 10, 0, 0, &err), MS_OK);
    assert_int_equal(text_check("name",
                                "a\x01"
                                "b",
                                10, 0, 0, &err),
                     MS_EINVAL);
    assert_string_equal(err.key, "control_chars");
    assert_int_equal(text_check("note", "a\nb", 10, 0, 1, &err), MS_OK);
    assert_int_equal(text_check("name", "a\nb", 10, 0, 0, &err), MS_EINVAL);
    /* Overlong '/', a surrogate, a truncated sequence, beyond U+10FFFF. */
    assert_false(text_utf8_valid("\xc0\xaf", 2));
    assert_false(text_utf8_valid("\xed\xa0\x80", 3));
    assert_false(text_utf8_valid("\xe8\xae", 2));
    assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4));
    assert_true(text_utf8_valid("量\xf0\x9f\x98\x80", 7));
    assert_int_equal(text_utf8_len("计量abc"), 5);
}

static void test_sectors(void **state)
{
    char out[96], bad[64];

    (void)state;
    assert_int_equal(model_sectors_normalize("medical_health, food_safety,food_safety", out,
                                             sizeof out, bad, sizeof bad),
                     0);
    assert_string_equal(out, "food_safety,medical_health");
    assert_int_equal(
        model_sectors_normalize("环境保护、安全生产", out, sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "production_safety,environment");
    assert_int_equal(model_sectors_normalize("", out, sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "");
    assert_int_equal(
        model_sectors_normalize("food_safety,mining", out, sizeof out, bad, sizeof bad), -1);
    assert_string_equal(bad, "mining");
    assert_int_equal(model_sectors_count("food_safety,environment"), 2);
    assert_int_equal(model_index(model_categories, "social_public"), 0);
    assert_int_equal(model_index(model_categories, "public"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_alloc_fail_after),
        cmocka_unit_test(test_text_check),
        cmocka_unit_test(test_sectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
