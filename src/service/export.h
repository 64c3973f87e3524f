/* export.h - export of the registry (units, standards, apparatus, personnel)
 * as CSV or XLSX, with the columns that import reads, so that an export
 * imports back unchanged. Streams page by page through the registry lists:
 * every record in the actor's jurisdiction. */
#ifndef MS_EXPORT_H
#define MS_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "service/import.h"

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_opts {
    enum export_format format;
    int english; /* 1: API field names as headers and English values; 0: Chinese */
};

/* "csv" | "xlsx" -> *OUT. MS_OK or MS_EINVAL (key export_format). */
int export_format_parse(const char *s, enum export_format *out, ms_err *err);

/* Write every record of KIND that WHO may see to the file PATH, or with PATH
 * NULL to OUT (left open). OPTS NULL = CSV with Chinese headers. *ROWS (may
 * be NULL) gets the number of data rows. Returns MS_OK, MS_EFORBIDDEN,
 * MS_EINTERNAL (io_error: the file could not be written) or a store error;
 * a partly written PATH is left behind on failure. */
int export_run(store *db, const ms_actor *who, enum import_kind kind,
               const struct export_opts *opts, const char *path, FILE *out, int64_t *rows,
               ms_err *err);

#endif
