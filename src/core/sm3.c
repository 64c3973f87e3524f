/* sm3.c - SM3 through OpenSSL 3's EVP interface. */
#include <openssl/evp.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ms.h"
#include "core/sm3.h"

struct sm3_ctx {
    EVP_MD_CTX *md;
};

int sm3_digest(const void *data, size_t len, unsigned char out[SM3_LEN])
{
    unsigned int n = 0;

    if (EVP_Digest(data, len, out, &n, EVP_sm3(), NULL) != 1 || n != SM3_LEN) {
        memset(out, 0, SM3_LEN);
        return MS_EINTERNAL;
    }
    return MS_OK;
}

void sm3_to_hex(const unsigned char d[SM3_LEN], char out[SM3_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 0; i < SM3_LEN; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[SM3_HEX_LEN] = '\0';
}

int sm3_hex(const void *data, size_t len, char out[SM3_HEX_LEN + 1])
{
    unsigned char d[SM3_LEN];

    if (sm3_digest(data, len, d) != MS_OK) {
        out[0] = '\0';
        return MS_EINTERNAL;
    }
    sm3_to_hex(d, out);
    return MS_OK;
}

sm3_ctx *sm3_new(void)
{
    sm3_ctx *c = ms_calloc(1, sizeof *c);

    if (!c)
        return NULL;
    c->md = EVP_MD_CTX_new();
    if (!c->md || EVP_DigestInit_ex(c->md, EVP_sm3(), NULL) != 1) {
        sm3_free(c);
        return NULL;
    }
    return c;
}

int sm3_update(sm3_ctx *c, const void *data, size_t len)
{
    return EVP_DigestUpdate(c->md, data, len) == 1 ? MS_OK : MS_EINTERNAL;
}

int sm3_final_hex(sm3_ctx *c, char out[SM3_HEX_LEN + 1])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (EVP_DigestFinal_ex(c->md, d, &n) != 1 || n != SM3_LEN) {
        out[0] = '\0';
        return MS_EINTERNAL;
    }
    sm3_to_hex(d, out);
    return MS_OK;
}

void sm3_free(sm3_ctx *c)
{
    if (!c)
        return;
    EVP_MD_CTX_free(c->md);
    ms_free(c);
}

int sm3_is_hex(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == SM3_HEX_LEN;
}
