/* demo_rng.h - the demo generator's pseudo-random numbers.
 *
 * xoshiro256** seeded through splitmix64: fast, good quality, and the same
 * sequence on every platform, so `msup demo --seed N` is reproducible byte
 * for byte. Independent streams are derived from (seed, stream, index), so a
 * generator can re-create the numbers of one unit or one standard without
 * replaying everything before it. Never for security: see the draw module
 * for verifiable randomness. */
#ifndef MS_DEMO_RNG_H
#define MS_DEMO_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct demo_rng {
    uint64_t s[4];
} demo_rng;

/* The splitmix64 step of X: a bijective 64-bit mix. */
uint64_t demo_mix(uint64_t x);

/* Seed R for the stream (SEED, STREAM, INDEX); distinct triples give
 * unrelated sequences. */
void demo_rng_seed(demo_rng *r, uint64_t seed, uint64_t stream, uint64_t index);

/* The next 64 random bits. */
uint64_t demo_rng_next(demo_rng *r);

/* Uniform integer in [0, N) (0 when N is 0), without modulo bias. */
uint32_t demo_rng_below(demo_rng *r, uint32_t n);

/* Uniform integer in [LO, HI] (LO when HI <= LO). */
int demo_rng_range(demo_rng *r, int lo, int hi);

/* Uniform double in [0, 1), 53 bits. */
double demo_rng_unit(demo_rng *r);

/* 1 with probability P, else 0. */
int demo_rng_chance(demo_rng *r, double p);

/* Index i in [0, N) drawn with probability W[i] / sum(W); weights must be
 * >= 0. Returns N when the sum is 0. */
size_t demo_rng_weighted(demo_rng *r, const double *w, size_t n);

/* Same for small integer weights. */
size_t demo_rng_weighted_int(demo_rng *r, const int *w, size_t n);

#endif
