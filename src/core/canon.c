/* canon.c - canonical JSON through jansson with fixed flags. */
#include <string.h>

#include "core/alloc.h"
#include "core/canon.h"

char *canon_dump(const json_t *v, size_t *len)
{
    size_t n;
    char *buf;

    if (len)
        *len = 0;
    if (!v)
        return NULL;
    n = json_dumpb(v, NULL, 0, CANON_JSON_FLAGS);
    if (n == 0)
        return NULL;
    buf = ms_malloc(n + 1);
    if (!buf)
        return NULL;
    if (json_dumpb(v, buf, n, CANON_JSON_FLAGS) != n) {
        ms_free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

json_t *canon_parse(const char *text)
{
    json_error_t jerr;

    if (!text)
        return NULL;
    return json_loads(text, CANON_LOAD_FLAGS, &jerr);
}

char *canon_text(const char *text, size_t *len)
{
    json_t *v = canon_parse(text);
    char *out;

    if (len)
        *len = 0;
    if (!v)
        return NULL;
    out = canon_dump(v, len);
    json_decref(v);
    return out;
}
