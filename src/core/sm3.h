/* sm3.h - SM3 (GB/T 32905-2016) digests through OpenSSL 3, and hex helpers.
 *
 * The audit hash chain, verifiable draws and evidence files all hash with
 * SM3; this is the one place that talks to libcrypto for it. Digests are
 * 32 bytes; their text form is 64 lowercase hex digits, exactly what
 * `openssl dgst -sm3` prints. */
#ifndef MS_SM3_H
#define MS_SM3_H

#include <stddef.h>

#define SM3_LEN     32 /* digest bytes */
#define SM3_HEX_LEN 64 /* hex digits, without the NUL */

/* A running digest over several pieces. */
typedef struct sm3_ctx sm3_ctx;

/* Digest of LEN bytes at DATA into OUT. Returns MS_OK, or MS_EINTERNAL when
 * libcrypto has no SM3 (OUT is zeroed then). */
int sm3_digest(const void *data, size_t len, unsigned char out[SM3_LEN]);

/* Same, written as 64 lowercase hex digits and a NUL into OUT. On failure
 * OUT is the empty string and the result MS_EINTERNAL. */
int sm3_hex(const void *data, size_t len, char out[SM3_HEX_LEN + 1]);

/* Start a running digest. Returns NULL when memory is exhausted or libcrypto
 * has no SM3. The caller frees with sm3_free() (also after sm3_final_hex). */
sm3_ctx *sm3_new(void);

/* Add LEN bytes at DATA. Returns MS_OK or MS_EINTERNAL. */
int sm3_update(sm3_ctx *c, const void *data, size_t len);

/* Finish: write the hex digest of everything added into OUT. The context
 * cannot be updated afterwards. Returns MS_OK or MS_EINTERNAL (OUT = ""). */
int sm3_final_hex(sm3_ctx *c, char out[SM3_HEX_LEN + 1]);

/* Free C; NULL is allowed. */
void sm3_free(sm3_ctx *c);

/* Write the 32 bytes at D as 64 lowercase hex digits and a NUL into OUT. */
void sm3_to_hex(const unsigned char d[SM3_LEN], char out[SM3_HEX_LEN + 1]);

/* 1 when S is exactly 64 lowercase hex digits (a digest in text form). */
int sm3_is_hex(const char *s);

#endif
