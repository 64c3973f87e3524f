/* test_draw.c - the draw msup-draw-1 (core/draw*.c): a hand-computed test
 * vector, properties over generated rosters and seeds, the exact quota,
 * the canonical form, bad rosters, comparison with a published result, the
 * seed commitment, and inspector assignment with recusal. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/certno.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/msg.h"
#include "core/uscc.h"

/* ============================================================ the test vector
 *
 * Eight units of 南京 (authority 320100) across the fields 01 04 12 15, rate
 * 0.5 (so k = ceil(0.5 x 8) = 4), seed "2026-06-01 南京 第1轮". Every U
 * below was computed by hand with
 *   printf '%s' "2026-06-01 南京 第1轮|<USCC or cert_no>" | openssl dgst -sm3
 * keeping the first 16 hex digits (u64), then
 *   m=$(( 0x${h:0:14} >> 3 ))   # = u64 >> 11
 *   awk -v m=$m 'BEGIN { printf "%.17g\n", (m + 0.5) / 2^53 }'
 * and key = ln(U)/w with awk's log(). The roster_digest was computed
 * independently with jq -cjS (units sorted by uscc, standards by cert_no,
 * sectors sorted) | openssl dgst -sm3, and with Python's json.dumps
 * (sort_keys, separators (',', ':'), ensure_ascii=False).
 *
 *  unit                w    u64 prefix        U                     key
 *  91320100MA1A00016U  1    ec21dc2d8cc0ff88  0.92239166366630698  -0.080785347723909315
 *  12320100466000010A  2.5  89e0ce2f9b186777  0.53858650839092226  -0.24752285932901391
 *  91320100MA1A00024N  4.5  7e73acbff642b9c3  0.49395255743571459  -0.15673684533014295
 *  91320100MA1A00032H  7    2c59cb20bf9d8a95  0.17324513959430571  -0.25043538508505359
 *  91320100MA1A00040C  1    258479aaa54638ba  0.14655266204979339  -1.9203704472014491
 *  91320100MA1A000599  4    d0f8d1c61379eacb  0.81629668317643911  -0.050744351943499792
 *  91320100MA1A000674  1    676fcc06d852963b  0.40404963652719977  -0.90621754587690073
 *  123201004660000297  2    c2e8e2cba544f16e  0.76136605712715144  -0.1363205077910033
 * Weights: ...016U: 1; ...010A: 1 + 1 sector (medical) + 0.5 x 1 complaint = 2.5;
 * ...024N: 1 + 1 (food) + 0.5 x 3 + 1 (credit C) = 4.5; ...032H: 1 + 2 sectors
 * + 2 (serious violation) + 2 (credit D) = 7; ...040C: 1 (credit B: 0);
 * ...0599: 1 + 1 (medical) + min(2, 2.5) = 4; ...0674: 1; ...0297: 1 + 0.5 x 2 = 2.
 * Key order: 0599 > 016U > 0297 > 024N > 010A > 032H > 0674 > 040C.
 *
 * Coverage: 01 -> 0599 (largest key holding 01; it also covers 15);
 * 04 -> 016U; 12 -> 024N (0599, 016U, 0297 hold no 12); 15 covered.
 * Fill to k = 4: 0297 ("quota").
 * Standards (skey = U(cert_no), prefix 第NNNN号):
 *   0009 8e13004960760440 0.5549774340765552   0010 52bb63ad2f1bb8c0 0.3231718347370664
 *   0014 b9699c7552c46513 0.724267748492609    0002 0ebfa82312cb781a 0.05761195045742612
 *   0006 c6df56642fe20c80 0.77684535928700194  0012 9bf8326ad043343b 0.60925593478920059
 *   0013 55e03eeb2c969042 0.33545296899373006
 * field 01: 0599 inspects 0014 (0.724 > 0009's 0.555); 04: 016U inspects 0002;
 * 12: 024N inspects 0006; 15: 0599 inspects 0010; sector: 0599's 0009
 * (medical_health); 0297 has nothing yet: sample = 0012 (0.609 > 0.335). */

#define SEED    "2026-06-01 南京 第1轮"
#define CERT(n) "[2015]苏量标宁证字第" n "号"
#define DIGEST  "7ff8e85043563a4441bced51fbe04f55f12df6245f089437bfe84fe8ecf4b20e"

static const char ROSTER[] =
    "{\"algorithm\":\"msup-draw-1\",\"kind\":\"units\",\"authority\":\"320100\","
    "\"as_of\":\"2026-06-01\",\"rate\":0.5,\"units\":["
    "{\"uscc\":\"91320100MA1A00016U\",\"name\":\"南京甲精密测量有限公司\",\"complaints_24m\":0,"
    "\"serious_violation\":false,\"credit_class\":\"A\",\"standards\":["
    "{\"cert_no\":\"" CERT(
        "0002") "\",\"field\":\"04\",\"sectors\":[]},"
                "{\"cert_no\":\"" CERT(
                    "0001") "\",\"field\":\"01\",\"sectors\":[]}]},"
                            "{\"uscc\":\"12320100466000010A\",\"name\":\"南京市计量监督检测院\","
                            "\"complaints_24m\":1,"
                            "\"serious_violation\":false,\"credit_class\":null,\"standards\":["
                            "{\"cert_no\":\"" CERT(
                                "0003") "\",\"field\":\"01\",\"sectors\":[]},"
                                        "{\"cert_no\":\"" CERT(
                                            "0004") "\",\"field\":\"12\",\"sectors\":[\"medical_"
                                                    "health\"]},"
                                                    "{\"cert_no\":\"" CERT(
                                                        "0005") "\",\"field\":\"15\",\"sectors\":[]"
                                                                "}]},"
                                                                "{\"uscc\":\"91320100MA1A00024N\","
                                                                "\"name\":\"南京乙食品有限公司\","
                                                                "\"complaints_24m\":3,"
                                                                "\"serious_violation\":false,"
                                                                "\"credit_class\":\"C\","
                                                                "\"standards\":["
                                                                "{\"cert_no\":\"" CERT(
                                                                    "0006") "\",\"field\":\"12\","
                                                                            "\"sectors\":[\"food_"
                                                                            "safety\"]}]},"
                                                                            "{\"uscc\":"
                                                                            "\"91320100MA1A00032H\""
                                                                            ",\"name\":"
                                                                            "\"南京丙化工有限公司\""
                                                                            ",\"complaints_24m\":0,"
                                                                            "\"serious_violation\":"
                                                                            "true,\"credit_class\":"
                                                                            "\"D\",\"standards\":["
                                                                            "{\"cert_no\":\"" CERT(
                                                                                "0007") "\","
                                                                                        "\"field\":"
                                                                                        "\"04\","
                                                                                        "\"sectors"
                                                                                        "\":["
                                                                                        "\"producti"
                                                                                        "on_"
                                                                                        "safety\","
                                                                                        "\"environm"
                                                                                        "ent\"]}]},"
                                                                                        "{\"uscc\":"
                                                                                        "\"91320100"
                                                                                        "MA1A00040C"
                                                                                        "\","
                                                                                        "\"name\":"
                                                                                        "\"南京丁电"
                                                                                        "子有限公司"
                                                                                        "\","
                                                                                        "\"complain"
                                                                                        "ts_24m\":"
                                                                                        "0,"
                                                                                        "\"serious_"
                                                                                        "violation"
                                                                                        "\":false,"
                                                                                        "\"credit_"
                                                                                        "class\":"
                                                                                        "\"B\","
                                                                                        "\"standard"
                                                                                        "s\":["
                                                                                        "{\"cert_"
                                                                                        "no\":"
                                                                                        "\"" CERT(
                                                                                            "0008") "\",\"field\":\"15\",\"sectors\":[]}]},"
                                                                                                    "{\"uscc\":\"91320100MA1A000599\",\"name\":\"南京戊医疗器械有限公司\",\"complaints_24m\":5,"
                                                                                                    "\"serious_violation\":false,\"credit_class\":null,\"standards\":["
                                                                                                    "{\"cert_no\":\"" CERT(
                                                                                                        "0009") "\",\"field\":\"01\",\"sectors\":[\"medical_health\"]},"
                                                                                                                "{\"cert_no\":\"" CERT(
                                                                                                                    "0010") "\",\"field\":\"15\",\"sectors\":[]},"
                                                                                                                            "{\"cert_no\":\"" CERT(
                                                                                                                                "0014") "\",\"field\":\"01\",\"sectors\":[]}]},"
                                                                                                                                        "{\"uscc\":\"91320100MA1A000674\",\"name\":\"南京己建材有限公司\",\"complaints_24m\":0,"
                                                                                                                                        "\"serious_violation\":false,\"credit_class\":null,\"standards\":["
                                                                                                                                        "{\"cert_no\":\"" CERT(
                                                                                                                                            "0011") "\",\"field\":\"12\",\"sectors\":[]}]},"
                                                                                                                                                    "{\"uscc\":\"123201004660000297\",\"name\":\"南京市某区计量所\",\"complaints_24m\":2,"
                                                                                                                                                    "\"serious_violation\":false,\"credit_class\":null,\"standards\":["
                                                                                                                                                    "{\"cert_no\":\"" CERT(
                                                                                                                                                        "0012") "\",\"field\":\"04\",\"sectors\":[]},"
                                                                                                                                                                "{\"cert_no\":\"" CERT(
                                                                                                                                                                    "0013") "\",\"field\":\"01\",\"sectors\":[]}]}]}";

