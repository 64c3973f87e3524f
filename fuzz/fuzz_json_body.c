/* fuzz_json_body.c - JSON request bodies: jansson with the server's flags
 * (http/server.c parse_json_body) and then the real reader of a route,
 * chosen by the first input byte, all without a database:
 *   0 POST /units (h_read_unit)          1 POST /standards (h_read_standard)
 *   2 POST /campaigns                    3 PATCH /campaigns/{id}
 *   4 PUT  /campaigns/{id}/self-checks/{unit_id} (h_read_selfcheck)
 *   5..13 POST /calc/{kind} for each of calc_kinds (service/calc.c)
 *   14 checklist JSON (core/checklist.c)  15 disposition catalogue JSON
 * The rest of the input is the body.
 * Invariants: a refused body is MS_EINVAL (or MS_EINTERNAL) with a known
 * message key and, for the route readers and calculators, the member at
 * fault in ERR->field; an accepted body's strings are exactly the JSON
 * strings; a calculator's result is an object with kind, method,
 * rule_version and verdict, every number in it finite, and the same on a
 * second run. */
#include <math.h>
#include <string.h>

#include "core/checklist.h"
#include "core/disposition.h"
#include "fuzz.h"
#include "http/readers.h"
#include "service/calc.h"

#define NREADERS 16

/* 1 when every number in V is finite. */
static int all_finite(const json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;

    if (json_is_real(v))
        return isfinite(json_real_value(v));
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, x)
        {
            if (!all_finite(x))
                return 0;
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, x)
        {
            if (!all_finite(x))
                return 0;
        }
    }
    return 1;
}

/* String member NAME of the body is what the reader gave back in GOT. */
static void same_str(json_t *body, const char *name, const char *got)
{
    json_t *v = json_object_get(body, name);

    if (v && json_is_string(v))
        FUZZ_ASSERT(got && strcmp(got, json_string_value(v)) == 0);
    else if (!v || json_is_null(v))
        FUZZ_ASSERT(got == NULL);
}

static void reader_err(int rc, const ms_err *err)
{
    fuzz_check_err(rc, err);
    FUZZ_ASSERT(rc == MS_EINVAL || rc == MS_EINTERNAL);
    /* A member named "" is refused as unknown_field naming that empty name. */
    if (rc == MS_EINVAL && err->field[0] == '\0' &&
        !(strcmp(err->key, "unknown_field") == 0 && err->arg[0] == '\0')) {
        fprintf(stderr, "no field: key %s arg %s\n", err->key, err->arg);
        FUZZ_ASSERT(0);
    }
}

static void run_route(int which, json_t *body)
{
    struct req r;
    ms_err err = {0};
    int rc;

    memset(&r, 0, sizeof r);
    arena_init(&r.ar);
    r.json = body;
    r.lang = MS_LANG_ZH;
    if (which == 0) {
        struct ms_unit u;
        memset(&u, 0, sizeof u);
        if ((rc = h_read_unit(&r, &u, &err)) != MS_OK)
            reader_err(rc, &err);
        else {
            same_str(body, "uscc", u.uscc);
            same_str(body, "name", u.name);
            same_str(body, "division_code", u.division_code);
            FUZZ_ASSERT(u.authority_id >= 0);
        }
    } else if (which == 1) {
        struct ms_standard s;
        memset(&s, 0, sizeof s);
        if ((rc = h_read_standard(&r, &s, &err)) != MS_OK)
            reader_err(rc, &err);
        else {
            same_str(body, "cert_no", s.cert_no);
            same_str(body, "name", s.name);
            FUZZ_ASSERT(s.unit_id >= 0 && s.cert_authority_id >= 0);
        }
    } else if (which == 2 || which == 3) {
        struct campaign_input in;
        memset(&in, 0, sizeof in);
        if ((rc = h_read_campaign(&r, &in, which == 2, &err)) != MS_OK)
            reader_err(rc, &err);
        else {
            same_str(body, "name", in.name);
            same_str(body, "onsite_from", in.onsite_from);
            FUZZ_ASSERT(in.unit_rate_set == (json_is_number(json_object_get(body, "unit_rate"))));
        }
    } else {
        struct selfcheck_input in;
        memset(&in, 0, sizeof in);
        if ((rc = h_read_selfcheck(&r, &in, &err)) != MS_OK)
            reader_err(rc, &err);
        else {
            json_t *a = json_object_get(body, "answers");
            same_str(body, "problems", in.problems);
            FUZZ_ASSERT(in.nsets == (json_is_array(a) ? json_array_size(a) : 0));
            for (size_t i = 0; i < in.nsets; i++)
                for (size_t k = 0; k < in.sets[i].nitems; k++)
                    FUZZ_ASSERT(in.sets[i].items[k].no != 0);
        }
    }
    arena_free(&r.ar);
}

static void run_calc(const char *kind, json_t *body)
{
    static const char *const keys[] = {"kind", "method", "rule_version", "verdict"};
    json_t *out = NULL, *out2 = NULL;
    ms_err err = {0}, err2 = {0};
    arena ar, ar2;
    int rc, rc2;

    arena_init(&ar);
    arena_init(&ar2);
    rc = calc_run(kind, body, "data.", &ar, &out, &err);
    rc2 = calc_run(kind, body, "data.", &ar2, &out2, &err2);
    FUZZ_ASSERT(rc == rc2);
    if (rc != MS_OK) {
        reader_err(rc, &err);
        FUZZ_ASSERT(strncmp(err.field, "data.", 5) == 0 || !err.field[0]);
        FUZZ_ASSERT(strcmp(err.field, err2.field) == 0 && strcmp(err.key, err2.key) == 0);
    } else {
        FUZZ_ASSERT(json_is_object(out));
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            FUZZ_ASSERT(json_object_get(out, keys[i]) != NULL);
        FUZZ_ASSERT(all_finite(out));
        FUZZ_ASSERT(json_equal(out, out2));
    }
    json_decref(out);
    json_decref(out2);
    arena_free(&ar);
    arena_free(&ar2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    ms_err err = {0};
    json_t *body;
    int which, rc;

    if (size < 1)
        return 0;
    which = data[0] % NREADERS;
    data++, size--;
    if (which == 14) {
        struct checklist *cl = NULL;
        rc = checklist_parse((const char *)data, size, &cl, &err);
        fuzz_check_err(rc, &err);
        FUZZ_ASSERT((rc == MS_OK) == (cl != NULL));
        checklist_free(cl);
        return 0;
    }
    if (which == 15) {
        struct disposition_catalog *c = NULL;
        rc = disposition_parse((const char *)data, size, &c, &err);
        fuzz_check_err(rc, &err);
        FUZZ_ASSERT((rc == MS_OK) == (c != NULL));
        disposition_catalog_free(c);
        return 0;
    }
    body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!body)
        return 0;
    if (json_is_object(body)) {
        if (which < 5)
            run_route(which, body);
        else
            run_calc(calc_kinds[which - 5], body);
    }
    json_decref(body);
    return 0;
}
