/* fuzz_tabin_xlsx.c - the XLSX half of the import reader,
 * core/tabin_xlsx.c (minizip + expat over workbook, relationships, styles,
 * shared strings and the first sheet).
 *
 * Input: either a whole file (starting "PK\3\4"), or the five XML parts
 * separated by 0xFF bytes (a byte that never occurs in UTF-8) - workbook.xml,
 * workbook.xml.rels, styles.xml, sharedStrings.xml, sheet1.xml - which this
 * target stores in a valid zip, so that mutations reach the XML readers
 * instead of failing the zip's CRC.
 * Invariants: increasing row numbers, at most TABIN_MAX_COLS cells, every
 * cell valid UTF-8, progress within the input, the count matches; errors
 * carry a known message key. */
#include <string.h>
#include <zlib.h>

#include "core/tabin.h"
#include "fuzz.h"
#include "fuzz_tabin.h"

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = v & 0xff, p[1] = (v >> 8) & 0xff;
    return p + 2;
}

static unsigned char *put32(unsigned char *p, unsigned long v)
{
    p = put16(p, v & 0xffff);
    return put16(p, (v >> 16) & 0xffff);
}

/* A zip of N stored (uncompressed) entries into a malloc'ed buffer. */
static unsigned char *make_zip(const char *const *names, const uint8_t *const *data,
                               const size_t *lens, int n, size_t *out_len)
{
    size_t cap = 22, off = 0, cd_start;
    unsigned long offs[8], crcs[8];
    unsigned char *z, *p;

    for (int i = 0; i < n; i++)
        cap += 30 + 46 + 2 * strlen(names[i]) + lens[i];
    z = p = malloc(cap);
    FUZZ_ASSERT(z);
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        offs[i] = (unsigned long)(p - z);
        crcs[i] = crc32(0L, data[i], (uInt)lens[i]);
        p = put32(p, 0x04034b50);
        p = put16(p, 20), p = put16(p, 0), p = put16(p, 0);
        p = put16(p, 0), p = put16(p, 0x21); /* 1980-01-01 00:00 */
        p = put32(p, crcs[i]), p = put32(p, lens[i]), p = put32(p, lens[i]);
        p = put16(p, (unsigned)nl), p = put16(p, 0);
        memcpy(p, names[i], nl), p += nl;
        if (lens[i])
            memcpy(p, data[i], lens[i]);
        p += lens[i];
    }
    cd_start = (size_t)(p - z);
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        p = put32(p, 0x02014b50);
        p = put16(p, 20), p = put16(p, 20), p = put16(p, 0), p = put16(p, 0);
        p = put16(p, 0), p = put16(p, 0x21);
        p = put32(p, crcs[i]), p = put32(p, lens[i]), p = put32(p, lens[i]);
        p = put16(p, (unsigned)nl), p = put16(p, 0), p = put16(p, 0);
        p = put16(p, 0), p = put16(p, 0), p = put32(p, 0), p = put32(p, offs[i]);
        memcpy(p, names[i], nl), p += nl;
    }
    off = (size_t)(p - z);
    p = put32(p, 0x06054b50);
    p = put16(p, 0), p = put16(p, 0), p = put16(p, (unsigned)n), p = put16(p, (unsigned)n);
    p = put32(p, off - cd_start), p = put32(p, cd_start), p = put16(p, 0);
    *out_len = (size_t)(p - z);
    return z;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"[Content_Types].xml",        "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                        "xl/sharedStrings.xml",       "xl/worksheets/sheet1.xml"};
    static const char ctypes[] = "<?xml version=\"1.0\"?><Types/>";
    const uint8_t *part[6];
    size_t lens[6], zlen = size;
    unsigned char *zip = NULL;
    const unsigned char *in = data;
    struct seen s = {0};
    struct tabin_info info;
    ms_err err = {0};
    int rc, n = 1;

    if (!(size >= 4 && memcmp(data, "PK\3\4", 4) == 0)) {
        const uint8_t *p = data, *end = data + size;
        part[0] = (const uint8_t *)ctypes;
        lens[0] = sizeof ctypes - 1;
        while (n < 6) {
            const uint8_t *sep = memchr(p, 0xFF, (size_t)(end - p));
            part[n] = p;
            lens[n] = sep ? (size_t)(sep - p) : (size_t)(end - p);
            n++;
            if (!sep)
                break;
            p = sep + 1;
        }
        zip = make_zip(names, part, lens, n, &zlen);
        in = zip;
    }
    rc = tabin_read(in, zlen, on_row, &s, &info, &err);
    fuzz_check_err(rc, &err);
    FUZZ_ASSERT(info.format == TABIN_XLSX);
    FUZZ_ASSERT(rc != MS_OK || info.rows == s.rows);
    free(zip);
    return 0;
}
