/* test_checklist.c - checklist data (A1, A2 as compiled in), the parser's
 * refusals, the answer checks and the conclusion rule, the catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/checklist.h"
#include "core/embed.h"

static struct checklist *parse_ok(const char *text)
{
    struct checklist *cl = NULL;
    ms_err err = {0};

    if (checklist_parse(text, strlen(text), &cl, &err) != MS_OK)
        fail_msg("parse: %s %s %s", err.key, err.field, err.arg);
    return cl;
}

/* TEXT must be refused naming FIELD. */
static void parse_bad(const char *text, const char *field)
{
    struct checklist *cl = (struct checklist *)1;
    ms_err err = {0};

    assert_int_equal(checklist_parse(text, strlen(text), &cl, &err), MS_EINVAL);
    assert_null(cl);
    assert_string_equal(err.key, "checklist_invalid");
    if (strcmp(err.field, field) != 0)
        fail_msg("refused %s at '%s', expected '%s'", text, err.field, field);
}

static void embedded_a1(void **state)
{
    const struct embed_file *f = embed_find("data/checklists/A1.json");
    struct checklist *cl;
    const int keys[] = {1, 4, 8, 12};
    int nkeys = 0;

    (void)state;
    assert_non_null(f);
    cl = parse_ok(f->data);
    assert_string_equal(cl->code, "A1");
    assert_int_equal(cl->version, 1);
    assert_string_equal(cl->title, "计量标准现场监督检查表");
    assert_string_equal(cl->scope, "standard");
    assert_int_equal(cl->nitems, 14);
    for (int i = 0; i < cl->nitems; i++) {
        const struct checklist_item *it = &cl->items[i];
        assert_int_equal(it->no, i + 1);
        assert_non_null(it->section);
        assert_non_null(it->text);
        assert_non_null(it->text_en);
        assert_non_null(it->basis);
        if (it->key) {
            assert_true(nkeys < 4);
            assert_int_equal(it->no, keys[nkeys++]);
        }
    }
    assert_int_equal(nkeys, 4);
    /* item 9: the 18 items of the document set, 6 of them "if applicable" */
    {
        const struct checklist_item *doc = checklist_item(cl, 9);
        int cond = 0;
        assert_int_equal(doc->nsubs, 18);
        for (int k = 0; k < doc->nsubs; k++)
            cond += doc->subs[k].conditional;
        assert_int_equal(cond, 6);
        assert_string_equal(doc->subs[3].text, "计量标准技术报告");
    }
    assert_null(checklist_item(cl, 0));
    assert_null(checklist_item(cl, 15));
    checklist_free(cl);
}

static void embedded_a2(void **state)
{
    const struct embed_file *f = embed_find("data/checklists/A2.json");
    struct checklist *cl;

    (void)state;
    assert_non_null(f);
    cl = parse_ok(f->data);
    assert_string_equal(cl->code, "A2");
    assert_string_equal(cl->title, "计量标准考核工作监督检查表");
    assert_string_equal(cl->scope, "authority");
    assert_int_equal(cl->nitems, 8);
    assert_string_equal(checklist_item(cl, 1)->section, "受理");
    assert_string_equal(checklist_item(cl, 8)->section_en, "Complaints");
    checklist_free(cl);
}

static void malformed(void **state)
{
    (void)state;
    parse_bad("", "");
    parse_bad("[1]", "");
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\",\"items\":[]}", "items");
    parse_bad("{\"code\":\"a1\",\"version\":1,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "code");
    parse_bad("{\"code\":\"A1\",\"version\":0,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "version");
    parse_bad("{\"code\":\"A1\",\"version\":\"1\",\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "version");
    parse_bad("{\"code\":\"A1\",\"version\":1,"
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "title");
    /* numbers must run 1..n in order */
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\",\"items\":["
              "{\"no\":1,\"section\":\"s\",\"text\":\"x\"},{\"no\":3,\"section\":\"s\","
              "\"text\":\"y\"}]}",
              "items[1].no");
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"\"}]}",
              "items[0].text");
    /* a misspelt flag is refused, not ignored */
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\",\"kye\":true}]}",
              "items[0].kye");
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\",\"key\":\"yes\"}]}",
              "items[0].key");
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\",\"items\":[{\"no\":1,"
              "\"section\":\"s\",\"text\":\"x\",\"subitems\":[{\"no\":2,\"text\":\"d\"}]}]}",
              "items[0].subitems[0].no");
    parse_bad("{\"code\":\"A1\",\"version\":1,\"title\":\"t\",\"scope\":\"lab\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "scope");
    /* duplicate members are refused */
    parse_bad("{\"code\":\"A1\",\"code\":\"A2\",\"version\":1,\"title\":\"t\","
              "\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"x\"}]}",
              "");
}

