/* draw_bench.c - the draw computation at national scale: 3,400 authorities
 * each drawing from its own roster (~30 units with 1-10 standards each),
 * 100,000 units in total, generated in memory. Times the draw alone
 * (checking and sorting the roster, its canonical form and SM3 digest, the
 * keys, the selection and the standards to inspect), no storage, at 10k,
 * 30k and 100k units, and prints one summary line.
 *   draw_bench [TOTAL_UNITS [ROSTERS]]   (default 100000 3400) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/certno.h"
#include "core/draw.h"
#include "core/field.h"
#include "core/uscc.h"

struct rng {
    unsigned long long s;
};

static unsigned long long rnd(struct rng *g)
{
    unsigned long long z = (g->s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t rndn(struct rng *g, size_t n)
{
    return (size_t)(rnd(g) % n);
}

static double clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A unit with a valid USCC (division 320100, serial I) and 1-10 standards. */
static int gen_unit(arena *a, struct rng *g, size_t i, unsigned long *serial, struct draw_unit *u)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const char *classes[] = {NULL, NULL, NULL, "A", "B", "C", "D"};
    const struct jjf_field *all = field_all(NULL);
    char code[USCC_LEN + 1], cert[CERTNO_MAX];
    size_t v = i;

    memcpy(code, "91320100", 8);
    for (int k = 15; k >= 8; k--, v /= 31)
        code[k] = set[v % 31];
    code[16] = uscc_org_check_char(code + 8);
    code[17] = uscc_check_char(code);
    code[18] = '\0';
    u->uscc = arena_strdup(a, code);
    u->name = arena_printf(a, "基准测试单位%zu", i);
    u->complaints_24m = rndn(g, 4) ? 0 : (int64_t)rndn(g, 6);
    u->serious_violation = rndn(g, 20) == 0;
    u->credit_class = classes[rndn(g, 7)];
    u->n_standards = 1 + rndn(g, 10);
    u->standards = arena_alloc(a, u->n_standards * sizeof *u->standards);
    if (!u->uscc || !u->name || !u->standards)
        return -1;
    for (size_t j = 0; j < u->n_standards; j++) {
        struct draw_standard *s = &u->standards[j];

        if (certno_format(cert, sizeof cert, 2015 + (int)(*serial % 10), "苏", "测", *serial, 7) !=
            MS_OK)
            return -1;
        (*serial)++;
        s->cert_no = arena_strdup(a, cert);
        s->field = all[rndn(g, 18)].code;
        s->sectors = rndn(g, 7) ? 0 : 1u << rndn(g, 4);
        if (!s->cert_no)
            return -1;
    }
    return 0;
}

/* Time NR draws over TOTAL units: wall *SECS and CPU *CPU; *STANDARDS and
 * *SELECTED are filled. */
static int bench(size_t total, size_t nr, double *secs, double *cpu, double *check,
                 size_t *standards, size_t *selected)
{
    arena gen = ARENA_INIT;
    struct draw_roster *rosters = NULL;
    struct rng g = {20260601};
    unsigned long serial = 1;
    size_t next = 0;
    double t0, c0;
    int rc = -1;

    *standards = *selected = 0;
    *check = 0;
    rosters = arena_alloc(&gen, nr * sizeof *rosters);
    if (!rosters)
        goto out;
    for (size_t r = 0; r < nr; r++) {
        struct draw_roster *ro = &rosters[r];

        ro->kind = DRAW_UNITS;
        ro->authority = arena_printf(&gen, "%06zu", 100000 + r);
        ro->as_of = "2026-06-01";
        ro->rate = 0.2;
        ro->n_units = total / nr + (r < total % nr);
        ro->units = arena_alloc(&gen, ro->n_units * sizeof *ro->units);
        if (!ro->units)
            goto out;
        for (size_t i = 0; i < ro->n_units; i++) {
            if (gen_unit(&gen, &g, next++, &serial, &ro->units[i]) != 0)
                goto out;
            *standards += ro->units[i].n_standards;
        }
    }
    t0 = clock_s(CLOCK_MONOTONIC);
    c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (size_t r = 0; r < nr; r++) {
        arena a = ARENA_INIT;
        struct draw_result *res;
        char seed[48];
        ms_err err = {0};

        double t;

        snprintf(seed, sizeof seed, "2026-06-01 第%zu轮", r);
        t = clock_s(CLOCK_MONOTONIC);
        if (draw_roster_normalize(&rosters[r], &err) == MS_OK) {
            *check += clock_s(CLOCK_MONOTONIC) - t;
            draw_run(&a, &rosters[r], seed, &res, &err);
        }
        if (err.code != MS_OK) {
            fprintf(stderr, "draw_bench: roster %zu: %s %s %s\n", r, err.field, err.key, err.arg);
            arena_free(&a);
            goto out;
        }
        *selected += res->n_items;
        arena_free(&a);
    }
    *secs = clock_s(CLOCK_MONOTONIC) - t0;
    *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    rc = 0;
out:
    arena_free(&gen);
    return rc;
}

int main(int argc, char **argv)
{
    size_t total = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    size_t nr = argc > 2 ? strtoul(argv[2], NULL, 10) : 3400;
    const size_t scales[] = {total / 10, total * 3 / 10, total};
    double secs[3], cpu[3], check[3], per[3], warm, warm_cpu, warm_check;
    size_t standards = 0, selected = 0;

    if (total < 10 || nr < 1 || nr > total / 10) {
        fprintf(stderr, "usage: draw_bench [TOTAL_UNITS [ROSTERS]]\n");
        return 2;
    }
    /* warm-up: libcrypto's first digest, the allocator's first pages */
    if (bench(total / 10, nr / 10 ? nr / 10 : 1, &warm, &warm_cpu, &warm_check, &standards,
              &selected) != 0)
        return 1;
    for (int s = 0; s < 3; s++) {
        size_t n = scales[s], r = nr * n / total;

        if (bench(n, r ? r : 1, &secs[s], &cpu[s], &check[s], &standards, &selected) != 0)
            return 1;
        per[s] = secs[s] / (double)n * 1e6;
        fprintf(stderr,
                "  %zu units in %zu rosters (%zu standards): %.3f s wall (check and sort "
                "%.3f s, digest and draw %.3f s), %.3f s CPU, %.2f us/unit, %zu selected\n",
                n, r ? r : 1, standards, secs[s], check[s], secs[s] - check[s], cpu[s], per[s],
                selected);
    }
    printf(
        "draw: %zu draws over %zu units (%zu standards) in %.3f s wall, %.3f s CPU (goal < 1 s); "
        "%zuk %.3f s, %zuk %.3f s, %zuk %.3f s = %.2f / %.2f / %.2f us per unit "
        "(per-unit ratio %zuk/%zuk %.2f, linear = 1)\n",
        nr, total, standards, secs[2], cpu[2], scales[0] / 1000, secs[0], scales[1] / 1000, secs[1],
        scales[2] / 1000, secs[2], per[0], per[1], per[2], scales[2] / 1000, scales[0] / 1000,
        per[2] / per[0]);
    /* bench/run's table: CPU seconds at the smallest and the largest size */
    printf("=> draw %zu unit %.3f - -\n=> draw %zu unit %.3f - -\n", scales[0], cpu[0], scales[2],
           cpu[2]);
    return 0;
}
