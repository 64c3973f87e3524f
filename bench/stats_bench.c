/* stats_bench.c - Algorithm A and the control-chart rule scan on N points
 * (default 1,000,000), against the memory-bandwidth floor measured in the
 * same run: one pass that only sums the data. The data: normal values
 * (Box-Muller over splitmix64, fixed seed) with 0.1 % gross outliers, so
 * that winsorisation has work to do and the rules fire now and then.
 * Every figure is the best of R repeats of this thread's CPU time (the
 * machine is shared: descheduled time is not counted).
 *   stats_bench [N [R]]   (default 1000000 5) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/stats.h"

static uint64_t rng_state = 2021;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unif(void)
{
    return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The floor: read every value once and add (four accumulators, so the
 * adds overlap and the loop is bound by memory, not by add latency). */
static double sum_pass(const double *x, size_t n)
{
    double a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;

    for (; i + 4 <= n; i += 4)
        a += x[i], b += x[i + 1], c += x[i + 2], d += x[i + 3];
    for (; i < n; i++)
        a += x[i];
    return (a + b) + (c + d);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    double *x = malloc(n * sizeof *x), *scratch = malloc(n * sizeof *scratch);
    uint16_t *marks = malloc(n * sizeof *marks);
    size_t cap = 8 * n + 8;
    struct stats_violation *v = malloc(cap * sizeof *v);
    double t_sum = 1e9, t_alga = 1e9, t_scan = 1e9, t_sum_c = 1e9, t_start = 1e9, sink = 0, mean,
           sd, med, mad;
    struct stats_alga a = {0};
    size_t nv = 0;
    ms_err err;

    if (!x || !scratch || !marks || !v || n < 16 || reps < 1) {
        fprintf(stderr, "stats_bench: bad arguments or out of memory\n");
        return 2;
    }
    for (size_t i = 0; i < n; i += 2) {
        double r = sqrt(-2 * log(unif())), th = 2 * M_PI * unif();
        x[i] = 100.0 + 0.5 * r * cos(th);
        if (i + 1 < n)
            x[i + 1] = 100.0 + 0.5 * r * sin(th);
    }
    for (size_t i = 0; i < n / 1000; i++)
        x[rnd() % n] += (rnd() & 1 ? 1 : -1) * (5 + 10 * unif());
    if (stats_sd(x, n, "values", &mean, &sd, &err) != MS_OK)
        return 3;

    for (int r = 0; r < reps; r++) {
        double t0 = now_s(), t;
        sink += sum_pass(x, n);
        t = now_s() - t0;
        t_sum = t < t_sum ? t : t_sum;

        t0 = now_s();
        sink += stats_sum(x, n);
        t = now_s() - t0;
        t_sum_c = t < t_sum_c ? t : t_sum_c;

        t0 = now_s();
        if (stats_alga(x, n, scratch, NULL, 0, &a, &err) != MS_OK) {
            fprintf(stderr, "stats_bench: Algorithm A failed: %s\n", err.key);
            return 3;
        }
        t = now_s() - t0;
        t_alga = t < t_alga ? t : t_alga;

        t0 = now_s();
        stats_median(x, n, scratch, "values", &med, &err);
        stats_mad(x, n, med, scratch, "values", &mad, &err);
        t = now_s() - t0;
        t_start = t < t_start ? t : t_start;

        t0 = now_s();
        nv = stats_rules_scan(x, n, mean, sd, STATS_RULES_GB, 0, marks, v, cap);
        t = now_s() - t0;
        t_scan = t < t_scan ? t : t_scan;
    }
    printf("stats: %zu points, best of %d; floor = one summing pass %.2f ms CPU (%.1f GB/s)%s\n", n,
           reps, t_sum * 1e3, (double)n * sizeof *x / t_sum / 1e9, sink == 42 ? "!" : "");
    printf("stats: compensated sum (stats_sum)   %8.2f ms  ratio %6.1f\n", t_sum_c * 1e3,
           t_sum_c / t_sum);
    printf("stats: Algorithm A (%d iterations)   %8.2f ms  ratio %6.1f  (%.2f floor-passes per "
           "iteration)\n",
           a.iterations, t_alga * 1e3, t_alga / t_sum, (t_alga - t_start) / t_sum / a.iterations);
    printf("stats:   of which the start (median, MAD) %6.2f ms  ratio %6.1f\n", t_start * 1e3,
           t_start / t_sum);
    printf("stats: GB/T 4091 rule scan (8 rules) %8.2f ms  ratio %6.1f  (%zu violations)\n",
           t_scan * 1e3, t_scan / t_sum, nv);
    printf("stats: x* = %.6f, s* = %.6f, converged %d\n", a.x, a.s, a.converged);
    free(x);
    free(scratch);
    free(marks);
    free(v);
    return 0;
}
