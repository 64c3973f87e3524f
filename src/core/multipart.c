/* multipart.c - multipart/form-data parsing (see multipart.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/multipart.h"

static int bad(ms_err *err, const char *field, const char *arg)
{
    return ms_fail(err, MS_EINVAL, field, "multipart_invalid", arg);
}

static const char *memfind(const char *hay, size_t len, const char *needle, size_t n)
{
    for (const char *p = hay; len >= n; p++, len--)
        if (*p == needle[0] && memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

int multipart_boundary(const char *content_type, char *out, size_t size, ms_err *err)
{
    const char *p, *b;
    size_t n;

    if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
        return bad(err, "Content-Type", content_type ? content_type : "");
    for (p = content_type + 19; (b = strchr(p, ';')); p = b + 1) {
        b++;
        while (*b == ' ' || *b == '\t')
            b++;
        if (strncasecmp(b, "boundary=", 9) != 0)
            continue;
        b += 9;
        if (*b == '"') {
            const char *end = strchr(++b, '"');
            n = end ? (size_t)(end - b) : 0;
        } else {
            n = strcspn(b, "; \t");
        }
        if (n == 0 || n > 70 || n + 1 > size)
            break;
        memcpy(out, b, n);
        out[n] = '\0';
        return MS_OK;
    }
    return bad(err, "Content-Type", "boundary");
}

/* The value of PARAM (name="..") in the header line H[0..HLEN) into AR,
 * or NULL. Quoted values may hold "\"" escapes. */
static const char *param(arena *ar, const char *h, size_t hlen, const char *name)
{
    size_t nlen = strlen(name);

    for (size_t i = 0; i + nlen + 1 < hlen; i++) {
        char *v, *o;
        size_t j;
        if ((i && h[i - 1] != ';' && h[i - 1] != ' ' && h[i - 1] != '\t') ||
            strncasecmp(h + i, name, nlen) != 0 || h[i + nlen] != '=')
            continue;
        j = i + nlen + 1;
        if (j < hlen && h[j] == '"') {
            j++;
            if (!(v = o = arena_alloc(ar, hlen - j + 1)))
                return NULL;
            for (; j < hlen && h[j] != '"'; j++) {
                if (h[j] == '\\' && j + 1 < hlen && (h[j + 1] == '"' || h[j + 1] == '\\'))
                    j++;
                *o++ = h[j];
            }
            *o = '\0';
            return v;
        }
        size_t k = j;
        while (k < hlen && h[k] != ';' && h[k] != ' ' && h[k] != '\t')
            k++;
        return arena_strndup(ar, h + j, k - j);
    }
    return NULL;
}

/* Parse the headers H[0..HLEN) of one part into P. */
static int part_headers(arena *ar, const char *h, size_t hlen, struct multipart_part *p,
                        ms_err *err)
{
    while (hlen) {
        const char *eol = memfind(h, hlen, "\r\n", 2);
        size_t l = eol ? (size_t)(eol - h) : hlen;
        if (l > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
            const char *v = h + 20;
            size_t vl = l - 20;
            while (vl && (*v == ' ' || *v == '\t'))
                v++, vl--;
            if (vl < 9 || strncasecmp(v, "form-data", 9) != 0)
                return bad(err, "body", "Content-Disposition");
            p->name = param(ar, v, vl, "name");
            p->filename = param(ar, v, vl, "filename");
        } else if (l > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
            const char *v = h + 13;
            size_t vl = l - 13;
            while (vl && (*v == ' ' || *v == '\t'))
                v++, vl--;
            p->type = arena_strndup(ar, v, vl);
        }
        if (!eol)
            break;
        h = eol + 2;
        hlen -= l + 2;
    }
    if (!p->name)
        return bad(err, "body", "name");
    return MS_OK;
}

int multipart_parse(const char *body, size_t len, const char *boundary, arena *ar,
                    struct multipart_part *parts, int *n, ms_err *err)
{
    char delim[80];
    size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    const char *p, *end = body + len;
    int rc;

    *n = 0;
    /* The first delimiter may start the body without the CRLF. */
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
        p = body + dlen - 2;
    else if ((p = memfind(body, len, delim, dlen)))
        p += dlen;
    else
        return bad(err, "body", "boundary");
    for (;;) {
        const char *hend, *next;
        struct multipart_part *part;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return MS_OK; /* the close delimiter */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return bad(err, "body", "delimiter");
        p += 2;
        if (!(hend = memfind(p, (size_t)(end - p), "\r\n\r\n", 4))) {
            if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
                hend = p - 2; /* no headers at all */
            else
                return bad(err, "body", "headers");
        }
        if (!(next = memfind(hend + 4, (size_t)(end - hend - 4), delim, dlen)))
            return bad(err, "body", "close delimiter");
        if (*n == MULTIPART_MAX_PARTS)
            return bad(err, "body", "too many parts");
        part = &parts[(*n)++];
        memset(part, 0, sizeof *part);
        if (hend > p && (rc = part_headers(ar, p, (size_t)(hend - p), part, err)) != MS_OK)
            return rc;
        if (!part->name)
            return bad(err, "body", "name");
        part->data = hend + 4;
        part->len = (size_t)(next - part->data);
        p = next + dlen;
    }
}

const struct multipart_part *multipart_get(const struct multipart_part *parts, int n,
                                           const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    return NULL;
}
