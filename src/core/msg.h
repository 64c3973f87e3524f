/* msg.h - user-facing message texts, zh-CN first, en second.
 *
 * Every error key has one row {key, zh, en}; a template may contain one %s,
 * replaced by ms_err.arg. Tables are split per module (msg_<module>.c) and
 * listed in msg.c, so that modules add messages without touching each other. */
#ifndef MS_MSG_H
#define MS_MSG_H

#include <stddef.h>

#include "core/ms.h"

struct msg {
    const char *key;
    const char *zh;
    const char *en;
};

/* Per-module tables, each terminated by {NULL, NULL, NULL}. */
extern const struct msg msg_common[];
extern const struct msg msg_validate[];
extern const struct msg msg_registry[];
extern const struct msg msg_import[];
extern const struct msg msg_demo[];
extern const struct msg msg_audit[];
extern const struct msg msg_http[];
extern const struct msg msg_auth[];
extern const struct msg msg_campaign[];
extern const struct msg msg_draw[];
extern const struct msg msg_drawdb[];
extern const struct msg msg_inspector[];
extern const struct msg msg_stats[]; /* technical checks */
/* dispositions, complaints, risk */
extern const struct msg msg_cases[];
/* inspection work, evidence, findings, rectification (issue 5, insp) */
extern const struct msg msg_insp[];
/* reports and publication */
extern const struct msg msg_report[];
/* backup and restore (issue 9) */
extern const struct msg msg_backup[];

/* The template for KEY in LANG, or NULL if KEY is unknown. */
const char *msg_template(const char *key, enum ms_lang lang);

/* Write the message of ERR in LANG into BUF (always NUL-terminated), with
 * ERR->arg substituted. An unknown key yields the key itself. Returns BUF. */
char *msg_format(const ms_err *err, enum ms_lang lang, char *buf, size_t size);

/* Language from an Accept-Language header or a LANG value: "en*" -> English,
 * anything else (including NULL) -> zh-CN. */
enum ms_lang msg_lang_from(const char *s);

/* Visit every key of every table (used by the tests). */
void msg_each(void (*fn)(const struct msg *m, void *ctx), void *ctx);

#endif
