/* bench_clock.h - the monotonic clock in seconds, for the reference
 * programs of bench/ (ref_insert, ref_xlsx, ref_pdf). */
#ifndef MS_BENCH_CLOCK_H
#define MS_BENCH_CLOCK_H

#include <time.h>

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