/* U from the first 16 hex digits of the SM3, as the docs compute it. */
static double u_of_hex(uint64_t u64)
{
    return ((double)(u64 >> 11) + 0.5) / 9007199254740992.0;
}

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-15 * fabs(want)))
        fail_msg("%.17g is not %.17g", got, want);
}

static char *fmt17(double x, char buf[32])
{
    snprintf(buf, 32, "%.17g", x);
    return buf;
}

struct want_pick {
    const char *cert_no, *field, *reason;
    uint64_t u64;
};

struct want_item {
    const char *uscc, *reason;
    double weight;
    uint64_t u64;
    const char *u; /* %.17g of U, as awk printed it */
    double key;    /* awk's log(U)/w */
    struct want_pick picks[3];
};

static void vector_units(void **state)
{
    static const struct want_item want[] = {
        {"91320100MA1A000599",
         "field:01",
         4,
         0xd0f8d1c61379eacbULL,
         "0.81629668317643911",
         -0.050744351943499792,
         {{CERT("0009"), "01", "sector", 0x8e13004960760440ULL},
          {CERT("0010"), "15", "field:15", 0x52bb63ad2f1bb8c0ULL},
          {CERT("0014"), "01", "field:01", 0xb9699c7552c46513ULL}}},
        {"91320100MA1A00016U",
         "field:04",
         1,
         0xec21dc2d8cc0ff88ULL,
         "0.92239166366630698",
         -0.080785347723909315,
         {{CERT("0002"), "04", "field:04", 0x0ebfa82312cb781aULL}}},
        {"91320100MA1A00024N",
         "field:12",
         4.5,
         0x7e73acbff642b9c3ULL,
         "0.49395255743571459",
         -0.15673684533014295,
         {{CERT("0006"), "12", "field:12", 0xc6df56642fe20c80ULL}}},
        {"123201004660000297",
         "quota",
         2,
         0xc2e8e2cba544f16eULL,
         "0.76136605712715144",
         -0.1363205077910033,
         {{CERT("0012"), "04", "sample", 0x9bf8326ad043343bULL}}},
    };
    struct draw_roster *r;
    struct draw_result *res;
    arena a = ARENA_INIT;
    ms_err err = {0};
    char buf[32];
    uint64_t v;

    (void)state;
    assert_int_equal(draw_roster_parse(&a, ROSTER, strlen(ROSTER), &r, &err), MS_OK);
    assert_int_equal(r->n_units, 8);
    assert_string_equal(r->units[0].uscc, "12320100466000010A"); /* sorted */
    assert_string_equal(r->units[1].uscc, "123201004660000297");
    assert_int_equal(draw_u64(SEED, "91320100MA1A00032H", &v), MS_OK);
    assert_true(v == 0x2c59cb20bf9d8a95ULL);
    assert_string_equal(fmt17(draw_u(SEED, "91320100MA1A00032H"), buf), "0.17324513959430571");
    assert_int_equal(draw_run(&a, r, SEED, &res, &err), MS_OK);
    assert_string_equal(res->roster_digest, DIGEST);
    assert_int_equal(res->n, 8);
    assert_int_equal(res->k, 4);
    assert_int_equal(res->n_items, 4);
    for (size_t i = 0; i < 4; i++) {
        const struct draw_item *it = &res->items[i];
        size_t np = 0;

        assert_int_equal(it->rank, i + 1);
        assert_string_equal(it->id, want[i].uscc);
        assert_string_equal(it->reason, want[i].reason);
        assert_true(it->weight == want[i].weight);
        assert_true(it->u == u_of_hex(want[i].u64));
        assert_string_equal(fmt17(it->u, buf), want[i].u);
        assert_close(it->key, want[i].key);
        while (np < 3 && want[i].picks[np].cert_no)
            np++;
        assert_int_equal(it->n_picks, np);
        for (size_t j = 0; j < np; j++) {
            assert_string_equal(it->picks[j].cert_no, want[i].picks[j].cert_no);
            assert_string_equal(it->picks[j].field, want[i].picks[j].field);
            assert_string_equal(it->picks[j].reason, want[i].picks[j].reason);
            assert_true(it->picks[j].skey == u_of_hex(want[i].picks[j].u64));
        }
    }
    /* The same draw at the default rate 0.2: k = 2, coverage takes 3. */
    r->rate = 0.2;
    assert_int_equal(draw_run(&a, r, SEED, &res, &err), MS_OK);
    assert_int_equal(res->k, 2);
    assert_int_equal(res->n_items, 3);
    assert_string_equal(res->items[2].reason, "field:12");
    arena_free(&a);
}

/* Five subordinates of 320100, rate 0.4, k = 2. By hand as above:
 *  320102 w 1    4cb5d7df19f43377 U 0.2996497077637777   key -1.205141127336961
 *  320104 w 1.5  7ab52083793781bc U 0.47932627878000572  key -0.49024916460301809
 *  320105 w 3    255c07106c1b7148 U 0.14593547964987669  key -0.64153022505187884
 *  320106 w 1    979c15f4de647734 U 0.59222542980423198  key -0.52386792299337981
 *  320111 w 2    4ed7855cb2856c9b U 0.30797608864897591  key -0.58886656663941461
 * (complaints 0, 1, 4, 0, 2: w = 1 + min(2, 0.5 x complaints)). Top 2 by
 * key: 320104, 320106. */
static void vector_authorities(void **state)
{
    static const char text[] =
        "{\"algorithm\":\"msup-draw-1\",\"kind\":\"authorities\",\"authority\":\"320100\","
        "\"as_of\":\"2026-06-01\",\"rate\":0.4,\"authorities\":["
        "{\"code\":\"320111\",\"name\":\"江宁区市场监督管理局\",\"complaints_24m\":2},"
        "{\"code\":\"320102\",\"name\":\"玄武区市场监督管理局\",\"complaints_24m\":0},"
        "{\"code\":\"320105\",\"name\":\"建邺区市场监督管理局\",\"complaints_24m\":4},"
        "{\"code\":\"320104\",\"name\":\"秦淮区市场监督管理局\",\"complaints_24m\":1},"
        "{\"code\":\"320106\",\"name\":\"鼓楼区市场监督管理局\",\"complaints_24m\":0}]}";
    struct draw_roster *r;
    struct draw_result *res;
    arena a = ARENA_INIT;
    ms_err err = {0};
    json_t *j;

    (void)state;
    assert_int_equal(draw_roster_parse(&a, text, strlen(text), &r, &err), MS_OK);
    assert_int_equal(draw_run(&a, r, SEED, &res, &err), MS_OK);
    assert_int_equal(res->k, 2);
    assert_int_equal(res->n_items, 2);
    assert_string_equal(res->items[0].id, "320104");
    assert_true(res->items[0].weight == 1.5);
    assert_true(res->items[0].u == u_of_hex(0x7ab52083793781bcULL));
    assert_close(res->items[0].key, -0.49024916460301809);
    assert_string_equal(res->items[1].id, "320106");
    assert_close(res->items[1].key, -0.52386792299337981);
    assert_string_equal(res->items[0].reason, "quota");
    assert_int_equal(res->items[0].n_picks, 0);
    j = draw_result_json(res);
    assert_non_null(j);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "code")),
        "320106");
    assert_null(json_object_get(json_array_get(json_object_get(j, "items"), 1), "standards"));
    assert_int_equal(draw_result_compare(res, j, &err), MS_OK);
    json_decref(j);
    arena_free(&a);
}

/* ============================================================ quota */

static void quota_exact(void **state)
{
    static const struct {
        double r;
        size_t n, k;
    } cases[] = {
        {0.2, 0, 0},   {0.2, 1, 1},    {0.2, 5, 1},     {0.2, 10, 2},    {0.2, 15, 3},
        {0.2, 20, 4},  {0.2, 100, 20}, {0.2, 11, 3},    {0.1, 30, 3},    {0.07, 100, 7},
        {0.14, 50, 7}, {0.15, 20, 3},  {0.35, 20, 7},   {1.0, 7, 7},     {0.5, 8, 4},
        {0.001, 1, 1}, {1e-300, 5, 1}, {0.29, 100, 29}, {0.57, 100, 57}, {0.2, 3400, 680},
    };

    (void)state;
    /* The trap the exact method avoids: 0.07 x 100 and 0.14 x 50 in doubles. */
    assert_true(ceil(0.07 * 100) == 8 && ceil(0.14 * 50) == 8);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (draw_quota(cases[i].r, cases[i].n) != cases[i].k)
            fail_msg("ceil(%g x %zu) gave %zu, want %zu", cases[i].r, cases[i].n,
                     draw_quota(cases[i].r, cases[i].n), cases[i].k);
    /* Every rate with three decimals against integer arithmetic. */
    for (unsigned m = 1; m <= 1000; m++) {
        double r = m / 1000.0;

        for (size_t n = 0; n <= 150; n++)
            if (draw_quota(r, n) != (m * n + 999) / 1000)
                fail_msg("ceil(%g x %zu) gave %zu", r, n, draw_quota(r, n));
    }
    assert_int_equal(draw_quota(0, 10), 0);
    assert_int_equal(draw_quota(1.5, 10), 0);
    assert_int_equal(draw_quota(NAN, 10), 0);
}

