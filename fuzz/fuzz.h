/* fuzz.h - shared by the libFuzzer targets in fuzz/ (issue 9, "Fuzzing").
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput(). It is linked either
 * with libFuzzer (clang, MSUP_FUZZ=ON, build-fuzz) or with replay.c (any
 * compiler, every build) which feeds it the committed corpus and the
 * regression inputs of fuzz/regress/<name>/. A broken invariant aborts, so
 * both libFuzzer and the replay report it as a crash. */
#ifndef MS_FUZZ_H
#define MS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ms.h"
#include "core/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The result RC of a parser that filled ERR: MS_OK, or an error whose code
 * is RC and whose key has a message in zh-CN and en (what a caller shows).
 * With FUZZ_VERBOSE set in the environment, every result is printed. */
static inline void fuzz_check_err(int rc, const ms_err *err)
{
    if (getenv("FUZZ_VERBOSE")) /* which seeds are refused, and why */
        fprintf(stderr, "rc %d field '%s' key '%s' arg '%s'\n", rc, err->field, err->key, err->arg);
    if (rc == MS_OK)
        return;
    FUZZ_ASSERT(err->code == rc);
    FUZZ_ASSERT(err->key[0] != '\0');
    if (!msg_template(err->key, MS_LANG_ZH) || !msg_template(err->key, MS_LANG_EN))
        fprintf(stderr, "unknown message key '%s'\n", err->key);
    FUZZ_ASSERT(msg_template(err->key, MS_LANG_ZH) && msg_template(err->key, MS_LANG_EN));
}

#endif
