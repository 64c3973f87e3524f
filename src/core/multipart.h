/* multipart.h - multipart/form-data bodies (RFC 7578) split into parts,
 * without copying: every part points into the body. Pure, no I/O. */
#ifndef MS_MULTIPART_H
#define MS_MULTIPART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/ms.h"

#define MULTIPART_MAX_PARTS 16

struct multipart_part {
    const char *name;     /* form field name (arena), never NULL */
    const char *filename; /* as sent (arena; may hold a path), NULL when absent */
    const char *type;     /* the part's Content-Type (arena), NULL when absent */
    const char *data;     /* into the body */
    size_t len;
};

/* The boundary of CONTENT_TYPE ("multipart/form-data; boundary=xyz", the
 * value may be quoted) into OUT (SIZE bytes). MS_OK, or MS_EINVAL (field
 * "Content-Type", key "multipart_invalid") when it is not multipart/form-data
 * or has no usable boundary (1..70 characters). */
int multipart_boundary(const char *content_type, char *out, size_t size, ms_err *err);

/* Split BODY[0..LEN) at BOUNDARY into PARTS[0..MULTIPART_MAX_PARTS): *N
 * parts, names and types copied into AR. MS_OK, or MS_EINVAL "multipart_invalid"
 * (field "body") for a body that does not follow the format, or with more
 * parts than MULTIPART_MAX_PARTS. */
int multipart_parse(const char *body, size_t len, const char *boundary, arena *ar,
                    struct multipart_part *parts, int *n, ms_err *err);

/* The first part named NAME, or NULL. */
const struct multipart_part *multipart_get(const struct multipart_part *parts, int n,
                                           const char *name);

#endif