static void rate_text(void **state)
{
    char buf[32];

    (void)state;
    assert_string_equal(draw_rate_text(0.2, buf), "0.2");
    assert_string_equal(draw_rate_text(0.5, buf), "0.5");
    assert_string_equal(draw_rate_text(1.0, buf), "1.0");
    assert_string_equal(draw_rate_text(0.125, buf), "0.125");
    assert_string_equal(draw_rate_text(0.1 + 0.2, buf), "0.30000000000000004");
    assert_string_equal(draw_rate_text(0.00001, buf), "1e-5");
}

/* ============================================================ generated rosters */

struct rng {
    uint64_t s;
};

/* splitmix64 */
static uint64_t rnd(struct rng *g)
{
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t rndn(struct rng *g, size_t n)
{
    return n ? (size_t)(rnd(g) % n) : 0;
}

static const char *gen_uscc(arena *a, struct rng *g)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[USCC_LEN + 1];

    memcpy(code, "91320100", 8);
    for (int i = 8; i < 16; i++)
        code[i] = set[rndn(g, 31)];
    code[16] = uscc_org_check_char(code + 8);
    code[17] = uscc_check_char(code);
    code[18] = '\0';
    return arena_strdup(a, code);
}

static const char *gen_cert(arena *a, unsigned long serial)
{
    char buf[CERTNO_MAX];

    assert_int_equal(
        certno_format(buf, sizeof buf, 2015 + (int)(serial % 9), "苏", "宁", serial, 5), MS_OK);
    return arena_strdup(a, buf);
}

/* A roster of N units over NF fields (chosen at random among the 18). */
static struct draw_roster *gen_roster(arena *a, struct rng *g, size_t n, size_t nf)
{
    static const double rates[] = {0.05, 0.1, 0.2, 0.2, 0.25, 0.3, 0.5, 1.0};
    static const char *classes[] = {NULL, NULL, "A", "B", "C", "D"};
    const struct jjf_field *all = field_all(NULL);
    struct draw_roster *r = arena_alloc(a, sizeof *r);
    const char *fields[18];
    unsigned long serial = 1 + rndn(g, 1000);

    for (size_t i = 0; i < 18; i++)
        fields[i] = all[i].code;
    for (size_t i = 0; i < nf; i++) { /* partial shuffle: the first NF */
        size_t j = i + rndn(g, 18 - i);
        const char *t = fields[i];
        fields[i] = fields[j];
        fields[j] = t;
    }
    r->kind = DRAW_UNITS;
    r->authority = "320100";
    r->as_of = "2026-06-01";
    r->rate = rates[rndn(g, 8)];
    r->n_units = n;
    r->units = arena_alloc(a, (n + 1) * sizeof *r->units);
    for (size_t i = 0; i < n; i++) {
        struct draw_unit *u = &r->units[i];

        u->uscc = gen_uscc(a, g);
        /* names that need escaping in JSON: quotes, backslashes, a slash,
         * characters outside the BMP */
        u->name = i % 4 ? arena_printf(a, "单位%zu", i)
                        : arena_printf(a, "单位\"甲\"\\乙/丙\U0001F600%zu", i);
        u->complaints_24m = rndn(g, 3) ? 0 : (int64_t)rndn(g, 7);
        u->serious_violation = rndn(g, 10) == 0;
        u->credit_class = classes[rndn(g, 6)];
        u->n_standards = 1 + rndn(g, 4);
        u->standards = arena_alloc(a, u->n_standards * sizeof *u->standards);
        for (size_t j = 0; j < u->n_standards; j++) {
            u->standards[j].cert_no = gen_cert(a, serial++);
            u->standards[j].field = fields[rndn(g, nf)];
            u->standards[j].sectors = rndn(g, 5) ? 0 : 1u << rndn(g, 4);
        }
    }
    return r;
}

/* A copy of R with units and standards in a random order. */
static struct draw_roster *shuffled(arena *a, struct rng *g, const struct draw_roster *r)
{
    struct draw_roster *c = arena_alloc(a, sizeof *c);

    *c = *r;
    c->units = arena_alloc(a, (r->n_units + 1) * sizeof *c->units);
    for (size_t i = 0; i < r->n_units; i++) {
        c->units[i] = r->units[i];
        c->units[i].standards =
            arena_alloc(a, r->units[i].n_standards * sizeof(struct draw_standard));
        memcpy(c->units[i].standards, r->units[i].standards,
               r->units[i].n_standards * sizeof(struct draw_standard));
        for (size_t j = c->units[i].n_standards; j > 1; j--) {
            size_t k = rndn(g, j);
            struct draw_standard t = c->units[i].standards[j - 1];
            c->units[i].standards[j - 1] = c->units[i].standards[k];
            c->units[i].standards[k] = t;
        }
    }
    for (size_t i = r->n_units; i > 1; i--) {
        size_t k = rndn(g, i);
        struct draw_unit t = c->units[i - 1];
        c->units[i - 1] = c->units[k];
        c->units[k] = t;
    }
    return c;
}

static const struct draw_unit *unit_by(const struct draw_roster *r, const char *uscc)
{
    for (size_t i = 0; i < r->n_units; i++)
        if (strcmp(r->units[i].uscc, uscc) == 0)
            return &r->units[i];
    fail_msg("no unit %s", uscc);
    return NULL;
}

static int holds(const struct draw_unit *u, const char *field)
{
    for (size_t j = 0; j < u->n_standards; j++)
        if (strcmp(u->standards[j].field, field) == 0)
            return 1;
    return 0;
}

static double key_of(const char *seed, const struct draw_unit *u)
{
    return log(draw_u(seed, u->uscc)) / draw_unit_weight(u);
}

/* a before b in key order */
static int before(double ka, const char *a, double kb, const char *b)
{
    return ka > kb || (ka == kb && strcmp(a, b) < 0);
}

static const struct draw_item *item_by(const struct draw_result *res, const char *id)
{
    for (size_t i = 0; i < res->n_items; i++)
        if (strcmp(res->items[i].id, id) == 0)
            return &res->items[i];
    return NULL;
}

/* Every rule of DOMAIN.md "Selection", checked from the outside. */
static void check_props(const struct draw_roster *r, const char *seed,
                        const struct draw_result *res)
{
    const struct jjf_field *all = field_all(NULL);
    size_t cov = 0, quota_items = 0;
    double min_quota_key = 0;
    const char *min_quota_id = NULL;

    assert_int_equal(res->n, r->n_units);
    assert_int_equal(res->k, draw_quota(r->rate, r->n_units));
    for (size_t i = 0; i < res->n_items; i++) {
        const struct draw_item *it = &res->items[i];
        const struct draw_unit *u = unit_by(r, it->id);
        int sample = 0;

        assert_int_equal(it->rank, i + 1);
        assert_true(item_by(res, it->id) == it); /* no unit twice */
        assert_true(it->u == draw_u(seed, it->id));
        assert_true(it->weight == draw_unit_weight(u));
        assert_true(it->key == log(it->u) / it->weight);
        if (strncmp(it->reason, "field:", 6) == 0) {
            /* coverage: the largest key among all holders of the field */
            cov++;
            assert_int_equal(quota_items, 0); /* coverage comes first */
            for (size_t j = 0; j < r->n_units; j++)
                if (holds(&r->units[j], it->reason + 6) && &r->units[j] != u)
                    assert_true(
                        before(it->key, it->id, key_of(seed, &r->units[j]), r->units[j].uscc));
        } else {
            assert_string_equal(it->reason, "quota");
            if (!quota_items || before(min_quota_key, min_quota_id, it->key, it->id))
                min_quota_key = it->key, min_quota_id = it->id;
            quota_items++;
        }
        /* standards: at least one; every focus-sector standard; a sample only alone */
        assert_true(it->n_picks >= 1);
        for (size_t j = 0; j < u->n_standards; j++) {
            int picked = 0;
            for (size_t p = 0; p < it->n_picks; p++)
                picked |= strcmp(it->picks[p].cert_no, u->standards[j].cert_no) == 0;
            if (u->standards[j].sectors)
                assert_true(picked);
        }
        for (size_t p = 0; p < it->n_picks; p++) {
            assert_true(it->picks[p].skey == draw_u(seed, it->picks[p].cert_no));
            if (p)
                assert_true(strcmp(it->picks[p - 1].cert_no, it->picks[p].cert_no) < 0);
            if (strncmp(it->picks[p].reason, "field:", 6) == 0) {
                /* the largest skey among the unit's standards of that field */
                assert_string_equal(it->picks[p].reason + 6, it->picks[p].field);
                for (size_t j = 0; j < u->n_standards; j++)
                    if (strcmp(u->standards[j].field, it->picks[p].field) == 0)
                        assert_true(draw_u(seed, u->standards[j].cert_no) <= it->picks[p].skey);
            }
            if (strcmp(it->picks[p].reason, "sample") == 0) {
                sample = 1;
                for (size_t j = 0; j < u->n_standards; j++)
                    assert_true(draw_u(seed, u->standards[j].cert_no) <= it->picks[p].skey);
            }
        }
        if (sample)
            assert_int_equal(it->n_picks, 1);
    }
    /* quota met: exactly k unless coverage needs more */
    assert_int_equal(res->n_items, cov > res->k ? cov : res->k);
    /* fill took the largest keys among the rest */
    for (size_t j = 0; quota_items && j < r->n_units; j++)
        if (!item_by(res, r->units[j].uscc))
            assert_true(
                before(min_quota_key, min_quota_id, key_of(seed, &r->units[j]), r->units[j].uscc));
    /* every field covered, and inspected once for its field by the
     * selected unit with the largest key that holds it */
    for (size_t f = 0; f < 18; f++) {
        const struct draw_item *best = NULL;
        size_t field_picks = 0;
        char reason[16];

        snprintf(reason, sizeof reason, "field:%s", all[f].code);
        for (size_t i = 0; i < res->n_items; i++) {
            const struct draw_item *it = &res->items[i];
            if (holds(unit_by(r, it->id), all[f].code) &&
                (!best || before(it->key, it->id, best->key, best->id)))
                best = it;
            for (size_t p = 0; p < it->n_picks; p++)
                if (strcmp(it->picks[p].reason, reason) == 0) {
                    field_picks++;
                    assert_string_equal(it->picks[p].field, all[f].code);
                }
        }
        int present = 0;
        for (size_t j = 0; j < r->n_units; j++)
            present |= holds(&r->units[j], all[f].code);
        assert_int_equal(present, best != NULL);
        assert_int_equal(field_picks, (size_t)present);
        for (size_t p = 0; best && p < best->n_picks; p++)
            if (strcmp(best->picks[p].field, all[f].code) == 0 &&
                strncmp(best->picks[p].reason, "field:", 6) == 0)
                assert_string_equal(best->picks[p].reason, reason);
    }
}

