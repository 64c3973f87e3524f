/* h_auth.c - authentication of requests: session cookie or bearer token. */
#include <string.h>

#include "http/h.h"

int http_authenticate(struct req *r, ms_err *err)
{
    (void)err;
    r->authenticated = 0;
    r->actor.role = NULL;
    r->actor.name = "anonymous";
    return MS_OK;
}

int http_csrf_ok(struct req *r)
{
    /* Requests without a session cookie carry no ambient authority. */
    return !r->authenticated;
}
