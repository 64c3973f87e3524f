/* test_disposition.c - the disposition catalogue as compiled in, the
 * parser's refusals, the check of one decision; the risk score. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/disposition.h"
#include "core/risk.h"

static const char *const REQUIRED_CODES[] = {"order_rectify",      "warning", "stop_use",
                                             "stop_transfer",      "fine",    "revoke_certificate",
                                             "cancel_certificate", "refer"};

static void embedded(void **state)
{
    const struct disposition_catalog *c = disposition_catalog(NULL);
    const struct disposition_item *fine, *rev, *can;

    (void)state;
    assert_non_null(c);
    assert_true(c->version >= 1);
    for (size_t i = 0; i < sizeof REQUIRED_CODES / sizeof *REQUIRED_CODES; i++) {
        const struct disposition_item *it = disposition_find(c, REQUIRED_CODES[i]);
        if (!it)
            fail_msg("missing code %s", REQUIRED_CODES[i]);
        assert_non_null(it->basis);
        assert_non_null(it->source);
        assert_non_null(it->name_en);
    }
    fine = disposition_find(c, "fine");
    assert_true(fine->amount_required);
    assert_int_equal(fine->cap_yuan, 1000);
    rev = disposition_find(c, "revoke_certificate");
    can = disposition_find(c, "cancel_certificate");
    assert_true(rev->revokes_standard && rev->standard_required);
    assert_true(can->revokes_standard && can->standard_required);
    assert_false(disposition_find(c, "stop_use")->revokes_standard);
    assert_false(disposition_find(c, "stop_transfer")->revokes_standard);
    assert_null(disposition_find(c, "nope"));
    assert_null(disposition_find(c, NULL));
    assert_ptr_equal(disposition_catalog(NULL), c); /* loaded once */
}

/* TEXT must be refused naming FIELD. */
static void parse_bad(const char *text, const char *field)
{
    struct disposition_catalog *c = (struct disposition_catalog *)1;
    ms_err err = {0};

    assert_int_equal(disposition_parse(text, strlen(text), &c, &err), MS_EINVAL);
    assert_null(c);
    assert_string_equal(err.key, "disposition_catalog_invalid");
    if (strcmp(err.field, field) != 0)
        fail_msg("refused %s at '%s', expected '%s'", text, err.field, field);
}

#define ITEM(extra)                                                                                \
    "{\"code\":\"x\",\"name\":\"n\",\"name_en\":\"n\",\"basis\":\"b\",\"source\":\"s\","           \
    "\"amount\":\"none\",\"standard\":\"optional\"" extra "}"
#define CAT(items) "{\"version\":1,\"title\":\"t\",\"items\":[" items "]}"

static void parser(void **state)
{
    struct disposition_catalog *c = NULL;
    const char *ok = CAT(ITEM(""));
    ms_err err = {0};

    (void)state;
    assert_int_equal(disposition_parse(ok, strlen(ok), &c, &err), MS_OK);
    assert_int_equal(c->nitems, 1);
    assert_string_equal(c->items[0].code, "x");
    disposition_catalog_free(c);
    disposition_catalog_free(NULL);

    parse_bad("", "");
    parse_bad("[]", "");
    parse_bad("{\"version\":1,\"title\":\"t\",\"items\":[],\"x\":1}", "x");
    parse_bad("{\"version\":0,\"title\":\"t\",\"items\":[" ITEM("") "]}", "version");
    parse_bad("{\"version\":1,\"items\":[" ITEM("") "]}", "title");
    parse_bad(CAT(""), "items");
    parse_bad(CAT(ITEM(",\"extra\":1")), "items[0].extra");
    parse_bad(CAT("{\"code\":\"Bad-Code\",\"name\":\"n\",\"name_en\":\"n\",\"basis\":\"b\","
                  "\"source\":\"s\",\"amount\":\"none\",\"standard\":\"optional\"}"),
              "items[0].code");
    parse_bad(CAT(ITEM("") "," ITEM("")), "items[1].code"); /* duplicate */
    parse_bad(CAT("{\"code\":\"x\",\"name\":\"n\",\"name_en\":\"n\",\"source\":\"s\","
                  "\"amount\":\"none\",\"standard\":\"optional\"}"),
              "items[0].basis");
    parse_bad(CAT("{\"code\":\"x\",\"name\":\"n\",\"name_en\":\"n\",\"basis\":\"b\",\"source\":"
                  "\"s\",\"amount\":\"maybe\",\"standard\":\"optional\"}"),
              "items[0].amount");
    /* a fine without a cap; a cap without a fine; a bad cap */
    parse_bad(CAT("{\"code\":\"f\",\"name\":\"n\",\"name_en\":\"n\",\"basis\":\"b\",\"source\":"
                  "\"s\",\"amount\":\"required\",\"standard\":\"optional\"}"),
              "items[0].cap_yuan");
    parse_bad(CAT(ITEM(",\"cap_yuan\":100")), "items[0].cap_yuan");
    parse_bad(CAT("{\"code\":\"f\",\"name\":\"n\",\"name_en\":\"n\",\"basis\":\"b\",\"source\":"
                  "\"s\",\"amount\":\"required\",\"standard\":\"optional\",\"cap_yuan\":-5}"),
              "items[0].cap_yuan");
    parse_bad(CAT(ITEM(",\"effects\":[\"explode\"]")), "items[0].effects[0]");
    /* revoking needs a standard */
    parse_bad(CAT(ITEM(",\"effects\":[\"revoke_standard\"]")), "items[0].standard");
}

