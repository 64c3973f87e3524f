/* report.h - reports and publication (一公开): the campaign summary of an
 * authority and its subtree (JSON, XLSX, PDF), the inspection list (CSV,
 * XLSX), the filled Attachment 1 / 2 form of one inspection (PDF) and the
 * published results (JSON, CSV, Atom). The REST API and `msup report` call
 * the same functions and so give the same bytes. Reads only: nothing is
 * written and no audit row is appended. docs/reports.md defines every
 * figure.
 *
 * Who may read: summaries and lists — authority users for their authority
 * or one below it (another is MS_ENOTFOUND naming authority_id) and the
 * operator's CLI; forms — whoever may read the inspection (authority,
 * inspector, the inspected unit); public results — everyone, and they hold
 * no personal data (no person's name, contact, account or evidence). */
#ifndef MS_SVC_REPORT_H
#define MS_SVC_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "service/cases.h"
#include "service/svc.h"
#include "store/campaign.h"
#include "store/report.h"

struct report_summary {
    struct ms_campaign campaign;
    struct ms_authority authority; /* the subtree's root */
    char as_of[11];                /* today: what is overdue */
    char generated_at[32];
    struct rptdb_summary s;
    struct risk_row *risk; /* top risk units of the subtree (service/cases.h) */
    int nrisk;
    int64_t risk_total; /* units with a score above 0 */
};

#define REPORT_TOP_RISK 10

/* The summary of CAMPAIGN_ID for AUTHORITY_ID (0 = the actor's authority;
 * the campaign's organiser for the CLI). MS_EFORBIDDEN for other roles,
 * MS_ENOTFOUND (field id) for a campaign the actor cannot see, (field
 * authority_id) for an authority outside its jurisdiction. */
int report_summary(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                   arena *ar, struct report_summary *out, ms_err *err);

/* The summary as the JSON object of the API (new reference), NULL when out
 * of memory. */
json_t *report_summary_json(const struct report_summary *r);

/* The summary as an XLSX workbook (sheets 概况, 检查项, 专业领域, 重点领域,
 * 处理决定, 检查清单, 问题与整改) written to FP, rows streamed
 * (constant_memory). */
int report_summary_xlsx(store *db, const struct report_summary *r, FILE *fp, ms_err *err);

/* The summary as a PDF with charts: *OUT (ms_free) of *LEN bytes. */
int report_summary_pdf(const struct report_summary *r, char **out, size_t *len, ms_err *err);

enum report_format { REPORT_JSON, REPORT_CSV, REPORT_XLSX, REPORT_PDF, REPORT_ATOM };

/* "json" | "csv" | "xlsx" | "pdf" | "atom" -> *OUT; MS_EINVAL naming
 * "format" (key report_format) otherwise. */
int report_format_parse(const char *s, enum report_format *out, ms_err *err);

/* Every inspection of CAMPAIGN_ID by authorities of AUTHORITY_ID's subtree
 * (rules as for the summary) as CSV or XLSX (FORMAT) to FP. *ROWS (may be
 * NULL) gets the number of data rows. */
int report_inspections(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                       enum report_format format, FILE *fp, int64_t *rows, ms_err *err);

/* The filled checklist of inspection ID as a PDF: *OUT (ms_free), *LEN.
 * MS_ENOTFOUND (field id) for one the actor cannot read. */
int report_form_pdf(store *db, const ms_actor *who, int64_t id, char **out, size_t *len,
                    ms_err *err);

/* ---- published results (no login) */

/* A page of published results (CAMPAIGN_ID 0 = all; PER_PAGE <= 0 = all)
 * as {"items":[..],"total":N,"page":P,"per_page":S}. MS_ENOTFOUND (field
 * campaign_id) for an unknown campaign. */
int report_public_json(store *db, int64_t campaign_id, int page, int per_page, json_t **out,
                       ms_err *err);

/* Every published result as CSV (UTF-8 with BOM) or the newest 200 as an
 * Atom feed (FORMAT REPORT_CSV / REPORT_ATOM): *OUT (ms_free), *LEN. SELF
 * is the feed's own URL (may be NULL). */
int report_public_bytes(store *db, int64_t campaign_id, enum report_format format, const char *self,
                        char **out, size_t *len, ms_err *err);

/* zh-CN names used by the renderers (never NULL). */
const char *report_conclusion_zh(const char *c);
const char *report_disposition_zh(const char *action);

#endif
