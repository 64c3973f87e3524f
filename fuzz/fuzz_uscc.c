/* fuzz_uscc.c - the USCC (统一社会信用代码) parser, core/uscc.c.
 *
 * Invariants: a normalised code is 18 ASCII characters, none blank or lower
 * case, and normalising it again changes nothing (a control character is
 * left for the validator to refuse); a code the validator accepts is
 * normalised, made of the USCC set, has the check character that
 * uscc_check_char() recomputes, is accepted again with the same
 * organisation-code warning, and that warning is exactly "the GB 11714 check
 * of positions 9-17 fails"; errors carry a known message key. */
#include <ctype.h>
#include <string.h>

#include "core/uscc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[256], out[USCC_LEN + 1], again[USCC_LEN + 1], norm[USCC_LEN + 1];
    int warn = -1, warn2 = -1, rc;
    ms_err err = {0};

    if (size >= sizeof in)
        return 0;
    memcpy(in, data, size);
    in[size] = '\0';

    rc = uscc_normalize(in, norm, &err);
    fuzz_check_err(rc, &err);
    FUZZ_ASSERT(strlen(norm) <= USCC_LEN);
    if (rc == MS_OK) {
        FUZZ_ASSERT(strlen(norm) == USCC_LEN);
        for (int i = 0; i < USCC_LEN; i++)
            FUZZ_ASSERT((unsigned char)norm[i] >= 1 && (unsigned char)norm[i] < 0x80 &&
                        !isspace((unsigned char)norm[i]) && !(norm[i] >= 'a' && norm[i] <= 'z'));
        FUZZ_ASSERT(uscc_normalize(norm, again, NULL) == MS_OK && strcmp(norm, again) == 0);
    }

    memset(&err, 0, sizeof err);
    rc = uscc_validate(in, out, &warn, &err);
    fuzz_check_err(rc, &err);
    if (rc != MS_OK) {
        FUZZ_ASSERT(strcmp(err.field, "uscc") == 0);
        return 0;
    }
    FUZZ_ASSERT(strlen(out) == USCC_LEN && strcmp(out, norm) == 0);
    for (int i = 0; i < USCC_LEN; i++)
        FUZZ_ASSERT(uscc_char_value(out[i]) >= 0 && uscc_char_value(out[i]) <= 30);
    FUZZ_ASSERT(uscc_check_char(out) == out[17]);
    FUZZ_ASSERT(warn == 0 || warn == 1);
    FUZZ_ASSERT(warn == (uscc_org_check_char(out + 8) != out[16]));
    FUZZ_ASSERT(uscc_registrar_name(out[0], MS_LANG_ZH) != NULL);
    FUZZ_ASSERT(uscc_kind_name(out[0], out[1], MS_LANG_EN) != NULL);
    FUZZ_ASSERT(uscc_validate(out, again, &warn2, NULL) == MS_OK);
    FUZZ_ASSERT(strcmp(out, again) == 0 && warn2 == warn);
    return 0;
}