static void sorted_json_equal(const struct draw_result *a, const struct draw_result *b)
{
    json_t *x = draw_result_json(a), *y = draw_result_json(b);

    assert_non_null(x);
    assert_non_null(y);
    assert_true(json_equal(x, y));
    json_decref(x);
    json_decref(y);
}

static void properties(void **state)
{
    struct rng g = {20260601};
    size_t differ = 0, pairs = 0, over_k = 0, filled = 0;

    (void)state;
    for (int t = 0; t < 400; t++) {
        arena a = ARENA_INIT;
        size_t n = t < 5 ? (size_t)t : 1 + rndn(&g, 60);
        struct draw_roster *r = gen_roster(&a, &g, n, 1 + rndn(&g, 7)), *c = shuffled(&a, &g, r);
        struct draw_result *res, *again, *other, *sh;
        char seed[48], seed2[48], d1[SM3_HEX_LEN + 1], d2[SM3_HEX_LEN + 1];
        ms_err err = {0};
        size_t len;
        char *text;
        struct draw_roster *back;

        snprintf(seed, sizeof seed, "seed-%d-%llu", t, (unsigned long long)rnd(&g));
        snprintf(seed2, sizeof seed2, "other-%d", t);
        assert_int_equal(draw_roster_normalize(r, &err), MS_OK);
        assert_int_equal(draw_roster_normalize(c, &err), MS_OK);
        assert_int_equal(draw_run(&a, r, seed, &res, &err), MS_OK);
        check_props(r, seed, res);
        over_k += res->n_items > res->k;
        filled += res->n_items > 0 && strcmp(res->items[res->n_items - 1].reason, "quota") == 0;
        /* independent of roster order */
        assert_int_equal(draw_run(&a, c, seed, &sh, &err), MS_OK);
        sorted_json_equal(res, sh);
        assert_int_equal(draw_roster_digest(r, d1), MS_OK);
        assert_int_equal(draw_roster_digest(c, d2), MS_OK);
        assert_string_equal(d1, d2);
        /* identical for the same seed */
        assert_int_equal(draw_run(&a, r, seed, &again, &err), MS_OK);
        sorted_json_equal(res, again);
        /* the canonical JSON reads back to the same roster, and is what
         * jansson writes with sorted keys and the rate's shortest precision */
        text = draw_roster_json(r, &len);
        assert_non_null(text);
        assert_int_equal(strlen(text), len);
        {
            json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
            char rate[32], *dumped;
            int p = 1;

            assert_non_null(j);
            for (; p < 17; p++) {
                snprintf(rate, sizeof rate, "%.*g", p, r->rate);
                if (strtod(rate, NULL) == r->rate)
                    break;
            }
            dumped = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(p));
            assert_string_equal(dumped, text);
            free(dumped);
            json_decref(j);
        }
        assert_int_equal(draw_roster_parse(&a, text, len, &back, &err), MS_OK);
        assert_int_equal(draw_roster_digest(back, d2), MS_OK);
        assert_string_equal(d1, d2);
        ms_free(text);
        /* compares equal with its own published form */
        {
            json_t *pub = draw_result_json(res);
            assert_int_equal(draw_result_compare(res, pub, &err), MS_OK);
            json_decref(pub);
        }
        /* different seeds: the selections differ (counted over rosters
         * where there is a choice) */
        assert_int_equal(draw_run(&a, r, seed2, &other, &err), MS_OK);
        check_props(r, seed2, other);
        if (n >= 10 && res->k < n) {
            int same = res->n_items == other->n_items;
            for (size_t i = 0; same && i < res->n_items; i++)
                same = item_by(other, res->items[i].id) != NULL;
            pairs++;
            differ += !same;
        }
        arena_free(&a);
    }
    print_message("%zu of %zu seed pairs select differently; %zu draws above k, %zu filled\n",
                  differ, pairs, over_k, filled);
    assert_true(pairs > 250);
    assert_true(differ * 100 >= pairs * 90);
    assert_true(over_k > 20 && filled > 100); /* both steps were exercised */
}

/* Weight 3 against weight 1 where only one field exists (coverage takes the
 * top key, fill the next ones: plain Efraimidis-Spirakis). Over 2,000
 * seeds, the first pick's ratio is 3 in expectation (Monte Carlo of the
 * same scheme: 3.00), the inclusion ratio for k = 4 of 20 is 2.74. The bands
 * are wide yet exclude "no weighting" (1.0). The seeds are fixed, so the
 * test is deterministic. */
static void weighted_frequency(void **state)
{
    struct rng g = {7};
    arena a = ARENA_INIT;
    struct draw_roster *r = gen_roster(&a, &g, 20, 1);
    size_t heavy = 0, light = 0, first_heavy = 0, first_light = 0;
    ms_err err = {0};

    (void)state;
    r->rate = 0.2; /* k = 4 */
    for (size_t i = 0; i < 20; i++) {
        struct draw_unit *u = &r->units[i];
        u->complaints_24m = 0;
        u->credit_class = NULL;
        u->serious_violation = i < 10; /* weight 3 for the first ten */
        for (size_t j = 0; j < u->n_standards; j++)
            u->standards[j].sectors = 0;
    }
    assert_int_equal(draw_roster_normalize(r, &err), MS_OK);
    for (int s = 0; s < 2000; s++) {
        arena b = ARENA_INIT;
        struct draw_result *res;
        char seed[32];

        snprintf(seed, sizeof seed, "w-%d", s);
        assert_int_equal(draw_run(&b, r, seed, &res, &err), MS_OK);
        assert_int_equal(res->n_items, 4);
        for (size_t i = 0; i < res->n_items; i++) {
            int h = res->items[i].weight == 3.0;
            heavy += h;
            light += !h;
            if (i == 0)
                first_heavy += h, first_light += !h;
        }
        arena_free(&b);
    }
    double incl = (double)heavy / (double)light, first = (double)first_heavy / first_light;
    print_message("inclusion ratio %.3f, first-pick ratio %.3f\n", incl, first);
    assert_true(incl > 2.3 && incl < 3.2);
    assert_true(first > 2.4 && first < 3.8);
    arena_free(&a);
}

static void authorities_props(void **state)
{
    struct rng g = {99};

    (void)state;
    for (int t = 0; t < 200; t++) {
        arena a = ARENA_INIT;
        struct draw_roster r = {0};
        struct draw_result *res;
        ms_err err = {0};
        char seed[32];
        size_t n = t == 0 ? 0 : 1 + rndn(&g, 40);

        r.kind = DRAW_AUTHORITIES;
        r.authority = "320000";
        r.as_of = "2026-06-01";
        r.rate = t % 2 ? 0.2 : 0.35;
        r.n_subs = n;
        r.subs = arena_alloc(&a, (n + 1) * sizeof *r.subs);
        for (size_t i = 0; i < n; i++) {
            r.subs[i].code = arena_printf(&a, "32%04zu", (i * 7919 + (size_t)t) % 10000);
            r.subs[i].name = arena_printf(&a, "机构%zu", i);
            r.subs[i].complaints_24m = (int64_t)rndn(&g, 6);
        }
        if (draw_roster_normalize(&r, &err) != MS_OK) { /* a rare duplicate code */
            assert_string_equal(err.key, "draw_duplicate");
            arena_free(&a);
            continue;
        }
        snprintf(seed, sizeof seed, "a-%d", t);
        assert_int_equal(draw_run(&a, &r, seed, &res, &err), MS_OK);
        assert_int_equal(res->k, draw_quota(r.rate, n));
        assert_int_equal(res->n_items, res->k);
        if (n == 0)
            assert_int_equal(res->k, 0);
        for (size_t i = 0; i < res->n_items; i++) {
            assert_string_equal(res->items[i].reason, "quota");
            assert_int_equal(res->items[i].n_picks, 0);
            if (i)
                assert_true(before(res->items[i - 1].key, res->items[i - 1].id, res->items[i].key,
                                   res->items[i].id));
        }
        /* top k: nobody outside has a larger key */
        for (size_t j = 0; res->n_items && j < n; j++) {
            const struct draw_item *last = &res->items[res->n_items - 1];
            int in = 0;
            for (size_t i = 0; i < res->n_items; i++)
                in |= strcmp(res->items[i].id, r.subs[j].code) == 0;
            if (!in)
                assert_true(before(last->key, last->id,
                                   log(draw_u(seed, r.subs[j].code)) / draw_sub_weight(&r.subs[j]),
                                   r.subs[j].code));
        }
        arena_free(&a);
    }
}

