/* sm3.c - SM3 through OpenSSL 3's EVP interface. */
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ms.h"
#include "core/sm3.h"

struct sm3_ctx {
    EVP_MD_CTX *md;
};

/* The SM3 implementation is fetched once per process, and each thread
 * keeps one digest context: a draw computes hundreds of thousands of short
 * digests, where creating a context and an implicit fetch per call cost
 * more than the hashing. */
static EVP_MD *sm3_md;
static pthread_once_t sm3_once = PTHREAD_ONCE_INIT;
static pthread_key_t sm3_key; /* this thread's EVP_MD_CTX, freed when it exits */

static void ctx_free(void *p)
{
    EVP_MD_CTX_free(p);
}

static void sm3_fetch(void)
{
    sm3_md = EVP_MD_fetch(NULL, "SM3", NULL);
    pthread_key_create(&sm3_key, ctx_free);
}

int sm3_digest(const void *data, size_t len, unsigned char out[SM3_LEN])
{
    unsigned int n = 0;
    EVP_MD_CTX *tl_ctx;

    pthread_once(&sm3_once, sm3_fetch);
    tl_ctx = pthread_getspecific(sm3_key);
    if (!tl_ctx && (tl_ctx = EVP_MD_CTX_new()) != NULL)
        pthread_setspecific(sm3_key, tl_ctx);
    if (!sm3_md || !tl_ctx || EVP_DigestInit_ex2(tl_ctx, sm3_md, NULL) != 1 ||
        EVP_DigestUpdate(tl_ctx, data, len) != 1 || EVP_DigestFinal_ex(tl_ctx, out, &n) != 1 ||
        n != SM3_LEN) {
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
