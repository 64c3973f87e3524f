/* disposition.h - the catalogue of dispositions (行政处理/处罚 after an
 * inspection) as versioned data, and the check of one decision against it.
 *
 * data/dispositions.json, compiled into the binary:
 *   {"version":1,"title":..,"title_en":..,"note":..,"note_en":..,
 *    "items":[{"code":"fine","name":"罚款","name_en":"Fine","basis":"《..》",
 *      "source":"where the basis was checked","note":..,"note_en":..,
 *      "cap_yuan":1000,"amount":"required|none","standard":"required|optional",
 *      "effects":["revoke_standard"]}]}
 * Codes are lower-case [a-z_], unique. "amount":"required" needs a positive
 * cap_yuan. The only effect so far is revoke_standard: the decision moves
 * the standard to status revoked through the registry's rules. A decision
 * stores the code, the catalogue version and the basis text as they stood. */
#ifndef MS_DISPOSITION_H
#define MS_DISPOSITION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ms.h"

#define DISPOSITION_FILE "data/dispositions.json"

struct disposition_item {
    const char *code; /* "fine" */
    const char *name, *name_en;
    const char *basis;  /* legal basis text, copied into each decision */
    const char *source; /* where the basis was checked */
    const char *note, *note_en;
    int64_t cap_yuan;      /* > 0 when amount_required, else 0 */
    int amount_required;   /* a fine: amount_yuan required, 1..cap_yuan */
    int standard_required; /* the decision names a standard */
    int revokes_standard;  /* effect revoke_standard */
};

struct disposition_catalog {
    int version;
    const char *title, *title_en, *note, *note_en;
    const struct disposition_item *items;
    int nitems;
    arena ar; /* owns every string and array above */
};

/* Parse and validate LEN bytes of catalogue JSON at TEXT. On success *OUT is
 * a new catalogue the caller frees with disposition_catalog_free(). On
 * failure *OUT is NULL and the result is MS_EINVAL with key
 * "disposition_catalog_invalid" and the JSON path at fault in ERR->field
 * ("items[2].cap_yuan"), or MS_EINTERNAL (out of memory). Unknown members
 * are refused. Pure. */
int disposition_parse(const char *text, size_t len, struct disposition_catalog **out, ms_err *err);

/* Free a catalogue of disposition_parse(). NULL is a no-op. */
void disposition_catalog_free(struct disposition_catalog *c);

/* The embedded catalogue, parsed once (thread-safe), alive until the process
 * ends; NULL with ERR set (MS_EINTERNAL "disposition_catalog_invalid") when
 * the embedded file is broken. */
const struct disposition_catalog *disposition_catalog(ms_err *err);

/* Item CODE of C, or NULL (also for NULL arguments). */
const struct disposition_item *disposition_find(const struct disposition_catalog *c,
                                                const char *code);

/* Check a decision of IT: HAS_AMOUNT / AMOUNT the amount in yuan given,
 * HAS_STANDARD whether a standard is named. MS_OK or MS_EINVAL naming
 * amount_yuan (required / disposition_amount_cap / disposition_no_amount)
 * or standard_id (required). Pure. */
int disposition_check(const struct disposition_item *it, int has_amount, int64_t amount,
                      int has_standard, ms_err *err);

#endif
