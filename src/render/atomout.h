/* atomout.h - an Atom feed (RFC 4287) from entries: structs in, bytes out.
 * Text is XML-escaped; control characters other than TAB, LF and CR are
 * dropped (XML 1.0 cannot carry them). render/ never queries. */
#ifndef MS_ATOMOUT_H
#define MS_ATOMOUT_H

#include <stddef.h>

#include "core/ms.h"

struct atomout_entry {
    const char *id;      /* an IRI, "urn:msup:inspection:12" */
    const char *title;   /* text */
    const char *updated; /* RFC 3339 */
    const char *summary; /* text, may be NULL */
};

/* The feed ID / TITLE / UPDATED with SELF (may be NULL) as its rel="self"
 * link and the N entries E: *OUT (ms_malloc'd; caller ms_free) of *LEN
 * bytes. MS_OK or MS_EINTERNAL (out_of_memory). */
int atomout_render(const char *id, const char *title, const char *updated, const char *self,
                   const struct atomout_entry *e, int n, char **out, size_t *len, ms_err *err);

#endif
