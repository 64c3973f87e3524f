/* demo_rng.c - xoshiro256** and splitmix64 (public-domain algorithms by
 * Blackman and Vigna), and the draws the demo generator needs. */
#include "core/demo_rng.h"

uint64_t demo_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void demo_rng_seed(demo_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = demo_mix(demo_mix(demo_mix(seed) ^ stream) ^ index);

    for (int i = 0; i < 4; i++) {
        x = demo_mix(x);
        r->s[i] = x;
    }
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1; /* the all-zero state is a fixed point */
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t demo_rng_below(demo_rng *r, uint32_t n)
{
    uint64_t m;
    uint32_t low, threshold;

    if (n == 0)
        return 0;
    /* Lemire's multiply-and-reject. */
    m = (uint64_t)(uint32_t)(demo_rng_next(r) >> 32) * n;
    low = (uint32_t)m;
    if (low < n) {
        threshold = (uint32_t)-n % n;
        while (low < threshold) {
            m = (uint64_t)(uint32_t)(demo_rng_next(r) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

int demo_rng_range(demo_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)demo_rng_below(r, (uint32_t)(hi - lo) + 1u);
}

double demo_rng_unit(demo_rng *r)
{
    return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

int demo_rng_chance(demo_rng *r, double p)
{
    return demo_rng_unit(r) < p;
}

size_t demo_rng_weighted(demo_rng *r, const double *w, size_t n)
{
    double sum = 0, x;
    size_t last = n;

    for (size_t i = 0; i < n; i++)
        sum += w[i];
    if (!(sum > 0))
        return n;
    x = demo_rng_unit(r) * sum;
    for (size_t i = 0; i < n; i++) {
        if (w[i] <= 0)
            continue;
        if (x < w[i])
            return i;
        x -= w[i];
        last = i;
    }
    return last; /* rounding left a sliver: the last positive weight */
}

size_t demo_rng_weighted_int(demo_rng *r, const int *w, size_t n)
{
    uint32_t sum = 0, x;

    for (size_t i = 0; i < n; i++)
        sum += w[i] > 0 ? (uint32_t)w[i] : 0;
    if (!sum)
        return n;
    x = demo_rng_below(r, sum);
    for (size_t i = 0; i < n; i++) {
        uint32_t wi = w[i] > 0 ? (uint32_t)w[i] : 0;
        if (x < wi)
            return i;
        x -= wi;
    }
    return n;
}
