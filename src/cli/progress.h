/* progress.h - a one-line progress bar on a terminal, for long commands
 * (msup import, msup demo). Draws only when its stream is a terminal, so
 * redirected output and tests stay clean. */
#ifndef MS_PROGRESS_H
#define MS_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

struct progress {
    FILE *out;
    int enabled; /* out is a terminal */
    int drawn;   /* a line is on screen */
    double last; /* monotonic seconds of the last redraw */
    int last_pct;
    const char *label; /* shown instead of the stage name when set */
};

/* Prepare P to draw on OUT (usually stderr): enabled iff OUT is a tty; no
 * label (the stage names of the service are shown). */
void progress_init(struct progress *p, FILE *out);

/* A svc_progress_fn: CTX is a struct progress. Draws "STAGE [####....] 42%"
 * when TOTAL > 0, else "STAGE DONE"; redraws at most ten times a second. */
void progress_fn(void *ctx, const char *stage, int64_t done, int64_t total);

/* Erase the bar (if any) so that the next output starts on a clean line. */
void progress_done(struct progress *p);

#endif