static void checks(void **state)
{
    const struct disposition_catalog *c = disposition_catalog(NULL);
    const struct disposition_item *fine = disposition_find(c, "fine");
    const struct disposition_item *warn = disposition_find(c, "warning");
    const struct disposition_item *rev = disposition_find(c, "revoke_certificate");
    ms_err err = {0};

    (void)state;
    assert_int_equal(disposition_check(fine, 1, 500, 0, &err), MS_OK);
    assert_int_equal(disposition_check(fine, 1, 1000, 0, &err), MS_OK); /* the cap itself */
    assert_int_equal(disposition_check(fine, 1, 1001, 0, &err), MS_EINVAL);
    assert_string_equal(err.field, "amount_yuan");
    assert_string_equal(err.key, "disposition_amount_cap");
    assert_int_equal(disposition_check(fine, 1, 0, 0, &err), MS_EINVAL);
    assert_string_equal(err.field, "amount_yuan");
    assert_int_equal(disposition_check(fine, 0, 0, 0, &err), MS_EINVAL);
    assert_string_equal(err.key, "required");
    assert_int_equal(disposition_check(warn, 0, 0, 0, &err), MS_OK);
    assert_int_equal(disposition_check(warn, 1, 10, 0, &err), MS_EINVAL);
    assert_string_equal(err.key, "disposition_no_amount");
    assert_int_equal(disposition_check(rev, 0, 0, 0, &err), MS_EINVAL);
    assert_string_equal(err.field, "standard_id");
    assert_int_equal(disposition_check(rev, 0, 0, 1, &err), MS_OK);
}

static void risk(void **state)
{
    int64_t counts[RISK_FACTOR_COUNT] = {0};
    struct risk_reason r[RISK_FACTOR_COUNT];
    int n = -1;

    (void)state;
    assert_int_equal(risk_score(counts, r, &n), 0);
    assert_int_equal(n, 0);
    counts[RISK_COMPLAINTS] = 2;
    counts[RISK_COMPLAINTS_SUBSTANTIATED] = 1;
    assert_int_equal(risk_score(counts, r, &n), 2 * 2 + 3);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].factor, RISK_COMPLAINTS);
    assert_int_equal(r[0].count, 2);
    assert_int_equal(r[0].points, 4);
    assert_int_equal(r[1].points, 3);
    /* caps: 100 complaints give 8 points, not 200 */
    counts[RISK_COMPLAINTS] = 100;
    counts[RISK_COMPLAINTS_SUBSTANTIATED] = 0;
    assert_int_equal(risk_score(counts, r, &n), 8);
    assert_int_equal(r[0].count, 100);
    /* huge and negative counts do not overflow or subtract */
    counts[RISK_TRACE_OVERDUE] = INT64_MAX;
    counts[RISK_CERT_EXPIRING] = -5;
    assert_int_equal(risk_score(counts, NULL, &n), 8 + 10);
    assert_int_equal(n, 2);
    memset(counts, 0, sizeof counts);
    risk_set_credit(counts, "D");
    counts[RISK_VIOLATIONS_SERIOUS] = 1;
    counts[RISK_RECTIFY_FAILED] = 1;
    assert_int_equal(risk_score(counts, r, &n), 10 + 10 + 8);
    risk_set_credit(counts, "A");
    assert_int_equal(risk_score(counts, r, &n), 10 + 8);
    risk_set_credit(counts, NULL);
    assert_int_equal(risk_score(counts, r, &n), 10 + 8);
    /* every factor has a code and both labels */
    for (int f = 0; f < RISK_FACTOR_COUNT; f++) {
        assert_non_null(risk_weights[f].code);
        assert_non_null(risk_weights[f].label_zh);
        assert_non_null(risk_weights[f].label_en);
        assert_true(risk_weights[f].points > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded),
        cmocka_unit_test(parser),
        cmocka_unit_test(checks),
        cmocka_unit_test(risk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
