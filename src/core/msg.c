/* msg.c - lookup and formatting of user-facing messages. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/msg.h"

/* One table per module, one per line (merges stay simple). */
// clang-format off
static const struct msg *const tables[] = {
    msg_common,
    msg_validate,
    msg_registry,
    msg_import,
    msg_demo,
    msg_http,
    msg_audit,
    msg_auth,
    msg_campaign,
    msg_draw,
    msg_drawdb,
    msg_inspector,
    msg_stats,
    msg_insp,
    msg_cases,
    msg_report,
    msg_backup, /* backup and restore (issue 9) */
};
// clang-format on

const char *msg_template(const char *key, enum ms_lang lang)
{
    if (!key)
        return NULL;
    for (size_t t = 0; t < MS_ARRAY_LEN(tables); t++)
        for (const struct msg *m = tables[t]; m->key; m++)
            if (strcmp(m->key, key) == 0)
                return lang == MS_LANG_EN ? m->en : m->zh;
    return NULL;
}

char *msg_format(const ms_err *err, enum ms_lang lang, char *buf, size_t size)
{
    const char *tpl = msg_template(err->key, lang);
    const char *pct;

    if (!size)
        return buf;
    if (!tpl) {
        snprintf(buf, size, "%s%s%s", err->key, err->arg[0] ? ": " : "", err->arg);
        return ms_utf8_trim(buf);
    }
    pct = strstr(tpl, "%s");
    if (pct)
        snprintf(buf, size, "%.*s%s%s", (int)(pct - tpl), tpl, err->arg, pct + 2);
    else
        snprintf(buf, size, "%s", tpl);
    ms_utf8_trim(buf);
    return buf;
}

enum ms_lang msg_lang_from(const char *s)
{
    if (!s)
        return MS_LANG_ZH;
    while (*s == ' ')
        s++;
    return strncasecmp(s, "en", 2) == 0 ? MS_LANG_EN : MS_LANG_ZH;
}

void msg_each(void (*fn)(const struct msg *m, void *ctx), void *ctx)
{
    for (size_t t = 0; t < MS_ARRAY_LEN(tables); t++)
        for (const struct msg *m = tables[t]; m->key; m++)
            fn(m, ctx);
}
