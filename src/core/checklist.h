/* checklist.h - supervision checklists as versioned data, and the
 * conclusion rule.
 *
 * A checklist (Attachment 1 "计量标准现场监督检查表", per standard;
 * Attachment 2 "计量标准考核工作监督检查表", per authority) is a JSON file
 * under data/checklists/, compiled into the binary:
 *   {"code":"A1","version":1,"title":..,"title_en":..,"items":[{"no":1,
 *    "section":..,"text":..,"text_en":..,"key":true,"basis":..,
 *    "subitems":[{"no":1,"text":..,"text_en":..,"conditional":true}]}]}
 * Items are numbered 1..n in order. Which items are key (重点) is a policy of
 * the data. A code may have several versions (one file each); answers are
 * always stored with the code AND version they were given against, so a new
 * version never changes them.
 *
 * Conclusion (DOMAIN.md): any key item nonconform -> fail (不合格);
 * otherwise any nonconform or defect -> rectify (需整改); otherwise pass
 * (合格). Every item must be answered; na (不适用) is an answer. */
#ifndef MS_CHECKLIST_H
#define MS_CHECKLIST_H

#include <stddef.h>

#include "core/arena.h"
#include "core/ms.h"

#define CHECKLIST_DIR "data/checklists/"

enum checklist_verdict {
    CHECKLIST_UNANSWERED = 0,
    CHECKLIST_CONFORM,    /* 符合 */
    CHECKLIST_NONCONFORM, /* 不符合 */
    CHECKLIST_DEFECT,     /* 缺陷 (minor) */
    CHECKLIST_NA,         /* 不适用 */
};

enum checklist_conclusion {
    CHECKLIST_INCOMPLETE = 0,
    CHECKLIST_PASS,    /* 合格 */
    CHECKLIST_RECTIFY, /* 需整改 */
    CHECKLIST_FAIL,    /* 不合格 (责令停止量值传递 proposed) */
};

struct checklist_sub {
    int no;
    const char *text, *text_en;
    int conditional; /* "if applicable" (如适用) */
};

struct checklist_item {
    int no; /* 1..nitems, in order */
    const char *section, *section_en;
    const char *text, *text_en;
    const char *basis; /* clause of JJF 1033 or the plan; may be NULL */
    int key;           /* 重点 item */
    const struct checklist_sub *subs;
    int nsubs;
};

struct checklist {
    const char *code; /* "A1" */
    int version;      /* 1, 2, ... */
    const char *title, *title_en;
    const char *scope;        /* "standard" | "authority" | NULL */
    const char *rule_version; /* "JJF 1033-2016" or NULL */
    const char *note, *note_en;
    const struct checklist_item *items;
    int nitems;
    arena ar; /* owns every string and array above */
};

/* One answer to an item. NOTE may be NULL. */
struct checklist_answer {
    int no;
    int verdict; /* enum checklist_verdict */
    const char *note;
};

/* Parse and validate LEN bytes of checklist JSON at TEXT. On success *OUT is
 * a new checklist the caller frees with checklist_free(). On failure *OUT is
 * NULL and the result is MS_EINVAL with key "checklist_invalid" and the JSON
 * path at fault in ERR->field ("items[3].text"), or MS_EINTERNAL (out of
 * memory). Unknown members are refused, so that a typo cannot hide a flag. */
int checklist_parse(const char *text, size_t len, struct checklist **out, ms_err *err);

/* Free a checklist from checklist_parse(). NULL is a no-op. */
void checklist_free(struct checklist *cl);

/* Item NO of CL, or NULL. */
const struct checklist_item *checklist_item(const struct checklist *cl, int no);

/* Verdict of its name ("conform", "nonconform", "defect", "na"); -1 for
 * anything else including NULL. */
int checklist_verdict_parse(const char *s);

/* Name of a verdict ("conform" ...), NULL for CHECKLIST_UNANSWERED or out of
 * range; its zh-CN text ("符合" ...). */
const char *checklist_verdict_name(int v);
const char *checklist_verdict_zh(int v);

/* Name ("pass", "rectify", "fail"; NULL when incomplete) and zh-CN text
 * ("合格", "需整改", "不合格") of a conclusion. */
const char *checklist_conclusion_name(int c);
const char *checklist_conclusion_zh(int c);

/* Check answers A[0..N) against CL: every number is an item of CL, answered
 * at most once, with a verdict in range; when COMPLETE, every item of CL has
 * a verdict (na counts). PATH names the answer array in ERR->field, e.g.
 * "answers[2].items" gives "answers[2].items[5].verdict" for A[5].
 * MS_OK or MS_EINVAL with key checklist_unknown_item, checklist_duplicate_item,
 * checklist_verdict or checklist_unanswered (ERR->arg = the item number; a
 * missing item names PATH itself). Pure. */
int checklist_check(const struct checklist *cl, const struct checklist_answer *a, size_t n,
                    int complete, const char *path, ms_err *err);

/* The conclusion of complete answers A[0..N) to CL into *OUT (enum
 * checklist_conclusion). MS_OK, or the errors of checklist_check(COMPLETE=1,
 * PATH "items") with *OUT = CHECKLIST_INCOMPLETE. Pure. */
int checklist_conclude(const struct checklist *cl, const struct checklist_answer *a, size_t n,
                       int *out, ms_err *err);

/* ---- the catalog: every embedded data/checklists/NAME.json, loaded once
 * (thread-safe), plus versions published while the process runs. Entries
 * live until the process ends. */

/* Checklist CODE at VERSION (0 = the latest). NULL with ERR set:
 * MS_ENOTFOUND "checklist_unknown" (no such code) or
 * "checklist_version_unknown", or MS_EINTERNAL when the embedded data is
 * broken (a build error; key "checklist_invalid"). */
const struct checklist *checklist_find(const char *code, int version, ms_err *err);

/* The versions of CODE in ascending order into V[0..MAX); returns how many
 * exist (may exceed MAX), 0 for an unknown code. */
int checklist_versions(const char *code, int *v, int max);

/* Codes in the catalog, ascending, into CODES[0..MAX) (pointers stay valid
 * for the process); returns how many exist. */
int checklist_codes(const char **codes, int max);

/* Add CL (from checklist_parse; ownership passes to the catalog on MS_OK) as
 * a new version: MS_ECONFLICT "checklist_version_exists" unless its version
 * is above every version of its code, MS_EINTERNAL when the embedded data
 * is broken or memory is exhausted. On failure the caller still owns CL. */
int checklist_publish(struct checklist *cl, ms_err *err);

#endif
