/* password.c - PBKDF2-HMAC-SM3 password hashes, the password policy and
 * random secrets (see password.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/password.h"
#include "core/sm3.h"
#include "core/text.h"

#define SCHEME     "pbkdf2-sm3"
#define MAX_ITER   10000000
#define MAX_SALT   32
#define ENV_ITER   "MSUP_PBKDF2_ITER"
#define HEX_DIGITS "0123456789abcdef"

/* ---------------------------------------------------------------- hex */

static void to_hex(const unsigned char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX_DIGITS[in[i] >> 4];
        out[2 * i + 1] = HEX_DIGITS[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decode exactly the LEN hex characters at S into OUT; -1 on a bad digit. */
static int from_hex(const char *s, size_t len, unsigned char *out)
{
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hex_val(s[2 * i]), lo = hex_val(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* --------------------------------------------------------------- hashing */

int password_iterations(void)
{
    const char *env = getenv(ENV_ITER);
    char *end;
    long v;

    if (!env || !*env)
        return PASSWORD_DEFAULT_ITER;
    v = strtol(env, &end, 10);
    if (*end || v < 1 || v > MAX_ITER)
        return PASSWORD_DEFAULT_ITER;
    return (int)v;
}

int password_pbkdf2_sm3(const char *password, const unsigned char *salt, size_t saltlen, int iter,
                        unsigned char *out, size_t outlen)
{
    const EVP_MD *md = EVP_sm3();

    if (!md || !password || iter < 1)
        return -1;
    return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)saltlen, iter, md,
                             (int)outlen, out) == 1
               ? 0
               : -1;
}

int password_hash_salt(const char *password, const unsigned char *salt, size_t saltlen, int iter,
                       char out[PASSWORD_HASH_MAX], ms_err *err)
{
    unsigned char key[PASSWORD_KEY_LEN];
    char salt_hex[2 * MAX_SALT + 1], key_hex[2 * PASSWORD_KEY_LEN + 1];
    int rc = MS_OK;

    out[0] = '\0';
    if (iter <= 0)
        iter = password_iterations();
    if (!password || saltlen < 1 || saltlen > MAX_SALT || iter > MAX_ITER) {
        rc = ms_fail(err, MS_EINTERNAL, "", "internal", "password_hash: bad arguments");
        goto out;
    }
    if (password_pbkdf2_sm3(password, salt, saltlen, iter, key, sizeof key) != 0) {
        rc = ms_fail(err, MS_EINTERNAL, "", "internal", "PBKDF2-HMAC-SM3 unavailable");
        goto out;
    }
    to_hex(salt, saltlen, salt_hex);
    to_hex(key, sizeof key, key_hex);
    snprintf(out, PASSWORD_HASH_MAX, SCHEME "$%d$%s$%s", iter, salt_hex, key_hex);
out:
    OPENSSL_cleanse(key, sizeof key);
    return rc;
}

int password_hash(const char *password, int iter, char out[PASSWORD_HASH_MAX], ms_err *err)
{
    unsigned char salt[PASSWORD_SALT_LEN];

    out[0] = '\0';
    if (RAND_bytes(salt, sizeof salt) != 1)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "RAND_bytes failed");
    return password_hash_salt(password, salt, sizeof salt, iter, out, err);
}

/* A parsed stored string. */
struct parsed {
    int iter;
    unsigned char salt[MAX_SALT];
    size_t saltlen;
    unsigned char key[PASSWORD_KEY_LEN];
};

/* Parse "pbkdf2-sm3$ITER$SALT$HASH"; 0 or -1 when malformed. */
static int parse_stored(const char *s, struct parsed *p)
{
    const char *it, *salt, *key;
    char *end;
    long iter;

    if (!s || strncmp(s, SCHEME "$", sizeof SCHEME) != 0)
        return -1;
    it = s + sizeof SCHEME;
    iter = strtol(it, &end, 10);
    if (end == it || *end != '$' || iter < 1 || iter > MAX_ITER || !isdigit((unsigned char)*it))
        return -1;
    salt = end + 1;
    key = strchr(salt, '$');
    if (!key)
        return -1;
    p->saltlen = (size_t)(key - salt) / 2;
    key++;
    if ((size_t)(key - 1 - salt) != 2 * p->saltlen || p->saltlen < 1 || p->saltlen > MAX_SALT ||
        strlen(key) != 2 * PASSWORD_KEY_LEN)
        return -1;
    if (from_hex(salt, 2 * p->saltlen, p->salt) != 0 ||
        from_hex(key, 2 * PASSWORD_KEY_LEN, p->key) != 0)
        return -1;
    p->iter = (int)iter;
    return 0;
}

int password_verify(const char *password, const char *stored)
{
    struct parsed p;
    unsigned char key[PASSWORD_KEY_LEN];
    int ok = 0;

    if (!password || parse_stored(stored, &p) != 0)
        return 0;
    if (password_pbkdf2_sm3(password, p.salt, p.saltlen, p.iter, key, sizeof key) == 0)
        ok = CRYPTO_memcmp(key, p.key, sizeof key) == 0;
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(&p, sizeof p);
    return ok;
}

void password_verify_dummy(const char *password)
{
    static const unsigned char salt[PASSWORD_SALT_LEN] = "msup-dummy-salt";
    unsigned char key[PASSWORD_KEY_LEN];

    password_pbkdf2_sm3(password ? password : "", salt, sizeof salt, password_iterations(), key,
                        sizeof key);
    OPENSSL_cleanse(key, sizeof key);
}

/* ---------------------------------------------------------------- policy */

/* 1 when HAY contains NEEDLE, ASCII case ignored. */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

int password_check_policy(const char *password, const char *username, ms_err *err)
{
    int upper = 0, lower = 0, digit = 0, other = 0;
    size_t len;

    if (!password || !*password)
        return ms_fail(err, MS_EINVAL, "password", "required", NULL);
    len = strlen(password);
    if (len > PASSWORD_MAX_BYTES)
        return ms_failf(err, MS_EINVAL, "password", "password_too_long", "%d", PASSWORD_MAX_BYTES);
    if (!text_utf8_valid(password, len))
        return ms_fail(err, MS_EINVAL, "password", "invalid_utf8", NULL);
    for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return ms_fail(err, MS_EINVAL, "password", "control_chars", NULL);
        if (*p >= 'A' && *p <= 'Z')
            upper = 1;
        else if (*p >= 'a' && *p <= 'z')
            lower = 1;
        else if (*p >= '0' && *p <= '9')
            digit = 1;
        else
            other = 1; /* punctuation, space, and any non-ASCII character */
    }
    if (text_utf8_len(password) < PASSWORD_MIN_CHARS)
        return ms_failf(err, MS_EINVAL, "password", "password_too_short", "%d", PASSWORD_MIN_CHARS);
    if (upper + lower + digit + other < 3)
        return ms_fail(err, MS_EINVAL, "password", "password_classes", NULL);
    if (username && *username && contains_nocase(password, username))
        return ms_fail(err, MS_EINVAL, "password", "password_has_username", NULL);
    return MS_OK;
}

/* ---------------------------------------------------------------- secrets */

int password_random_hex(size_t nbytes, char *out, ms_err *err)
{
    unsigned char buf[64];

    out[0] = '\0';
    if (nbytes < 1 || nbytes > sizeof buf)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "password_random_hex: bad size");
    if (RAND_bytes(buf, (int)nbytes) != 1)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "RAND_bytes failed");
    to_hex(buf, nbytes, out);
    OPENSSL_cleanse(buf, sizeof buf);
    return MS_OK;
}

void password_digest(const char *s, char out[PASSWORD_DIGEST_HEX])
{
    if (sm3_hex(s ? s : "", s ? strlen(s) : 0, out) != MS_OK) {
        /* Without SM3 nothing may match: yield a value no digest equals. */
        memset(out, 'x', PASSWORD_DIGEST_HEX - 1);
        out[PASSWORD_DIGEST_HEX - 1] = '\0';
    }
}

int password_equal(const char *a, const char *b)
{
    size_t n;

    if (!a || !b)
        return 0;
    n = strlen(a);
    if (n != strlen(b))
        return 0;
    return CRYPTO_memcmp(a, b, n) == 0;
}
