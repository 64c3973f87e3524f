/* test_password.c - PBKDF2-HMAC-SM3 hashes (with known answers computed by
 * `openssl kdf`), verification of tampered strings, the password policy,
 * random secrets and their SM3 digests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/password.h"

/* openssl kdf -keylen 32 -kdfopt digest:SM3 -kdfopt pass:Correct-Horse9
 *   -kdfopt salt:msup-salt-16byte -kdfopt iter:1000 PBKDF2 */
#define KAT1_KEY                                                                                   \
    "552976"                                                                                       \
    "99bd67d3184dc283b5554f16de6f43514a99d8e4d621ea521533d6f7fb"
/* openssl kdf -keylen 32 -kdfopt digest:SM3 -kdfopt pass:password
 *   -kdfopt salt:salt -kdfopt iter:1 PBKDF2 */
#define KAT2_KEY "4612f922a1fdcefaf4312fc6f8f3322b489cbf24f2ea361b44c2bd8fa2c6dcb0"

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static void known_answers(void **state)
{
    unsigned char key[32];
    char h[65], stored[PASSWORD_HASH_MAX];
    ms_err err = {0};

    (void)state;
    assert_int_equal(password_pbkdf2_sm3("Correct-Horse9",
                                         (const unsigned char *)"msup-salt-16byte", 16, 1000, key,
                                         sizeof key),
                     0);
    hex(key, sizeof key, h);
    assert_string_equal(h, KAT1_KEY);
    assert_int_equal(
        password_pbkdf2_sm3("password", (const unsigned char *)"salt", 4, 1, key, sizeof key), 0);
    hex(key, sizeof key, h);
    assert_string_equal(h, KAT2_KEY);

    assert_int_equal(password_hash_salt("Correct-Horse9", (const unsigned char *)"msup-salt-16byte",
                                        16, 1000, stored, &err),
                     MS_OK);
    assert_string_equal(stored, "pbkdf2-sm3$1000$6d7375702d73616c742d313662797465$" KAT1_KEY);
    assert_true(password_verify("Correct-Horse9", stored));
    assert_false(password_verify("Correct-Horse8", stored));
}

static void roundtrip(void **state)
{
    char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
    ms_err err = {0};

    (void)state;
    assert_int_equal(password_hash("Tr0ub4dor&3", 500, a, &err), MS_OK);
    assert_int_equal(password_hash("Tr0ub4dor&3", 500, b, &err), MS_OK);
    assert_int_equal(strncmp(a, "pbkdf2-sm3$500$", 15), 0);
    assert_int_equal(strlen(a), strlen("pbkdf2-sm3$500$") + 32 + 1 + 64);
    assert_string_not_equal(a, b); /* a fresh salt each time */
    assert_true(password_verify("Tr0ub4dor&3", a));
    assert_true(password_verify("Tr0ub4dor&3", b));
    assert_false(password_verify("Tr0ub4dor&4", a));
    assert_false(password_verify("tr0ub4dor&3", a));
    assert_false(password_verify("", a));
    assert_false(password_verify(NULL, a));

    /* iterations from the environment, within bounds */
    setenv("MSUP_PBKDF2_ITER", "321", 1);
    assert_int_equal(password_iterations(), 321);
    assert_int_equal(password_hash("Tr0ub4dor&3", 0, a, &err), MS_OK);
    assert_int_equal(strncmp(a, "pbkdf2-sm3$321$", 15), 0);
    assert_true(password_verify("Tr0ub4dor&3", a));
    setenv("MSUP_PBKDF2_ITER", "0", 1);
    assert_int_equal(password_iterations(), PASSWORD_DEFAULT_ITER);
    setenv("MSUP_PBKDF2_ITER", "12x", 1);
    assert_int_equal(password_iterations(), PASSWORD_DEFAULT_ITER);
    unsetenv("MSUP_PBKDF2_ITER");
    assert_int_equal(password_iterations(), PASSWORD_DEFAULT_ITER);
}

/* Change the character at POS of S (a copy) to C. */
static const char *poke(const char *s, size_t pos, char c)
{
    static char buf[PASSWORD_HASH_MAX];

    snprintf(buf, sizeof buf, "%s", s);
    buf[pos] = c;
    return buf;
}

