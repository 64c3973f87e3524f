/* test_msg.c - every message of every table in core/msg.c: non-empty zh-CN
 * and en text, unique keys, at most one %s and no other conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/msg.h"

#define MAX_KEYS 4096

struct seen {
    const char *keys[MAX_KEYS];
    size_t n;
};

/* Count %s in S; fail on any other % conversion (a literal %% is allowed). */
static int placeholders(const char *key, const char *s)
{
    int n = 0;

    for (const char *p = strchr(s, '%'); p; p = strchr(p + 2, '%')) {
        if (p[1] == 's')
            n++;
        else if (p[1] != '%')
            fail_msg("message %s: stray %% conversion in \"%s\"", key, s);
    }
    return n;
}

static void check_one(const struct msg *m, void *ctx)
{
    struct seen *seen = ctx;

    assert_non_null(m->key);
    assert_true(m->key[0] != '\0');
    assert_true(strlen(m->key) < sizeof(((ms_err *)0)->key));
    if (!m->zh || !m->zh[0])
        fail_msg("message %s has no zh-CN text", m->key);
    if (!m->en || !m->en[0])
        fail_msg("message %s has no en text", m->key);
    if (placeholders(m->key, m->zh) > 1 || placeholders(m->key, m->en) > 1)
        fail_msg("message %s has more than one %%s", m->key);
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->keys[i], m->key) == 0)
            fail_msg("message key %s is defined twice", m->key);
    assert_true(seen->n < MAX_KEYS);
    seen->keys[seen->n++] = m->key;
}

static void all_tables(void **state)
{
    static struct seen seen;

    (void)state;
    seen.n = 0;
    msg_each(check_one, &seen);
    assert_true(seen.n > 0);
    print_message("%zu message keys\n", seen.n);
}

static void lookup_and_format(void **state)
{
    char buf[256];
    ms_err err;

    (void)state;
    assert_non_null(msg_template("invalid_uscc_check", MS_LANG_ZH));
    assert_non_null(msg_template("invalid_uscc_check", MS_LANG_EN));
    assert_null(msg_template("no_such_key_anywhere", MS_LANG_EN));
    assert_null(msg_template(NULL, MS_LANG_EN));

    ms_fail(&err, MS_EINVAL, "uscc", "invalid_uscc_check", "3");
    msg_format(&err, MS_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "the check character of the unified social credit code is wrong: "
                             "position 18 should be '3'");
    msg_format(&err, MS_LANG_ZH, buf, sizeof buf);
    assert_string_equal(buf, "统一社会信用代码校验码错误：第 18 位应为 '3'");

    /* an unknown key falls back to the key and its argument */
    ms_fail(&err, MS_EINVAL, NULL, "no_such_key_anywhere", "x");
    msg_format(&err, MS_LANG_ZH, buf, sizeof buf);
    assert_string_equal(buf, "no_such_key_anywhere: x");

    assert_int_equal(msg_lang_from("en_US.UTF-8"), MS_LANG_EN);
    assert_int_equal(msg_lang_from("zh-CN,zh;q=0.9"), MS_LANG_ZH);
    assert_int_equal(msg_lang_from(NULL), MS_LANG_ZH);
}

/* Every key the validators can produce has a message. */
static void validator_keys_exist(void **state)
{
    static const char *keys[] = {
        "required",
        "out_of_memory",
        "internal",
        "usage",
        "invalid_uscc_length",
        "invalid_uscc_char",
        "invalid_uscc_kind",
        "invalid_uscc_division",
        "invalid_uscc_check",
        "uscc_org_check",
        "invalid_division",
        "unknown_division",
        "division_not_in_force",
        "invalid_division_list",
        "invalid_jjf1022",
        "invalid_jjf1022_field",
        "invalid_jjf1022_zero",
        "invalid_cert_no",
        "invalid_cert_no_year",
        "invalid_cert_no_province",
        "invalid_cert_no_unit",
        "invalid_cert_no_serial",
        "invalid_date",
        "invalid_date_value",
        "validate_usage",
    };

    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!msg_template(keys[i], MS_LANG_ZH) || !msg_template(keys[i], MS_LANG_EN))
            fail_msg("no message for key %s", keys[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_tables),
        cmocka_unit_test(lookup_and_format),
        cmocka_unit_test(validator_keys_exist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
