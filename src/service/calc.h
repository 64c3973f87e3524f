/* calc.h - the calculators of technical checks: JSON in, JSON out, over
 * core/stats. Stateless (no database): the same function serves
 * POST /api/v1/calc/{kind}, `msup calc KIND < data.json` and the stored
 * checks of service/check.c, so that a stored result is exactly what the
 * calculator prints. The members of each KIND's input and output are in
 * docs/openapi.yaml (CalcInput*, CalcResult*) with examples. */
#ifndef MS_SVC_CALC_H
#define MS_SVC_CALC_H

#include <jansson.h>

#include "core/arena.h"
#include "core/ms.h"

/* How results are printed (API, CLI, stored result): compact, 15
 * significant digits (1.00000115238095, not 1.0000011523809524). */
#define CALC_DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* The kinds, as in the URL: en zeta zscore algorithm-a repeatability
 * stability control-chart grubbs verification. */
extern const char *const calc_kinds[];

/* 1 when KIND is one of calc_kinds. */
int calc_known(const char *kind);

/* Run KIND on DATA (a JSON object). On MS_OK *OUT is a new object (the
 * caller decrefs) with at least "kind", "method", "rule_version" and
 * "verdict" ("pass" | "fail" | "questionable", or null for the kinds that
 * judge nothing: algorithm-a, grubbs). Every number in it is finite. Bad
 * input -> MS_EINVAL naming the member, prefixed with PREFIX ("" or
 * "data."), e.g. "data.labs[2].U"; unknown KIND -> MS_ENOTFOUND. Scratch
 * memory comes from AR. */
int calc_run(const char *kind, json_t *data, const char *prefix, arena *ar, json_t **out,
             ms_err *err);

#endif
