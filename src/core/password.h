/* password.h - password hashing (PBKDF2-HMAC-SM3), the password policy and
 * random secrets (session, CSRF and API tokens) with their SM3 digests.
 *
 * Stored password strings read "pbkdf2-sm3$ITER$SALT$HASH" with SALT the
 * 16 random bytes and HASH the 32-byte derived key, both lower-case hex.
 * Secrets handed to clients are random bytes in lower-case hex; only their
 * SM3 digest (hex) is ever stored. Pure apart from RAND_bytes and getenv. */
#ifndef MS_PASSWORD_H
#define MS_PASSWORD_H

#include <stddef.h>

#include "core/ms.h"

#define PASSWORD_MIN_CHARS    8      /* policy: at least this many characters */
#define PASSWORD_MAX_BYTES    128    /* policy: at most this many bytes */
#define PASSWORD_SALT_LEN     16     /* random salt bytes per password */
#define PASSWORD_KEY_LEN      32     /* derived key bytes (SM3 output size) */
#define PASSWORD_DEFAULT_ITER 100000 /* PBKDF2 iterations unless MSUP_PBKDF2_ITER says */
#define PASSWORD_HASH_MAX     160    /* buffer for a stored hash string, NUL included */
#define PASSWORD_DIGEST_HEX   65     /* buffer for an SM3 hex digest, NUL included */

/* Iterations for new hashes: MSUP_PBKDF2_ITER from the environment when it
 * is an integer in 1..10000000 (tests use a small count), else
 * PASSWORD_DEFAULT_ITER. */
int password_iterations(void);

/* Raw PBKDF2-HMAC-SM3 of PASSWORD with SALT and ITER iterations into OUT
 * (OUTLEN bytes). Returns 0, or -1 when OpenSSL refuses (no SM3). */
int password_pbkdf2_sm3(const char *password, const unsigned char *salt, size_t saltlen, int iter,
                        unsigned char *out, size_t outlen);

/* Hash PASSWORD with a fresh random salt and ITER iterations (<= 0: the
 * count of password_iterations()) into OUT. Returns MS_OK, or MS_EINTERNAL
 * (key "internal") when the random generator or the KDF fails. */
int password_hash(const char *password, int iter, char out[PASSWORD_HASH_MAX], ms_err *err);

/* Same with a given salt (SALTLEN 1..32 bytes): deterministic, for tests. */
int password_hash_salt(const char *password, const unsigned char *salt, size_t saltlen, int iter,
                       char out[PASSWORD_HASH_MAX], ms_err *err);

/* 1 when PASSWORD matches the stored string STORED, else 0 (also for a NULL
 * or malformed STORED). The comparison takes constant time. */
int password_verify(const char *password, const char *stored);

/* Spend the time of one verification without a stored hash, so that a
 * login for an unknown user answers as slowly as one for a known user. */
void password_verify_dummy(const char *password);

/* The policy: PASSWORD_MIN_CHARS..PASSWORD_MAX_BYTES, valid UTF-8 without
 * control characters, characters of at least 3 of the 4 classes (upper case,
 * lower case, digit, other), and not containing USERNAME (NULL or "" skips
 * that rule; compared without regard to ASCII case). Returns MS_OK or
 * MS_EINVAL on field "password" with key "required", "password_too_short"
 * (arg: the minimum), "password_too_long" (arg: the maximum),
 * "invalid_utf8", "control_chars", "password_classes" or
 * "password_has_username". */
int password_check_policy(const char *password, const char *username, ms_err *err);

/* A new random secret: NBYTES (1..64) random bytes as lower-case hex in OUT
 * (2 * NBYTES + 1 bytes). Returns MS_OK or MS_EINTERNAL. */
int password_random_hex(size_t nbytes, char *out, ms_err *err);

/* SM3 digest of the text S as lower-case hex (what is stored for a token). */
void password_digest(const char *s, char out[PASSWORD_DIGEST_HEX]);

/* 1 when the NUL-terminated strings A and B are equal, compared in time
 * independent of where they differ (lengths are not secret). NULL never
 * matches. */
int password_equal(const char *a, const char *b);

#endif
