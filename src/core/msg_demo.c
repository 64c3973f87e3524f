/* msg_demo.c - messages of the demo module. */
#include "core/msg.h"

const struct msg msg_demo[] = {
    {NULL, NULL, NULL},
};
