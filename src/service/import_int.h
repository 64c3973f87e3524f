/* import_int.h - what import.c shares with import_cols.c. Not for callers. */
#ifndef MS_IMPORT_INT_H
#define MS_IMPORT_INT_H

#include "service/import.h"

/* Column positions in import_columns() of each kind. */
enum {
    U_USCC,
    U_NAME,
    U_DIVISION,
    U_ADDRESS,
    U_KIND,
    U_SECTORS,
    U_AUTH,
    U_CONTACT,
    U_PHONE,
    U_CREDIT,
    U_N
};
enum {
    S_UNIT,
    S_NAME,
    S_CODE,
    S_CATEGORY,
    S_RANGE,
    S_UNC,
    S_CERT,
    S_AUTH,
    S_ISSUED,
    S_EXPIRES,
    S_STATUS,
    S_SECTORS,
    S_N
};
enum { A_CERT, A_NAME, A_MODEL, A_SERIAL, A_ROLE, A_TCERT, A_TORG, A_CAL, A_DUE, A_N };
enum { P_CERT, P_NAME, P_QUAL, P_VALID, P_CHARGE, P_N };

/* The registry entity a kind's rows become. */
enum reg_entity import_entity(enum import_kind kind);

#endif
