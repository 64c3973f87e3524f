/* sniff.c - media types from magic bytes and safe display names (see
 * sniff.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/sniff.h"
#include "core/text.h"

#define T_JPEG "image/jpeg"
#define T_PNG  "image/png"
#define T_WEBP "image/webp"
#define T_HEIC "image/heic"
#define T_PDF  "application/pdf"
#define T_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define T_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define T_PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define T_DOC  "application/msword"
#define T_XLS  "application/vnd.ms-excel"
#define T_PPT  "application/vnd.ms-powerpoint"

static int starts(const unsigned char *d, size_t len, const void *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

static const void *find(const void *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (const unsigned char *p = hay; len >= n; p++, len--)
        if (*p == (unsigned char)needle[0] && memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* The extension of NAME without the dot, or "". */
static const char *ext_of(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;

    return dot && dot != name ? dot + 1 : "";
}

static const char *ooxml(const unsigned char *d, size_t len)
{
    if (!find(d, len, "[Content_Types].xml"))
        return NULL;
    if (find(d, len, "word/"))
        return T_DOCX;
    if (find(d, len, "xl/"))
        return T_XLSX;
    if (find(d, len, "ppt/"))
        return T_PPTX;
    return NULL;
}

const char *sniff_media_type(const void *data, size_t len, const char *name)
{
    const unsigned char *d = data;
    const char *ext = ext_of(name);

    if (!d)
        return NULL;
    if (starts(d, len, "\xFF\xD8\xFF", 3))
        return T_JPEG;
    if (starts(d, len, "\x89PNG\r\n\x1A\n", 8))
        return T_PNG;
    if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return T_WEBP;
    if (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0 &&
        (memcmp(d + 8, "heic", 4) == 0 || memcmp(d + 8, "heix", 4) == 0 ||
         memcmp(d + 8, "mif1", 4) == 0 || memcmp(d + 8, "msf1", 4) == 0 ||
         memcmp(d + 8, "hevc", 4) == 0))
        return T_HEIC;
    if (starts(d, len, "%PDF-", 5))
        return T_PDF;
    if (starts(d, len, "PK\x03\x04", 4))
        return ooxml(d, len);
    if (starts(d, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        if (strcasecmp(ext, "xls") == 0)
            return T_XLS;
        if (strcasecmp(ext, "ppt") == 0)
            return T_PPT;
        return T_DOC;
    }
    return NULL;
}

int sniff_is_dangerous(const void *data, size_t len)
{
    static const char *const markup[] = {"<!doctype", "<html", "<script", "<svg",
                                         "<?xml",     "<body", "<head",   "<iframe"};
    const unsigned char *d = data;
    size_t i = 0;

    if (!d)
        return 0;
    if (starts(d, len, "MZ", 2) ||
        starts(d, len,
               "\x7F"
               "ELF",
               4) ||
        starts(d, len, "#!", 2) || starts(d, len, "\xCF\xFA\xED\xFE", 4) ||
        starts(d, len, "\xCA\xFE\xBA\xBE", 4))
        return 1;
    if (starts(d, len, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    for (size_t k = 0; k < sizeof markup / sizeof *markup; k++) {
        size_t n = strlen(markup[k]);
        if (len - i >= n && strncasecmp((const char *)d + i, markup[k], n) == 0)
            return 1;
    }
    return 0;
}

static const struct {
    const char *ext, *type;
} exts[] = {
    {"jpg", T_JPEG},  {"jpeg", T_JPEG}, {"jpe", T_JPEG}, {"png", T_PNG},   {"webp", T_WEBP},
    {"heic", T_HEIC}, {"heif", T_HEIC}, {"pdf", T_PDF},  {"docx", T_DOCX}, {"xlsx", T_XLSX},
    {"pptx", T_PPTX}, {"doc", T_DOC},   {"xls", T_XLS},  {"ppt", T_PPT},   {"exe", ""},
    {"dll", ""},      {"html", ""},     {"htm", ""},     {"svg", ""},      {"js", ""},
    {"sh", ""},       {"bat", ""},      {"cmd", ""},     {"com", ""},      {"scr", ""},
};

int sniff_name_mismatch(const char *name, const char *type)
{
    const char *ext = ext_of(name);

    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strcasecmp(ext, exts[i].ext) == 0)
            return strcmp(exts[i].type, type) != 0;
    return 0;
}

int sniff_declared_mismatch(const char *declared, const char *type)
{
    size_t n;

    if (!declared)
        return 0;
    while (*declared == ' ')
        declared++;
    n = strcspn(declared, "; ");
    if (n == 0 || (n == 24 && strncasecmp(declared, "application/octet-stream", 24) == 0))
        return 0;
    if (strcmp(type, T_JPEG) == 0 && ((n == 9 && strncasecmp(declared, "image/jpg", 9) == 0) ||
                                      (n == 11 && strncasecmp(declared, "image/pjpeg", 11) == 0)))
        return 0;
    if (strcmp(type, T_HEIC) == 0 && n == 10 && strncasecmp(declared, "image/heif", 10) == 0)
        return 0;
    return !(strlen(type) == n && strncasecmp(declared, type, n) == 0);
}

/* Length of the UTF-8 sequence starting at S (at most N bytes), 0 when it
 * is not a valid one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80             ? 1
                 : (s[0] & 0xE0) == 0xC0 ? 2
                 : (s[0] & 0xF0) == 0xE0 ? 3
                 : (s[0] & 0xF8) == 0xF0 ? 4
                                         : 0;

    if (!len || len > n || !text_utf8_valid((const char *)s, len))
        return 0;
    return len;
}

char *sniff_filename(const char *name, char *out, size_t size)
{
    const char *base = name ? name : "";
    size_t o = 0, cap = size - 1 < SNIFF_NAME_MAX ? size - 1 : SNIFF_NAME_MAX;
    const char *ext;
    size_t elen;

    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    for (const unsigned char *p = (const unsigned char *)base; *p;) {
        size_t n = utf8_seq(p, strlen((const char *)p));
        if (!n) {
            p++;
            continue;
        }
        if ((n == 1 && (*p < 0x20 || *p == 0x7F)) ||
            (o == 0 && n == 1 && (*p == '.' || *p == ' ')) ||
            (n == 2 && p[0] == 0xC2 && p[1] < 0xA0)) { /* C1 controls */
            p += n;
            continue;
        }
        if (o + n <= size - 1) {
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
        if (o >= size - 1)
            break;
    }
    out[o] = '\0';
    while (o && out[o - 1] == ' ')
        out[--o] = '\0';
    if (o > cap) {
        /* Keep the extension (up to 10 bytes) and cut the stem on a
         * character boundary. */
        ext = strrchr(out, '.');
        elen = ext && strlen(ext) <= 10 ? strlen(ext) : 0;
        size_t stem = cap - elen;
        while (stem && ((unsigned char)out[stem] & 0xC0) == 0x80)
            stem--;
        while (stem && out[stem - 1] == ' ') /* no blank before the extension or at the end */
            stem--;
        memmove(out + stem, out + o - elen, elen + 1);
        o = stem + elen;
    }
    if (!o)
        snprintf(out, size, "file");
    return out;
}