static void tampered(void **state)
{
    char good[PASSWORD_HASH_MAX], buf[PASSWORD_HASH_MAX * 2];
    const char *pw = "Correct-Horse9";
    size_t len, salt_at, key_at;
    ms_err err = {0};

    (void)state;
    assert_int_equal(
        password_hash_salt(pw, (const unsigned char *)"msup-salt-16byte", 16, 1000, good, &err),
        MS_OK);
    assert_true(password_verify(pw, good));
    len = strlen(good);
    salt_at = strlen("pbkdf2-sm3$1000$");
    key_at = salt_at + 33;
    /* one hex digit of the key, of the salt; the iteration count */
    assert_false(password_verify(pw, poke(good, len - 1, good[len - 1] == 'a' ? 'b' : 'a')));
    assert_false(password_verify(pw, poke(good, key_at, good[key_at] == '0' ? '1' : '0')));
    assert_false(password_verify(pw, poke(good, salt_at, good[salt_at] == '0' ? '1' : '0')));
    assert_false(password_verify(pw, poke(good, 11, '2'))); /* 2000 iterations */
    /* malformed strings */
    assert_false(password_verify(pw, poke(good, len - 1, 'G')));
    assert_false(password_verify(pw, poke(good, 3, 'X'))); /* scheme */
    assert_false(password_verify(pw, poke(good, salt_at - 1, ':')));
    snprintf(buf, sizeof buf, "%.*s", (int)(len - 2), good); /* truncated key */
    assert_false(password_verify(pw, buf));
    snprintf(buf, sizeof buf, "%s00", good); /* key too long */
    assert_false(password_verify(pw, buf));
    for (size_t i = 0; good[i]; i++) /* upper-case hex is not ours */
        buf[i] = (good[i] >= 'a' && good[i] <= 'f' && i > 10) ? (char)(good[i] - 32) : good[i];
    buf[len] = '\0';
    assert_false(password_verify(pw, buf));
    assert_false(password_verify(pw, "pbkdf2-sm3$-1$00$00"));
    assert_false(password_verify(pw, "pbkdf2-sm3$+1000$6d$00"));
    assert_false(password_verify(pw, "pbkdf2-sm3$$$"));
    assert_false(password_verify(pw, ""));
    assert_false(password_verify(pw, NULL));
    assert_false(password_verify(pw, pw)); /* a clear-text "hash" never matches */
}

static void expect_policy(const char *pw, const char *user, const char *key, const char *arg)
{
    ms_err err = {0};
    int rc = password_check_policy(pw, user, &err);

    if (!key) {
        if (rc != MS_OK)
            fail_msg("'%s' refused: %s", pw ? pw : "(null)", err.key);
        return;
    }
    if (rc != MS_EINVAL)
        fail_msg("'%s' accepted, expected %s", pw ? pw : "(null)", key);
    assert_string_equal(err.field, "password");
    assert_string_equal(err.key, key);
    if (arg)
        assert_string_equal(err.arg, arg);
}

static void policy(void **state)
{
    char long_pw[PASSWORD_MAX_BYTES + 2];

    (void)state;
    expect_policy(NULL, NULL, "required", NULL);
    expect_policy("", NULL, "required", NULL);
    expect_policy("Ab1!", NULL, "password_too_short", "8");
    expect_policy("Abcde1!", NULL, "password_too_short", "8"); /* 7 */
    expect_policy("abcdefgh", NULL, "password_classes", NULL);
    expect_policy("abcdefg1", NULL, "password_classes", NULL);
    expect_policy("ABCDEFG!", NULL, "password_classes", NULL);
    expect_policy("12345678", NULL, "password_classes", NULL);
    expect_policy("Abcdefg1", NULL, NULL, NULL);  /* upper lower digit */
    expect_policy("abcdefg1!", NULL, NULL, NULL); /* lower digit other */
    expect_policy("ABCD 12!", NULL, NULL, NULL);  /* space is "other" */
    expect_policy("Alice-2024x", "alice", "password_has_username", NULL);
    expect_policy("xBOBy-12Z", "bob", "password_has_username", NULL);
    expect_policy("zhang.san", "zhang.san", "password_classes", NULL);
    expect_policy("Zhang.san1", "zhang.san", "password_has_username", NULL);
    expect_policy("Zhang.san1", "lisi", NULL, NULL);
    expect_policy("Abcdef1\t", NULL, "control_chars", NULL);
    expect_policy("Abcdef1\x7f", NULL, "control_chars", NULL);
    expect_policy("Abcdef1\xff", NULL, "invalid_utf8", NULL);
    expect_policy("密码密码ab12", NULL, NULL, NULL);           /* 8 characters, 3 classes */
    expect_policy("密码Ab1", NULL, "password_too_short", "8"); /* 9 bytes, 5 characters */
    memset(long_pw, 'a', sizeof long_pw - 1);
    long_pw[sizeof long_pw - 1] = '\0';
    memcpy(long_pw, "A1", 2);
    expect_policy(long_pw, NULL, "password_too_long", "128");
    long_pw[PASSWORD_MAX_BYTES] = '\0';
    expect_policy(long_pw, NULL, NULL, NULL);
}

static void secrets(void **state)
{
    char a[65], b[65], d[PASSWORD_DIGEST_HEX];
    ms_err err = {0};

    (void)state;
    assert_int_equal(password_random_hex(32, a, &err), MS_OK);
    assert_int_equal(password_random_hex(32, b, &err), MS_OK);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(strspn(a, "0123456789abcdef"), 64);
    assert_string_not_equal(a, b);
    assert_int_equal(password_random_hex(0, a, &err), MS_EINTERNAL);
    /* echo -n abc | openssl dgst -sm3 */
    password_digest("abc", d);
    assert_string_equal(d, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    assert_true(password_equal("abc", "abc"));
    assert_false(password_equal("abc", "abd"));
    assert_false(password_equal("abc", "abcd"));
    assert_false(password_equal(NULL, "abc"));
    assert_false(password_equal("abc", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_answers), cmocka_unit_test(roundtrip), cmocka_unit_test(tampered),
        cmocka_unit_test(policy),        cmocka_unit_test(secrets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
