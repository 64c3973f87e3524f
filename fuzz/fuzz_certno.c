/* fuzz_certno.c - certificate numbers (计量标准考核证书编号), core/certno.c.
 *
 * Invariants: every part of an accepted number fits its field and is
 * NUL-terminated; the normalised text parses again to the same parts; and
 * certno_format() of the parts (year, province, unit, serial with its
 * width) writes exactly that normalised text whenever the parts are in the
 * formatter's range. Errors name the field "cert_no" with a known key. */
#include <stdlib.h>
#include <string.h>

#include "core/certno.h"
#include "fuzz.h"

static int has_bracket(const char *s)
{
    return strchr(s, '[') || strchr(s, ']');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[512], buf[CERTNO_MAX];
    certno c, d;
    ms_err err = {0};
    int rc;

    if (size >= sizeof in)
        return 0;
    memcpy(in, data, size);
    in[size] = '\0';

    memset(&c, 0x5a, sizeof c);
    rc = certno_parse(in, &c, &err);
    fuzz_check_err(rc, &err);
    if (rc != MS_OK) {
        FUZZ_ASSERT(strcmp(err.field, "cert_no") == 0);
        FUZZ_ASSERT(certno_parse(in, NULL, NULL) == rc);
        return 0;
    }
    FUZZ_ASSERT(certno_parse(in, NULL, NULL) == MS_OK);
    FUZZ_ASSERT(memchr(c.text, 0, sizeof c.text) && memchr(c.province, 0, sizeof c.province) &&
                memchr(c.unit, 0, sizeof c.unit) && memchr(c.serial, 0, sizeof c.serial) &&
                memchr(c.province_code, 0, sizeof c.province_code));
    FUZZ_ASSERT(c.year >= 0 && c.year <= 9999);
    FUZZ_ASSERT(c.province[0] && c.serial[0]);
    FUZZ_ASSERT(strspn(c.serial, "0123456789") == strlen(c.serial));
    FUZZ_ASSERT(strlen(c.province_code) == 0 || strlen(c.province_code) == 2);

    memset(&d, 0, sizeof d);
    FUZZ_ASSERT(certno_parse(c.text, &d, NULL) == MS_OK);
    FUZZ_ASSERT(memcmp(&c.year, &d.year, sizeof c.year) == 0 && strcmp(c.text, d.text) == 0 &&
                strcmp(c.province, d.province) == 0 && strcmp(c.unit, d.unit) == 0 &&
                strcmp(c.serial, d.serial) == 0 && strcmp(c.province_code, d.province_code) == 0);

    if (c.year >= 1000 && strlen(c.serial) <= 19 && !has_bracket(c.province) &&
        !has_bracket(c.unit)) {
        unsigned long serial = strtoul(c.serial, NULL, 10);
        rc = certno_format(buf, sizeof buf, c.year, c.province, c.unit, serial,
                           (int)strlen(c.serial));
        FUZZ_ASSERT(rc == MS_OK || rc == MS_ETOOBIG);
        if (rc == MS_OK)
            FUZZ_ASSERT(strcmp(buf, c.text) == 0);
    }
    return 0;
}
