/* atomout.c - Atom feeds (see atomout.h). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "render/atomout.h"

struct sb {
    char *p;
    size_t len, cap;
    int oom;
};

static void put(struct sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(p = ms_realloc(b->p, cap))) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void raw(struct sb *b, const char *s)
{
    put(b, s, strlen(s));
}

/* S escaped for element text and attribute values. */
static void esc(struct sb *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': raw(b, "&amp;"); break;
        case '<': raw(b, "&lt;"); break;
        case '>': raw(b, "&gt;"); break;
        case '"': raw(b, "&quot;"); break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
                put(b, (const char *)p, 1);
        }
    }
}

static void elem(struct sb *b, const char *indent, const char *name, const char *text)
{
    raw(b, indent);
    raw(b, "<");
    raw(b, name);
    raw(b, ">");
    esc(b, text);
    raw(b, "</");
    raw(b, name);
    raw(b, ">\n");
}

int atomout_render(const char *id, const char *title, const char *updated, const char *self,
                   const struct atomout_entry *e, int n, char **out, size_t *len, ms_err *err)
{
    struct sb b = {NULL, 0, 0, 0};

    raw(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    elem(&b, "  ", "id", id);
    elem(&b, "  ", "title", title);
    elem(&b, "  ", "updated", updated);
    raw(&b, "  <author><name>msup</name></author>\n");
    if (self) {
        raw(&b, "  <link rel=\"self\" href=\"");
        esc(&b, self);
        raw(&b, "\"/>\n");
    }
    for (int i = 0; i < n; i++) {
        raw(&b, "  <entry>\n");
        elem(&b, "    ", "id", e[i].id);
        elem(&b, "    ", "title", e[i].title);
        elem(&b, "    ", "updated", e[i].updated);
        if (e[i].summary)
            elem(&b, "    ", "summary", e[i].summary);
        raw(&b, "  </entry>\n");
    }
    raw(&b, "</feed>\n");
    if (b.oom) {
        ms_free(b.p);
        *out = NULL;
        *len = 0;
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    *out = b.p;
    *len = b.len;
    return MS_OK;
}
