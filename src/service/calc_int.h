/* calc_int.h - what the calculator files (calc.c, calc_checks.c) share:
 * the run context, the typed readers of the input members and the writers
 * of the result. Not for other callers. */
#ifndef MS_SVC_CALC_INT_H
#define MS_SVC_CALC_INT_H

#include <jansson.h>

#include "core/arena.h"
#include "core/ms.h"

/* One run: scratch memory, the error, and whether a non-finite number
 * was about to be printed. */
struct cx {
    arena *ar;
    ms_err *err;
    int bad; /* a non-finite number was about to be printed */
};

/* A lab of a multi-lab input: value and U rescaled to k = 2. */
struct lab {
    double x, U; /* U at k = 2 */
};

/* Member NAME of O as a finite number; FIELD names it in errors. REQUIRED:
 * absent is an error; else *SET (may be NULL) says whether it was there. */
int calc_num(struct cx *c, json_t *o, const char *name, const char *field, int required,
             double *out, int *set);
/* An optional coverage factor (default 2), > 0. */
int calc_kfac(struct cx *c, json_t *o, const char *name, const char *field, double *k);
/* An array of numbers V into a new arena array *OUT of *N. */
int calc_num_array(struct cx *c, json_t *v, const char *field, double **out, size_t *n);
/* Member NAME: one of CHOICES (NULL-terminated); absent -> CHOICES[0]. */
int calc_choice(struct cx *c, json_t *o, const char *name, const char *const *choices,
                const char **out);
/* Optional member "lab": an index below N, -1 when absent. */
int calc_lab_index(struct cx *c, json_t *o, size_t n, long *lab);
/* labs[]: [{id, XNAME, U, k}] (at least MIN) -> arena array. */
int calc_read_labs(struct cx *c, json_t *d, const char *xname, size_t min, struct lab **labs,
                   size_t *n);
/* Rename the field of an error already filled; returns RC. */
int calc_refield(ms_err *err, int rc, const char *field);

/* A real, or null (and C->bad set) when V is not finite. */
json_t *calc_jr(struct cx *c, double v);
void calc_setr(struct cx *c, json_t *o, const char *k, double v);
void calc_sets(json_t *o, const char *k, const char *v);
json_t *calc_reals(struct cx *c, const double *x, size_t n);
/* A lab's "id" (string or integer) copied into TO, if given. */
void calc_copy_id(json_t *to, json_t *lab);

/* calc_checks.c: the kinds of JJF 1033 and the control charts. */
int calc_do_repeat(struct cx *c, json_t *d, json_t *o);
int calc_do_stability(struct cx *c, json_t *d, json_t *o);
int calc_do_verification(struct cx *c, json_t *d, json_t *o);
int calc_do_chart(struct cx *c, json_t *d, json_t *o);

#endif
