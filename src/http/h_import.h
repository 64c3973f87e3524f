/* h_import.h - POST /api/v1/imports: registry import over HTTP (API.md
 * "Registry"), the transport of service/import.h. */
#ifndef MS_HTTP_H_IMPORT_H
#define MS_HTTP_H_IMPORT_H

#include "http/req.h"

/* The body limit of an import: the file plus the form around it. */
#define IMPORT_BODY_LIMIT (32u * 1024 * 1024)

/* POST /imports?partial=1 (multipart: kind, file): {"id", "kind", "format",
 * "encoding", "rows", "accepted", "rejected", "partial", "written",
 * "errors": [{row, field, code, message}], "warnings": [...]}. 200 when
 * written (with PARTIAL the rejected rows are listed); 422 with the same
 * body plus "error" (the first rejected row) when all or nothing refused
 * the file; 415 when the body is not multipart/form-data. */
int h_imports_create(struct req *r);

#endif