static void empty_roster(void **state)
{
    static const char text[] = "{\"algorithm\":\"msup-draw-1\",\"kind\":\"units\",\"authority\":"
                               "\"320100\",\"as_of\":\"2026-06-01\",\"rate\":0.2,\"units\":[]}";
    struct draw_roster *r;
    struct draw_result *res;
    arena a = ARENA_INIT;
    ms_err err = {0};
    char *canon;

    (void)state;
    assert_int_equal(draw_roster_parse(&a, text, strlen(text), &r, &err), MS_OK);
    assert_int_equal(draw_run(&a, r, "x", &res, &err), MS_OK);
    assert_int_equal(res->k, 0);
    assert_int_equal(res->n_items, 0);
    canon = draw_roster_json(r, NULL);
    assert_string_equal(canon,
                        "{\"algorithm\":\"msup-draw-1\",\"as_of\":\"2026-06-01\",\"authority\":"
                        "\"320100\",\"kind\":\"units\",\"rate\":0.2,\"units\":[]}");
    ms_free(canon);
    /* a bad seed */
    assert_int_equal(draw_run(&a, r, "", &res, &err), MS_EINVAL);
    assert_string_equal(err.field, "seed");
    assert_int_equal(draw_run(&a, r, "a\nb", &res, &err), MS_EINVAL);
    arena_free(&a);
}

static void canonical_form(void **state)
{
    struct draw_roster *r;
    arena a = ARENA_INIT;
    ms_err err = {0};
    char *text, hex[SM3_HEX_LEN + 1];
    size_t len;

    (void)state;
    assert_int_equal(draw_roster_parse(&a, ROSTER, strlen(ROSTER), &r, &err), MS_OK);
    text = draw_roster_json(r, &len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_memory_equal(
        text,
        "{\"algorithm\":\"msup-draw-1\",\"as_of\":\"2026-06-01\",\"authority\":"
        "\"320100\",\"kind\":\"units\",\"rate\":0.5,\"units\":[{\"complaints_24m\":"
        "1,\"credit_class\":null,\"name\":\"南京市计量监督检测院\",\"serious_violation\":"
        "false,\"standards\":[{\"cert_no\":\"" CERT("0003") "\"",
        strlen("{\"algorithm\":\"msup-draw-1\",\"as_of\":\"2026-06-01\",\"authority\":"
               "\"320100\",\"kind\":\"units\",\"rate\":0.5,\"units\":[{\"complaints_24m\":"
               "1,\"credit_class\":null,\"name\":\"南京市计量监督检测院\",\"serious_violation\":"
               "false,\"standards\":[{\"cert_no\":\"" CERT("0003") "\""));
    /* sectors sorted by name */
    assert_non_null(strstr(text, "\"sectors\":[\"environment\",\"production_safety\"]"));
    assert_null(strstr(text, "\": "));
    assert_null(strstr(text, ", "));
    assert_int_equal(sm3_hex(text, len, hex), MS_OK);
    assert_string_equal(hex, DIGEST);
    ms_free(text);
    assert_int_equal(draw_roster_digest(r, hex), MS_OK);
    assert_string_equal(hex, DIGEST);
    arena_free(&a);
}

/* ============================================================ bad rosters */

typedef void (*mutate_fn)(json_t *root);

static json_t *unit_at(json_t *root, size_t i)
{
    return json_array_get(json_object_get(root, "units"), i);
}

static json_t *std_at(json_t *root, size_t i, size_t j)
{
    return json_array_get(json_object_get(unit_at(root, i), "standards"), j);
}

static void m_rate0(json_t *r)
{
    json_object_set_new(r, "rate", json_integer(0));
}
static void m_rate15(json_t *r)
{
    json_object_set_new(r, "rate", json_real(1.5));
}
static void m_rate_str(json_t *r)
{
    json_object_set_new(r, "rate", json_string("0.2"));
}
static void m_rate_neg(json_t *r)
{
    json_object_set_new(r, "rate", json_real(-0.2));
}
static void m_dup_uscc(json_t *r)
{
    json_object_set(unit_at(r, 1), "uscc", json_object_get(unit_at(r, 0), "uscc"));
}
static void m_field99(json_t *r)
{
    json_object_set_new(std_at(r, 3, 0), "field", json_string("99"));
}
static void m_field8(json_t *r)
{
    json_object_set_new(std_at(r, 0, 1), "field", json_string("01110100"));
}
static void m_complaints_str(json_t *r)
{
    json_object_set_new(unit_at(r, 2), "complaints_24m", json_string("3"));
}
static void m_complaints_neg(json_t *r)
{
    json_object_set_new(unit_at(r, 2), "complaints_24m", json_integer(-1));
}
static void m_complaints_real(json_t *r)
{
    json_object_set_new(unit_at(r, 2), "complaints_24m", json_real(1.0));
}
static void m_serious_int(json_t *r)
{
    json_object_set_new(unit_at(r, 4), "serious_violation", json_integer(1));
}
static void m_standards_obj(json_t *r)
{
    json_object_set_new(unit_at(r, 4), "standards", json_object());
}
static void m_no_standards(json_t *r)
{
    json_object_set_new(unit_at(r, 4), "standards", json_array());
}
static void m_unknown(json_t *r)
{
    json_object_set_new(unit_at(r, 0), "foo", json_true());
}
static void m_unknown_top(json_t *r)
{
    json_object_set_new(r, "authorities", json_array());
}
static void m_no_as_of(json_t *r)
{
    json_object_del(r, "as_of");
}
static void m_bad_date(json_t *r)
{
    json_object_set_new(r, "as_of", json_string("2026-02-30"));
}
static void m_uscc_check(json_t *r)
{
    json_object_set_new(unit_at(r, 0), "uscc", json_string("91320100MA1A00016X"));
}
static void m_uscc_lower(json_t *r)
{
    json_object_set_new(unit_at(r, 0), "uscc", json_string("91320100ma1a00016u"));
}
static void m_credit(json_t *r)
{
    json_object_set_new(unit_at(r, 0), "credit_class", json_string("E"));
}
static void m_sector(json_t *r)
{
    json_array_append_new(json_object_get(std_at(r, 1, 1), "sectors"), json_string("food"));
}
static void m_sector_dup(json_t *r)
{
    json_array_append_new(json_object_get(std_at(r, 1, 1), "sectors"),
                          json_string("medical_health"));
}
static void m_dup_cert(json_t *r)
{
    json_object_set(std_at(r, 5, 1), "cert_no", json_object_get(std_at(r, 1, 0), "cert_no"));
}
static void m_cert_bad(json_t *r)
{
    json_object_set_new(std_at(r, 2, 0), "cert_no", json_string("[2015] 苏量标宁证字第0006号"));
}
static void m_cert_empty(json_t *r)
{
    json_object_set_new(std_at(r, 2, 0), "cert_no", json_string(""));
}
static void m_algorithm(json_t *r)
{
    json_object_set_new(r, "algorithm", json_string("msup-draw-2"));
}
static void m_kind(json_t *r)
{
    json_object_set_new(r, "kind", json_string("people"));
}
static void m_name_empty(json_t *r)
{
    json_object_set_new(unit_at(r, 6), "name", json_string(" "));
}
static void m_unit_not_obj(json_t *r)
{
    json_array_set_new(json_object_get(r, "units"), 7, json_integer(3));
}
static void m_authority(json_t *r)
{
    json_object_set_new(r, "authority", json_string(""));
}

static void bad_rosters(void **state)
{
    static const struct {
        mutate_fn fn;
        const char *field, *key;
    } cases[] = {
        {m_rate0, "rate", "draw_bad_rate"},
        {m_rate15, "rate", "draw_bad_rate"},
        {m_rate_neg, "rate", "draw_bad_rate"},
        {m_rate_str, "rate", "draw_wrong_type"},
        {m_dup_uscc, "units[1].uscc", "draw_duplicate"},
        {m_field99, "units[3].standards[0].field", "draw_bad_field"},
        {m_field8, "units[0].standards[1].field", "draw_bad_field"},
        {m_complaints_str, "units[2].complaints_24m", "draw_wrong_type"},
        {m_complaints_neg, "units[2].complaints_24m", "draw_bad_count"},
        {m_complaints_real, "units[2].complaints_24m", "draw_wrong_type"},
        {m_serious_int, "units[4].serious_violation", "draw_wrong_type"},
        {m_standards_obj, "units[4].standards", "draw_wrong_type"},
        {m_no_standards, "units[4].standards", "draw_no_standards"},
        {m_unknown, "units[0].foo", "draw_unknown_key"},
        {m_unknown_top, "authorities", "draw_unknown_key"},
        {m_no_as_of, "as_of", "required"},
        {m_bad_date, "as_of", "invalid_date_value"},
        {m_uscc_check, "units[0].uscc", "invalid_uscc_check"},
        {m_uscc_lower, "units[0].uscc", "draw_not_normal"},
        {m_credit, "units[0].credit_class", "draw_bad_credit"},
        {m_sector, "units[1].standards[1].sectors[1]", "draw_bad_sector"},
        {m_sector_dup, "units[1].standards[1].sectors[1]", "draw_duplicate"},
        {m_dup_cert, "units[5].standards[1].cert_no", "draw_duplicate"},
        {m_cert_bad, "units[2].standards[0].cert_no", "draw_cert_space"},
        {m_cert_empty, "units[2].standards[0].cert_no", "required"},
        {m_algorithm, "algorithm", "draw_bad_algorithm"},
        {m_kind, "kind", "invalid_enum"},
        {m_name_empty, "units[6].name", "required"},
        {m_unit_not_obj, "units[7]", "draw_wrong_type"},
        {m_authority, "authority", "required"},
    };
    static const struct {
        const char *text, *field, *key;
    } texts[] = {
        {"{", "", "draw_bad_json"},
        {"", "", "draw_bad_json"},
        {"[]", "", "draw_wrong_type"},
        {"{\"algorithm\":\"msup-draw-1\",\"algorithm\":\"msup-draw-1\"}", "", "draw_bad_json"},
        {"{\"kind\":\"units\"}", "algorithm", "required"},
        {"{\"algorithm\":\"msup-draw-1\",\"kind\":\"authorities\",\"authority\":\"320100\","
         "\"as_of\":\"2026-06-01\",\"rate\":0.2,\"authorities\":[{\"code\":\"320102\",\"name\":"
         "\"a\",\"complaints_24m\":0},{\"code\":\"320102\",\"name\":\"b\",\"complaints_24m\":1}]}",
         "authorities[1].code", "draw_duplicate"},
        {"{\"algorithm\":\"msup-draw-1\",\"kind\":\"authorities\",\"authority\":\"320100\","
         "\"as_of\":\"2026-06-01\",\"rate\":0.2,\"authorities\":[{\"code\":\"320102\",\"name\":"
         "\"a\"}]}",
         "authorities[0].complaints_24m", "required"},
    };
    json_t *base = json_loads(ROSTER, 0, NULL);

    (void)state;
    assert_non_null(base);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = json_deep_copy(base);
        struct draw_roster *r = (void *)1;
        arena a = ARENA_INIT;
        ms_err err = {0};
        char *text;

        cases[i].fn(doc);
        text = json_dumps(doc, 0);
        if (draw_roster_parse(&a, text, strlen(text), &r, &err) != MS_EINVAL)
            fail_msg("case %zu (%s) was accepted", i, cases[i].field);
        assert_null(r);
        if (strcmp(err.field, cases[i].field) != 0 || strcmp(err.key, cases[i].key) != 0)
            fail_msg("case %zu: got %s %s, want %s %s", i, err.field, err.key, cases[i].field,
                     cases[i].key);
        assert_non_null(msg_template(err.key, MS_LANG_ZH));
        free(text);
        json_decref(doc);
        arena_free(&a);
    }
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct draw_roster *r;
        arena a = ARENA_INIT;
        ms_err err = {0};

        assert_int_equal(draw_roster_parse(&a, texts[i].text, strlen(texts[i].text), &r, &err),
                         MS_EINVAL);
        if (strcmp(err.field, texts[i].field) != 0 || strcmp(err.key, texts[i].key) != 0)
            fail_msg("text %zu: got %s %s, want %s %s", i, err.field, err.key, texts[i].field,
                     texts[i].key);
        arena_free(&a);
    }
    {
        /* the parser's position is in the message */
        struct draw_roster *r;
        arena a = ARENA_INIT;
        ms_err err = {0};
        char buf[256];

        assert_int_equal(draw_roster_parse(&a, "{\n\"a\":}", 7, &r, &err), MS_EINVAL);
        assert_non_null(strstr(msg_format(&err, MS_LANG_EN, buf, sizeof buf), "line 2"));
        arena_free(&a);
    }
    json_decref(base);
}