/* A three-item checklist whose item 2 is key. */
static const char SMALL[] = "{\"code\":\"T1\",\"version\":1,\"title\":\"t\",\"items\":["
                            "{\"no\":1,\"section\":\"s\",\"text\":\"a\"},"
                            "{\"no\":2,\"section\":\"s\",\"text\":\"b\",\"key\":true},"
                            "{\"no\":3,\"section\":\"s\",\"text\":\"c\"}]}";

static int conclude3(const struct checklist *cl, int v1, int v2, int v3)
{
    struct checklist_answer a[3] = {{3, v3, NULL}, {1, v1, NULL}, {2, v2, "n"}};
    int c = -1;

    assert_int_equal(checklist_conclude(cl, a, 3, &c, NULL), MS_OK);
    return c;
}

static void conclusion_rule(void **state)
{
    struct checklist *cl = parse_ok(SMALL);
    enum {
        C = CHECKLIST_CONFORM,
        N = CHECKLIST_NONCONFORM,
        D = CHECKLIST_DEFECT,
        NA = CHECKLIST_NA
    };

    (void)state;
    assert_int_equal(conclude3(cl, C, C, C), CHECKLIST_PASS);
    assert_int_equal(conclude3(cl, NA, NA, NA), CHECKLIST_PASS);
    assert_int_equal(conclude3(cl, C, NA, C), CHECKLIST_PASS);
    assert_int_equal(conclude3(cl, D, C, C), CHECKLIST_RECTIFY);
    assert_int_equal(conclude3(cl, N, C, C), CHECKLIST_RECTIFY); /* not a key item */
    assert_int_equal(conclude3(cl, C, D, C), CHECKLIST_RECTIFY); /* key item, only a defect */
    assert_int_equal(conclude3(cl, C, N, C), CHECKLIST_FAIL);    /* key item nonconform */
    assert_int_equal(conclude3(cl, N, N, D), CHECKLIST_FAIL);
    assert_int_equal(conclude3(cl, NA, N, NA), CHECKLIST_FAIL);
    assert_string_equal(checklist_conclusion_name(CHECKLIST_FAIL), "fail");
    assert_string_equal(checklist_conclusion_zh(CHECKLIST_RECTIFY), "需整改");
    assert_string_equal(checklist_conclusion_zh(CHECKLIST_PASS), "合格");
    assert_null(checklist_conclusion_name(CHECKLIST_INCOMPLETE));
    checklist_free(cl);
}

