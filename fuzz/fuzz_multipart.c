/* fuzz_multipart.c - multipart/form-data bodies, core/multipart.c.
 *
 * Input: the Content-Type header value up to the first '\n', then the body.
 * Invariants: an accepted boundary is 1..70 bytes; an accepted body has at
 * most MULTIPART_MAX_PARTS parts, each with a name, its data inside the body
 * and free of the delimiter "\r\n--<boundary>"; multipart_get() finds the
 * first part of each name. Errors carry a known message key. */
#include <string.h>

#include "core/multipart.h"
#include "fuzz.h"

static const void *find(const char *h, size_t hn, const char *n, size_t nn)
{
    for (size_t i = 0; nn && i + nn <= hn; i++)
        if (memcmp(h + i, n, nn) == 0)
            return h + i;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char ctype[256], boundary[80], delim[96];
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    const uint8_t *nl = memchr(data, '\n', size);
    size_t clen = nl ? (size_t)(nl - data) : size, blen;
    char *body;
    ms_err err = {0};
    arena ar;
    int rc, n = -1;

    if (clen >= sizeof ctype)
        return 0;
    memcpy(ctype, data, clen);
    ctype[clen] = '\0';
    rc = multipart_boundary(ctype, boundary, sizeof boundary, &err);
    fuzz_check_err(rc, &err);
    if (rc != MS_OK)
        return 0;
    FUZZ_ASSERT(strlen(boundary) >= 1 && strlen(boundary) <= 70);

    /* The body in its own allocation, so that ASan sees any read past it. */
    blen = nl ? size - clen - 1 : 0;
    body = malloc(blen ? blen : 1);
    FUZZ_ASSERT(body);
    if (blen)
        memcpy(body, nl + 1, blen);
    arena_init(&ar);
    memset(&err, 0, sizeof err);
    rc = multipart_parse(body, blen, boundary, &ar, parts, &n, &err);
    fuzz_check_err(rc, &err);
    if (rc == MS_OK) {
        size_t dn = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
        FUZZ_ASSERT(n >= 0 && n <= MULTIPART_MAX_PARTS);
        for (int i = 0; i < n; i++) {
            FUZZ_ASSERT(parts[i].name != NULL);
            FUZZ_ASSERT(parts[i].data >= body && parts[i].len <= blen &&
                        parts[i].data + parts[i].len <= body + blen);
            FUZZ_ASSERT(!find(parts[i].data, parts[i].len, delim, dn));
            (void)strlen(parts[i].name);
            if (parts[i].filename)
                (void)strlen(parts[i].filename);
            if (parts[i].type)
                (void)strlen(parts[i].type);
            const struct multipart_part *g = multipart_get(parts, n, parts[i].name);
            FUZZ_ASSERT(g && g <= &parts[i] && strcmp(g->name, parts[i].name) == 0);
        }
    }
    arena_free(&ar);
    free(body);
    return 0;
}