/* ============================================================ comparison */

static void compare_published(void **state)
{
    struct draw_roster *r;
    struct draw_result *res;
    arena a = ARENA_INIT;
    ms_err err = {0};
    json_t *pub, *items;

    (void)state;
    assert_int_equal(draw_roster_parse(&a, ROSTER, strlen(ROSTER), &r, &err), MS_OK);
    assert_int_equal(draw_run(&a, r, SEED, &res, &err), MS_OK);
    pub = draw_result_json(res);
    assert_int_equal(draw_result_compare(res, pub, &err), MS_OK);
    /* survives a text round trip, extra keys are ignored */
    {
        char *t = json_dumps(pub, JSON_COMPACT);
        json_t *back = json_loads(t, 0, NULL);
        json_object_set_new(back, "published_at", json_string("2026-06-01T10:00:00Z"));
        assert_int_equal(draw_result_compare(res, back, &err), MS_OK);
        json_decref(back);
        free(t);
    }
    items = json_object_get(pub, "items");
    json_object_set_new(json_array_get(items, 2), "uscc", json_string("91320100MA1A00032H"));
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "items[2].uscc");
    assert_string_equal(err.key, "draw_result_differs");
    assert_non_null(strstr(err.arg, "91320100MA1A00032H"));
    json_decref(pub);

    pub = draw_result_json(res);
    json_object_set_new(pub, "roster_digest", json_string("00"));
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "roster_digest");
    json_decref(pub);

    pub = draw_result_json(res);
    json_object_set_new(json_array_get(json_object_get(pub, "items"), 0), "key", json_real(-0.06));
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "items[0].key");
    json_decref(pub);

    pub = draw_result_json(res);
    json_object_set_new(
        json_array_get(
            json_object_get(json_array_get(json_object_get(pub, "items"), 3), "standards"), 0),
        "reason", json_string("sector"));
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "items[3].standards[0].reason");
    json_decref(pub);

    pub = draw_result_json(res);
    json_array_remove(json_object_get(pub, "items"), 3);
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "items");
    json_decref(pub);

    pub = draw_result_json(res);
    json_object_set_new(pub, "seed", json_string("another seed"));
    assert_int_equal(draw_result_compare(res, pub, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "seed");
    json_decref(pub);

    pub = json_array();
    assert_int_equal(draw_result_compare(res, pub, &err), MS_EINVAL);
    json_decref(pub);
    arena_free(&a);
}