static void answers_checked(void **state)
{
    struct checklist *cl = parse_ok(SMALL);
    struct checklist_answer two[2] = {{1, CHECKLIST_CONFORM, NULL}, {3, CHECKLIST_NA, NULL}};
    struct checklist_answer blank[3] = {
        {1, CHECKLIST_CONFORM, NULL}, {2, CHECKLIST_UNANSWERED, "later"}, {3, CHECKLIST_NA, NULL}};
    struct checklist_answer unknown[2] = {{1, CHECKLIST_CONFORM, NULL}, {4, CHECKLIST_NA, NULL}};
    struct checklist_answer dup[2] = {{2, CHECKLIST_CONFORM, NULL}, {2, CHECKLIST_NA, NULL}};
    struct checklist_answer badv[1] = {{1, 9, NULL}};
    ms_err err = {0};
    int c = -1;

    (void)state;
    /* a draft may leave items out, or unanswered */
    assert_int_equal(checklist_check(cl, two, 2, 0, "items", &err), MS_OK);
    assert_int_equal(checklist_check(cl, blank, 3, 0, "items", &err), MS_OK);
    /* complete: a missing item names the array, an unanswered one its verdict */
    assert_int_equal(checklist_check(cl, two, 2, 1, "answers[2].items", &err), MS_EINVAL);
    assert_string_equal(err.key, "checklist_unanswered");
    assert_string_equal(err.field, "answers[2].items");
    assert_string_equal(err.arg, "2");
    assert_int_equal(checklist_check(cl, blank, 3, 1, "answers[0].items", &err), MS_EINVAL);
    assert_string_equal(err.field, "answers[0].items[1].verdict");
    assert_int_equal(checklist_check(cl, unknown, 2, 0, "answers[2].items", &err), MS_EINVAL);
    assert_string_equal(err.key, "checklist_unknown_item");
    assert_string_equal(err.field, "answers[2].items[1].no");
    assert_int_equal(checklist_check(cl, dup, 2, 0, "items", &err), MS_EINVAL);
    assert_string_equal(err.key, "checklist_duplicate_item");
    assert_string_equal(err.field, "items[1].no");
    assert_int_equal(checklist_check(cl, badv, 1, 0, "items", &err), MS_EINVAL);
    assert_string_equal(err.field, "items[0].verdict");
    /* the rule needs every item answered */
    assert_int_equal(checklist_conclude(cl, blank, 3, &c, &err), MS_EINVAL);
    assert_int_equal(c, CHECKLIST_INCOMPLETE);
    checklist_free(cl);
}

static void verdicts(void **state)
{
    (void)state;
    assert_int_equal(checklist_verdict_parse("conform"), CHECKLIST_CONFORM);
    assert_int_equal(checklist_verdict_parse("nonconform"), CHECKLIST_NONCONFORM);
    assert_int_equal(checklist_verdict_parse("defect"), CHECKLIST_DEFECT);
    assert_int_equal(checklist_verdict_parse("na"), CHECKLIST_NA);
    assert_int_equal(checklist_verdict_parse("NA"), -1);
    assert_int_equal(checklist_verdict_parse("pass"), -1);
    assert_int_equal(checklist_verdict_parse(NULL), -1);
    assert_string_equal(checklist_verdict_name(CHECKLIST_DEFECT), "defect");
    assert_string_equal(checklist_verdict_zh(CHECKLIST_NONCONFORM), "不符合");
    assert_null(checklist_verdict_name(CHECKLIST_UNANSWERED));
}

static void catalog(void **state)
{
    const char *codes[8];
    int v[4];
    ms_err err = {0};
    const struct checklist *a1 = checklist_find("A1", 0, &err), *old;
    struct checklist *v2;
    char text[sizeof SMALL + 16];

    (void)state;
    assert_non_null(a1);
    assert_int_equal(a1->version, 1);
    assert_int_equal(checklist_codes(codes, 8), 2);
    assert_string_equal(codes[0], "A1");
    assert_string_equal(codes[1], "A2");
    assert_null(checklist_find("A9", 0, &err));
    assert_int_equal(err.code, MS_ENOTFOUND);
    assert_string_equal(err.key, "checklist_unknown");
    assert_null(checklist_find("A1", 2, &err));
    assert_string_equal(err.key, "checklist_version_unknown");

    /* publishing a version 2 leaves version 1 as it was */
    snprintf(text, sizeof text, "%s", SMALL);
    memcpy(strstr(text, "T1"), "A1", 2);
    memcpy(strstr(text, "\"version\":1") + 10, "2", 1);
    v2 = parse_ok(text);
    assert_int_equal(checklist_publish(v2, &err), MS_OK);
    assert_ptr_equal(checklist_find("A1", 0, NULL), v2);
    old = checklist_find("A1", 1, NULL);
    assert_ptr_equal(old, a1);
    assert_int_equal(old->nitems, 14);
    assert_int_equal(checklist_versions("A1", v, 4), 2);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 2);
    /* the same version again is refused, and stays the caller's */
    v2 = parse_ok(text);
    assert_int_equal(checklist_publish(v2, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "checklist_version_exists");
    checklist_free(v2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_a1),     cmocka_unit_test(embedded_a2),
        cmocka_unit_test(malformed),       cmocka_unit_test(conclusion_rule),
        cmocka_unit_test(answers_checked), cmocka_unit_test(verdicts),
        cmocka_unit_test(catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
