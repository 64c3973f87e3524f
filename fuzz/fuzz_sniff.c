/* fuzz_sniff.c - upload sniffing and display names, core/sniff.c.
 *
 * Input: byte 0 picks the output size of sniff_filename (8..263), then a
 * file name up to the first NUL, then the file's bytes.
 * Invariants: the display name is non-empty valid UTF-8 within both the
 * buffer and SNIFF_NAME_MAX, with no path separator, control character or
 * leading dot/space, and sanitising it again (same size) changes nothing;
 * the media type is NULL or one of the accepted kinds; a name that sniffs
 * as its own type is never a mismatch. */
#include <string.h>

#include "core/sniff.h"
#include "core/tabin.h"
#include "fuzz.h"

static const char *const kinds[] = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[512], out[264], again[264];
    const uint8_t *nul, *body;
    size_t nlen, blen, osize, olen;
    const char *type;

    if (size < 1)
        return 0;
    osize = 8 + data[0];
    data++, size--;
    nul = memchr(data, 0, size);
    nlen = nul ? (size_t)(nul - data) : size;
    if (nlen >= sizeof name)
        return 0;
    memcpy(name, data, nlen);
    name[nlen] = '\0';
    body = nul ? nul + 1 : data + size;
    blen = nul ? size - nlen - 1 : 0;

    memset(out, 'X', sizeof out);
    sniff_filename(name, out, osize);
    olen = strlen(out);
    FUZZ_ASSERT(olen >= 1 && olen < osize && olen <= SNIFF_NAME_MAX);
    FUZZ_ASSERT(tabin_utf8_valid((const unsigned char *)out, olen, NULL));
    FUZZ_ASSERT(!strchr(out, '/') && !strchr(out, '\\') && out[0] != '.' && out[0] != ' ');
    for (size_t i = 0; i < olen; i++)
        FUZZ_ASSERT((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
    sniff_filename(out, again, osize);
    FUZZ_ASSERT(strcmp(out, again) == 0);

    type = sniff_media_type(body, blen, name);
    if (type) {
        int known = 0;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            known |= strcmp(type, kinds[i]) == 0;
        FUZZ_ASSERT(known);
        FUZZ_ASSERT(!sniff_declared_mismatch(type, type));
        FUZZ_ASSERT(!sniff_declared_mismatch(NULL, type));
        (void)sniff_name_mismatch(out, type);
    }
    (void)sniff_is_dangerous(body, blen);
    (void)sniff_declared_mismatch(name, "image/png");
    return 0;
}
