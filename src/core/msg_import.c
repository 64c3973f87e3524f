/* msg_import.c - messages of the import module. */
#include "core/msg.h"

const struct msg msg_import[] = {
    {NULL, NULL, NULL},
};
