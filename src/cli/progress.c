/* progress.c - a terminal progress bar (see progress.h). */
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"

#define BAR_WIDTH 30

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, FILE *out)
{
    p->out = out;
    p->enabled = out && isatty(fileno(out));
    p->drawn = 0;
    p->last = 0;
    p->last_pct = -1;
    p->label = NULL;
}

void progress_fn(void *ctx, const char *stage, int64_t done, int64_t total)
{
    struct progress *p = ctx;
    double t;
    int pct;

    if (!p || !p->enabled)
        return;
    if (p->label)
        stage = p->label;
    t = now_seconds();
    pct = total > 0 ? (int)(done * 100 / total) : -1;
    if (pct > 100)
        pct = 100;
    /* Redraw at most every 0.1 s, but always show completion. */
    if (p->drawn && t - p->last < 0.1 && !(pct == 100 && p->last_pct != 100))
        return;
    p->last = t;
    p->last_pct = pct;
    if (pct >= 0) {
        int fill = pct * BAR_WIDTH / 100;
        fprintf(p->out, "\r%s [", stage ? stage : "");
        for (int i = 0; i < BAR_WIDTH; i++)
            fputc(i < fill ? '#' : '.', p->out);
        fprintf(p->out, "] %3d%%\033[K", pct);
    } else {
        fprintf(p->out, "\r%s %lld\033[K", stage ? stage : "", (long long)done);
    }
    fflush(p->out);
    p->drawn = 1;
}

void progress_done(struct progress *p)
{
    if (p && p->enabled && p->drawn) {
        fprintf(p->out, "\r\033[K");
        fflush(p->out);
    }
    if (p)
        p->drawn = 0;
}