static void seed_commitment(void **state)
{
    char hex[SM3_HEX_LEN + 1];
    ms_err err = {0};

    (void)state;
    /* SM3("abc"), GB/T 32905-2016 */
    assert_int_equal(draw_seed_commit("abc", hex), MS_OK);
    assert_string_equal(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    assert_int_equal(draw_seed_check("abc", hex, &err), MS_OK);
    assert_int_equal(
        draw_seed_check("abc", "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0",
                        &err),
        MS_OK);
    assert_int_equal(draw_seed_check("abd", hex, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "draw_seed_mismatch");
    assert_int_equal(draw_seed_check("abc", "66c7", &err), MS_EINVAL);
    assert_string_equal(err.field, "commit");
    assert_int_equal(draw_seed_check("abc", NULL, &err), MS_EINVAL);
    assert_int_equal(
        draw_seed_check("abc", "g6c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                        &err),
        MS_EINVAL);
}

/* ============================================================ inspectors */

#define U6 "91320100MA1A000599"
#define U1 "91320100MA1A00016U"

/* A hand vector, seed S2 "2026-06-02 派员", U by openssl as above:
 *   1|1 f5388c88f46eb34d 0.95789411872504604   1|4 a9fa4b48eb35a54d 0.66397543459171127
 *   1|7 137ccc9365142a2d 0.076123033509319427  2|1 0bc0b2365f9d2ac7 0.04590905978658516
 *   2|2 5c00a3ff7a2336bf 0.35938477503999594
 * Inspection 1 (U6, fields 01 15, standards 0009 0010 0014): eligible 1, 4,
 * 7 (3 is employed by U6, 8 declared a conflict with U6, 2 and 5 are not
 * qualified, 6 inactive); order 1 (expert), 4 (expert), 7 (officer): the
 * team is 7 + 1. Inspection 2 (U1, field 04, standard 0002): eligible 2, 1
 * (4 assessed 0002); order 2, 1: team 2 + 1. Cap: 7 active, 2 x 2 slots:
 * ceil(4/7) + 1 = 2. Person 1 recuses from 1: without 1 the order is 4, 7:
 * team 7 + 4. Then 7 recuses: only 4 is left: unassigned. */
static void assign_vector(void **state)
{
    static const char *const f01_15[] = {"01", "15"}, *const f04[] = {"04"};
    static const char *const certs1[] = {CERT("0009"), CERT("0010"), CERT("0014")};
    static const char *const certs2[] = {CERT("0002")};
    static const char *const f_all3[] = {"01", "04", "15"}, *const f01[] = {"01"},
                             *const f12[] = {"12"}, *const f15[] = {"15"};
    static const char *const all4[] = {"01", "04", "12", "15"};
    static const char *const conf_u6[] = {U6};
    static const char *const assessed[] = {CERT("0002")};
    const struct draw_inspection insp[] = {
        {2, U1, f04, 1, certs2, 1},
        {1, U6, f01_15, 2, certs1, 3},
    };
    const struct draw_inspector pool[] = {
        {1, DRAW_EXPERT, f_all3, 3, NULL, NULL, 0, NULL, 0, 1},
        {2, DRAW_ENFORCEMENT, f04, 1, NULL, NULL, 0, NULL, 0, 1},
        {3, DRAW_EXPERT, f01, 1, U6, NULL, 0, NULL, 0, 1},
        {4, DRAW_EXPERT, f_all3, 3, NULL, NULL, 0, assessed, 1, 1},
        {5, DRAW_EXPERT, f12, 1, NULL, NULL, 0, NULL, 0, 1},
        {6, DRAW_ENFORCEMENT, all4, 4, NULL, NULL, 0, NULL, 0, 0},
        {7, DRAW_ENFORCEMENT, f15, 1, NULL, NULL, 0, NULL, 0, 1},
        {8, DRAW_EXPERT, f01, 1, NULL, conf_u6, 1, NULL, 0, 1},
    };
    const char *s2 = "2026-06-02 派员";
    struct draw_assignment *as;
    arena a = ARENA_INIT;
    ms_err err = {0};
    json_t *j;

    (void)state;
    assert_int_equal(draw_assign(&a, insp, 2, pool, 8, s2, 2, &as, &err), MS_OK);
    assert_int_equal(as->cap, 2);
    assert_int_equal(as->n_teams, 2);
    assert_int_equal(as->teams[0].inspection_id, 1);
    assert_true(as->teams[0].assigned);
    assert_int_equal(as->teams[0].n_members, 2);
    assert_int_equal(as->teams[0].members[0], 7);
    assert_int_equal(as->teams[0].members[1], 1);
    assert_true(as->teams[0].u[0] == u_of_hex(0x137ccc9365142a2dULL));
    assert_true(as->teams[0].u[1] == u_of_hex(0xf5388c88f46eb34dULL));
    assert_int_equal(as->teams[1].inspection_id, 2);
    assert_int_equal(as->teams[1].members[0], 2);
    assert_int_equal(as->teams[1].members[1], 1);
    assert_true(as->teams[1].u[1] == u_of_hex(0x0bc0b2365f9d2ac7ULL));
    assert_int_equal(as->load[0], 2); /* person 1, at the cap */

    assert_int_equal(draw_assign_recuse(&a, as, 1, 1, &err), MS_OK);
    assert_true(as->teams[0].assigned);
    assert_int_equal(as->teams[0].members[0], 7);
    assert_int_equal(as->teams[0].members[1], 4);
    assert_true(as->teams[0].u[1] == u_of_hex(0xa9fa4b48eb35a54dULL));
    assert_int_equal(as->load[0], 1);
    assert_int_equal(as->n_history, 1);
    assert_int_equal(as->history[0].inspector_id, 1);
    assert_int_equal(as->history[0].n_before, 2);
    assert_int_equal(as->history[0].before[1], 1);

    assert_int_equal(draw_assign_recuse(&a, as, 1, 7, &err), MS_OK);
    assert_false(as->teams[0].assigned);
    assert_int_equal(as->teams[0].n_members, 0);
    assert_int_equal(as->n_history, 2);
    assert_int_equal(as->history[0].inspector_id, 1); /* kept */
    assert_int_equal(as->history[1].inspector_id, 7);
    assert_int_equal(as->history[1].before[1], 4);
    assert_int_equal(as->load[3], 0); /* person 4 freed */

    /* errors */
    assert_int_equal(draw_assign_recuse(&a, as, 1, 7, &err), MS_EINVAL); /* not in a team now */
    assert_string_equal(err.key, "draw_not_in_team");
    assert_int_equal(draw_assign_recuse(&a, as, 3, 1, &err), MS_ENOTFOUND);
    assert_string_equal(err.field, "inspection_id");

    j = draw_assignment_json(as);
    assert_non_null(j);
    assert_false(
        json_is_true(json_object_get(json_array_get(json_object_get(j, "teams"), 0), "assigned")));
    assert_int_equal(json_array_size(json_object_get(j, "recusals")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "load_cap")), 2);
    json_decref(j);

    assert_int_equal(draw_assign(&a, insp, 2, pool, 8, s2, 1, &as, &err), MS_EINVAL);
    assert_string_equal(err.field, "team_size");
    arena_free(&a);
}

/* Six inspections of field 01 and one qualified pair: the cap (ceil(12/4)
 * + 1 = 4) stops the pair after four; the rest are flagged unassigned. */
static void assign_cap(void **state)
{
    static const char *const f01[] = {"01"}, *const f12[] = {"12"};
    struct draw_inspection insp[6];
    const struct draw_inspector pool[] = {
        {10, DRAW_ENFORCEMENT, f01, 1, NULL, NULL, 0, NULL, 0, 1},
        {11, DRAW_EXPERT, f01, 1, NULL, NULL, 0, NULL, 0, 1},
        {12, DRAW_ENFORCEMENT, f12, 1, NULL, NULL, 0, NULL, 0, 1},
        {13, DRAW_EXPERT, f12, 1, NULL, NULL, 0, NULL, 0, 1},
    };
    struct draw_assignment *as;
    arena a = ARENA_INIT;
    ms_err err = {0};

    (void)state;
    for (int i = 0; i < 6; i++)
        insp[i] = (struct draw_inspection){100 - i, "T", f01, 1, NULL, 0};
    assert_int_equal(draw_assign(&a, insp, 6, pool, 4, "cap", 2, &as, &err), MS_OK);
    assert_int_equal(as->cap, 4);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(as->teams[i].inspection_id, 95 + i);
        assert_int_equal(as->teams[i].assigned, i < 4);
        if (i < 4)
            assert_int_equal(as->teams[i].members[0], 10);
    }
    assert_int_equal(as->load[0], 4);
    assert_int_equal(as->load[1], 4);
    /* only experts: nobody is assigned, and nobody is filled in */
    assert_int_equal(draw_assign(&a, insp, 6, pool + 1, 1, "cap", 2, &as, &err), MS_OK);
    for (int i = 0; i < 6; i++)
        assert_false(as->teams[i].assigned);
    /* duplicate ids */
    insp[3].id = insp[1].id;
    assert_int_equal(draw_assign(&a, insp, 6, pool, 4, "cap", 2, &as, &err), MS_EINVAL);
    assert_string_equal(err.field, "inspections[3].id");
    insp[3].id = 97;
    assert_int_equal(draw_assign(&a, insp, 6, pool, 4, "", 2, &as, &err), MS_EINVAL);
    assert_string_equal(err.field, "seed");
    arena_free(&a);
}

static int has_str(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Eligible for IN by the rules, ignoring the load. */
static int ok_for(const struct draw_inspection *in, const struct draw_inspector *p)
{
    int q = in->n_fields == 0;

    for (size_t f = 0; f < in->n_fields; f++)
        q |= has_str(p->fields, p->n_fields, in->fields[f]);
    if (!p->active || !q || (p->employer && strcmp(p->employer, in->target) == 0) ||
        has_str(p->conflicts, p->n_conflicts, in->target))
        return 0;
    for (size_t c = 0; c < in->n_cert_nos; c++)
        if (has_str(p->assessed, p->n_assessed, in->cert_nos[c]))
            return 0;
    return 1;
}

static const struct draw_inspection *insp_by(const struct draw_assignment *as, int64_t id)
{
    for (size_t i = 0; i < as->n_insp; i++)
        if (as->insp[i].id == id)
            return &as->insp[i];
    return NULL;
}

static const struct draw_inspector *person(const struct draw_assignment *as, int64_t id,
                                           size_t *idx)
{
    for (size_t i = 0; i < as->n_pool; i++)
        if (as->pool[i].id == id) {
            *idx = i;
            return &as->pool[i];
        }
    fail_msg("no inspector %lld", (long long)id);
    return NULL;
}

static void check_assignment(const struct draw_assignment *as)
{
    size_t load[64] = {0};

    for (size_t t = 0; t < as->n_teams; t++) {
        const struct draw_team *tm = &as->teams[t];
        const struct draw_inspection *in = insp_by(as, tm->inspection_id);

        if (t)
            assert_true(as->teams[t - 1].inspection_id < tm->inspection_id);
        if (!tm->assigned) {
            assert_int_equal(tm->n_members, 0);
            continue;
        }
        assert_int_equal(tm->n_members, as->team_size);
        for (size_t m = 0; m < tm->n_members; m++) {
            size_t idx = 0;
            const struct draw_inspector *p = person(as, tm->members[m], &idx);
            char id[48];

            assert_true(ok_for(in, p)); /* never a conflicted or unqualified person */
            if (m == 0)
                assert_int_equal(p->kind, DRAW_ENFORCEMENT);
            for (size_t o = 0; o < m; o++)
                assert_true(tm->members[o] != tm->members[m]);
            for (size_t h = 0; h < as->n_history; h++)
                if (as->history[h].inspection_id == in->id)
                    assert_true(as->history[h].inspector_id != p->id);
            snprintf(id, sizeof id, "%lld|%lld", (long long)in->id, (long long)p->id);
            assert_true(tm->u[m] == draw_u(as->seed, id));
            if (m > 1)
                assert_true(tm->u[m - 1] >= tm->u[m]);
            load[idx]++;
        }
    }
    for (size_t i = 0; i < as->n_pool; i++) {
        assert_true(load[i] <= as->cap);
        assert_int_equal(load[i], as->load[i]);
    }
}

static void assign_properties(void **state)
{
    static const char *const fields[] = {"01", "04", "12", "15"};
    static const char *targets[8], *certs[16];
    struct rng g = {42};
    size_t assigned = 0, unassigned = 0, recusals = 0;

    (void)state;
    for (int t = 0; t < 300; t++) {
        arena a = ARENA_INIT;
        struct draw_inspection insp[10];
        struct draw_inspector pool[16];
        struct draw_assignment *as;
        ms_err err = {0};
        size_t n_pool = 4 + rndn(&g, 12), n_insp = 1 + rndn(&g, 10), team = 2 + rndn(&g, 2);
        char seed[32];

        for (int i = 0; i < 8; i++)
            targets[i] = arena_printf(&a, "T%d", i);
        for (int i = 0; i < 16; i++)
            certs[i] = gen_cert(&a, (unsigned long)i + 1);
        for (size_t i = 0; i < n_insp; i++) {
            const char **f = arena_alloc(&a, 2 * sizeof *f), **c = arena_alloc(&a, 3 * sizeof *c);
            size_t nf = rndn(&g, 5) ? 1 + rndn(&g, 2) : 0, nc = 1 + rndn(&g, 3);
            for (size_t k = 0; k < nf; k++)
                f[k] = fields[rndn(&g, 4)];
            for (size_t k = 0; k < nc; k++)
                c[k] = certs[rndn(&g, 16)];
            insp[i] = (struct draw_inspection){
                (int64_t)(1000 - i * 3), targets[rndn(&g, 8)], f, nf, c, nc};
        }
        for (size_t i = 0; i < n_pool; i++) {
            const char **f = arena_alloc(&a, 4 * sizeof *f), **cf = arena_alloc(&a, 2 * sizeof *cf),
                       **as4 = arena_alloc(&a, 2 * sizeof *as4);
            size_t nf = 1 + rndn(&g, 4), ncf = rndn(&g, 3), nas = rndn(&g, 3);
            int kind = rndn(&g, 3) ? DRAW_EXPERT : DRAW_ENFORCEMENT, active = rndn(&g, 10) != 0;
            const char *employer = rndn(&g, 8) ? NULL : targets[rndn(&g, 8)];
            for (size_t k = 0; k < nf; k++)
                f[k] = fields[rndn(&g, 4)];
            for (size_t k = 0; k < ncf; k++)
                cf[k] = targets[rndn(&g, 8)];
            for (size_t k = 0; k < nas; k++)
                as4[k] = certs[rndn(&g, 16)];
            pool[i] = (struct draw_inspector){
                (int64_t)(i * 5 + 1), kind, f, nf, employer, cf, ncf, as4, nas, active};
        }
        snprintf(seed, sizeof seed, "s2-%d", t);
        assert_int_equal(draw_assign(&a, insp, n_insp, pool, n_pool, seed, team, &as, &err), MS_OK);
        check_assignment(as);
        /* unassigned only when the people still below the cap at the end
         * (a subset of those available then) hold no valid team */
        for (size_t i = 0; i < as->n_teams; i++) {
            const struct draw_inspection *in = insp_by(as, as->teams[i].inspection_id);
            size_t n_ok = 0, officers = 0;

            assigned += as->teams[i].assigned;
            if (as->teams[i].assigned)
                continue;
            unassigned++;
            for (size_t p = 0; p < n_pool; p++)
                if (ok_for(in, &pool[p]) && as->load[p] < as->cap) {
                    n_ok++;
                    officers += pool[p].kind == DRAW_ENFORCEMENT;
                }
            assert_false(n_ok >= team && officers > 0);
        }
        /* recusals: a member of each of the first three assigned teams */
        for (size_t i = 0, done = 0; i < as->n_teams && done < 3; i++) {
            if (!as->teams[i].assigned)
                continue;
            int64_t who = as->teams[i].members[rndn(&g, as->teams[i].n_members)];
            size_t hist = as->n_history;
            int64_t before0 = as->teams[i].members[0];

            assert_int_equal(draw_assign_recuse(&a, as, as->teams[i].inspection_id, who, &err),
                             MS_OK);
            assert_int_equal(as->n_history, hist + 1);
            assert_int_equal(as->history[hist].inspector_id, who);
            assert_int_equal(as->history[hist].before[0], before0);
            for (size_t m = 0; m < as->teams[i].n_members; m++)
                assert_true(as->teams[i].members[m] != who);
            check_assignment(as);
            recusals++;
            done++;
        }
        arena_free(&a);
    }
    print_message("%zu teams assigned, %zu flagged unassigned, %zu recusals\n", assigned,
                  unassigned, recusals);
    assert_true(assigned > 300 && unassigned > 50 && recusals > 200);
}

/* ============================================================ failures */

/* Every allocation of parse, run and assign may fail: errors, not crashes. */
static void allocation_failures(void **state)
{
    static const char *const f01[] = {"01"};
    const struct draw_inspection insp[] = {{1, "T", f01, 1, NULL, 0}, {2, "T", f01, 1, NULL, 0}};
    const struct draw_inspector pool[] = {
        {1, DRAW_ENFORCEMENT, f01, 1, NULL, NULL, 0, NULL, 0, 1},
        {2, DRAW_EXPERT, f01, 1, NULL, NULL, 0, NULL, 0, 1},
        {3, DRAW_EXPERT, f01, 1, NULL, NULL, 0, NULL, 0, 1},
    };
    int failed = 0;

    (void)state;
    for (long n = 1; n < 400; n++) {
        struct draw_roster *r = NULL;
        struct draw_result *res = NULL;
        struct draw_assignment *as = NULL;
        arena a = ARENA_INIT;
        ms_err err = {0};
        int rc;

        alloc_fail_after(n);
        rc = draw_roster_parse(&a, ROSTER, strlen(ROSTER), &r, &err);
        if (rc == MS_OK)
            rc = draw_run(&a, r, SEED, &res, &err);
        if (rc == MS_OK)
            rc = draw_assign(&a, insp, 2, pool, 3, "x", 2, &as, &err);
        if (rc == MS_OK)
            rc = draw_assign_recuse(&a, as, 1, as->teams[0].members[1], &err);
        alloc_fail_after(0);
        if (rc != MS_OK) {
            assert_int_equal(rc, MS_EINTERNAL);
            failed++;
        }
        arena_free(&a);
    }
    print_message("%d injected allocation failures reported\n", failed);
    assert_true(failed >= 3);

    /* a larger roster: more chunks, the duplicate check's buffer, the digest */
    {
        struct rng g = {5};
        arena keep = ARENA_INIT;
        struct draw_roster *big = gen_roster(&keep, &g, 400, 6);

        failed = 0;
        for (long n = 1; n < 200; n++) {
            struct draw_result *res = NULL;
            arena a = ARENA_INIT;
            ms_err err = {0};
            int rc;

            alloc_fail_after(n);
            rc = draw_roster_normalize(big, &err);
            if (rc == MS_OK)
                rc = draw_run(&a, big, SEED, &res, &err);
            alloc_fail_after(0);
            if (rc != MS_OK) {
                assert_int_equal(rc, MS_EINTERNAL);
                failed++;
            }
            arena_free(&a);
        }
        print_message("%d more on a roster of 400 units\n", failed);
        assert_true(failed >= 5);
        arena_free(&keep);
    }
}

static void message_keys(void **state)
{
    static const char *keys[] = {
        "draw_bad_json",       "draw_wrong_type", "draw_unknown_key",   "draw_bad_algorithm",
        "draw_duplicate",      "draw_bad_count",  "draw_not_normal",    "draw_bad_field",
        "draw_bad_sector",     "draw_bad_credit", "draw_no_standards",  "draw_bad_rate",
        "draw_result_differs", "draw_bad_commit", "draw_seed_mismatch", "draw_team_size",
        "draw_not_in_team",    "draw_usage",      "draw_not_available", "invalid_enum",
        "invalid_int",         "draw_cert_space", "not_found",          "required",
        "out_of_memory",
    };

    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!msg_template(keys[i], MS_LANG_ZH) || !msg_template(keys[i], MS_LANG_EN))
            fail_msg("no message for key %s", keys[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vector_units),      cmocka_unit_test(vector_authorities),
        cmocka_unit_test(quota_exact),       cmocka_unit_test(rate_text),
        cmocka_unit_test(canonical_form),    cmocka_unit_test(empty_roster),
        cmocka_unit_test(properties),        cmocka_unit_test(weighted_frequency),
        cmocka_unit_test(authorities_props), cmocka_unit_test(bad_rosters),
        cmocka_unit_test(compare_published), cmocka_unit_test(seed_commitment),
        cmocka_unit_test(assign_vector),     cmocka_unit_test(assign_cap),
        cmocka_unit_test(assign_properties), cmocka_unit_test(allocation_failures),
        cmocka_unit_test(message_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
