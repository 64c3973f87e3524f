/* import.h - bulk import of the registry from CSV (UTF-8 or GB18030) or XLSX:
 * units, standards, their apparatus and their personnel.
 *
 * Columns are found by header name: the API field names or the Chinese
 * titles that export writes (so an export imports back). Every row is
 * checked the way the API checks one record (registry_*_validate), plus
 * references (authority codes, unit USCCs, standard certificate numbers
 * must exist in the database and in the actor's jurisdiction) and
 * uniqueness (USCC, certificate number: against the database and within
 * the file). All or nothing by default: one rejected row and nothing is
 * written; with PARTIAL the good rows are written. One write transaction,
 * rows inserted through the reg_load_* loaders. */
#ifndef MS_IMPORT_H
#define MS_IMPORT_H

#include <stddef.h>

#include "service/svc.h"

enum import_kind { IMPORT_UNITS, IMPORT_STANDARDS, IMPORT_APPARATUS, IMPORT_PERSONNEL };
#define IMPORT_KIND_COUNT 4

/* How a column's cells are read and written. */
enum import_type {
    IMPORT_TEXT,
    IMPORT_DATE,    /* YYYY-MM-DD; typed forms (2021/3/5) and XLSX dates accepted */
    IMPORT_ENUM,    /* English value or its Chinese name (VALUES / VALUES_ZH) */
    IMPORT_SECTORS, /* focus sectors, English keys or Chinese names */
    IMPORT_BOOL,    /* 1/0, true/false, yes/no, 是/否 */
};

/* A column of an import (and export) sheet. */
struct import_col {
    const char *name;    /* the API field name, also the English header */
    const char *zh;      /* the Chinese header that export writes */
    const char *aliases; /* other accepted headers, '|'-separated, or NULL */
    int required;        /* the header must be present */
    enum import_type type;
    const char *const *values, *const *values_zh; /* IMPORT_ENUM: NULL-terminated */
    double width;                                 /* column width in XLSX exports */
};

/* The columns of KIND, in export order; *N gets their number. Static. */
const struct import_col *import_columns(enum import_kind kind, int *n);

/* "units" | "standards" | "apparatus" | "personnel" (also 单位, 计量标准,
 * 设备, 人员) -> *OUT. MS_OK or MS_EINVAL (key import_kind). */
int import_kind_parse(const char *s, enum import_kind *out, ms_err *err);
const char *import_kind_name(enum import_kind kind);

#define IMPORT_MAX_ERRORS 1000

struct import_report {
    int64_t id;                    /* the `imports` row of this batch, 0 if none */
    long rows;                     /* data rows read (blank rows not counted) */
    long valid;                    /* rows that passed every check */
    long accepted;                 /* rows written (0 when all-or-nothing failed) */
    long rejected;                 /* rows refused */
    int written;                   /* 1 when the transaction committed */
    const char *format, *encoding; /* "csv"/"xlsx", "UTF-8"/"GB18030"/"XLSX" */
    int nerrors;                   /* rejected rows listed in ERRORS (at most IMPORT_MAX_ERRORS) */
    ms_err *errors;                /* row, field (column), key, arg of each */
    int nwarnings;                 /* e.g. unknown columns (ignored) */
    ms_err *warnings;
};

/* Import LEN bytes at DATA (FILENAME is only recorded) as rows of KIND for
 * actor WHO. PROGRESS (may be NULL) is called now and then with CTX.
 * OUT is filled in every case (free with import_report_free).
 * Returns MS_OK when every row was accepted and written; MS_EINVAL when
 * rows were rejected (OUT lists them, ERR is the first; nothing written
 * unless PARTIAL) or when the file as a whole is unusable (bad encoding,
 * no header, a required column missing: ERR says which, OUT has no rows);
 * MS_EFORBIDDEN when WHO may not import KIND; MS_EINTERNAL on database
 * errors (nothing written). The batch is recorded in `imports` (also when
 * all-or-nothing refused it, with accepted 0). */
int import_run(store *db, const ms_actor *who, enum import_kind kind, const char *filename,
               const unsigned char *data, size_t len, int partial, svc_progress_fn progress,
               void *progress_ctx, struct import_report *out, ms_err *err);

/* Free the lists of R (R itself is the caller's). */
void import_report_free(struct import_report *r);

#endif
