/* fuzz_roster.c - the draw roster reader, core/draw_roster.c (the JSON a
 * citizen downloads and `msup draw verify` reads back).
 *
 * Invariants: an accepted roster is normalised (rate in (0, 1], units by
 * uscc, each with standards); its canonical JSON parses again and gives
 * exactly the same bytes (the canonical form is a fixed point, so the
 * published digest can be recomputed); the digest is 64 hex digits; the
 * quota never exceeds the population. Errors carry a known message key. */
#include <string.h>

#include "core/alloc.h"
#include "core/draw.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct draw_roster *r = NULL, *r2 = NULL;
    char digest[SM3_HEX_LEN + 1];
    char *json, *json2;
    size_t n = 0, n2 = 0, pop;
    ms_err err = {0};
    arena a;
    int rc;

    arena_init(&a);
    rc = draw_roster_parse(&a, (const char *)data, size, &r, &err);
    fuzz_check_err(rc, &err);
    if (rc != MS_OK) {
        FUZZ_ASSERT(r == NULL);
        arena_free(&a);
        return 0;
    }
    FUZZ_ASSERT(r && r->rate > 0 && r->rate <= 1);
    FUZZ_ASSERT(r->kind == DRAW_UNITS || r->kind == DRAW_AUTHORITIES);
    for (size_t i = 0; i < r->n_units; i++) {
        FUZZ_ASSERT(strlen(r->units[i].uscc) == 18 && r->units[i].n_standards >= 1);
        if (i)
            FUZZ_ASSERT(strcmp(r->units[i - 1].uscc, r->units[i].uscc) < 0);
    }
    for (size_t i = 1; i < r->n_subs; i++)
        FUZZ_ASSERT(strcmp(r->subs[i - 1].code, r->subs[i].code) < 0);
    pop = r->kind == DRAW_UNITS ? r->n_units : r->n_subs;
    FUZZ_ASSERT(draw_quota(r->rate, pop) <= pop);

    json = draw_roster_json(r, &n);
    FUZZ_ASSERT(json && strlen(json) == n);
    memset(&err, 0, sizeof err);
    rc = draw_roster_parse(&a, json, n, &r2, &err);
    if (rc != MS_OK)
        fprintf(stderr, "canonical roster refused: %s %s %s\n%s\n", err.field, err.key, err.arg,
                json);
    FUZZ_ASSERT(rc == MS_OK);
    json2 = draw_roster_json(r2, &n2);
    FUZZ_ASSERT(json2 && n2 == n && memcmp(json, json2, n) == 0);
    FUZZ_ASSERT(draw_roster_digest(r, digest) == MS_OK && strlen(digest) == SM3_HEX_LEN);
    ms_free(json);
    ms_free(json2);
    arena_free(&a);
    return 0;
}
