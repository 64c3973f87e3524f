/* h_report.h - handlers of reports and publication (API.md "Reports and
 * publication"), named by the route table (routes.c). */
#ifndef MS_HTTP_H_REPORT_H
#define MS_HTTP_H_REPORT_H

#include "http/req.h"

/* GET /campaigns/{id}/summary[.xlsx|.pdf][?authority_id=]: the summary of
 * the caller's authority (or one below it) as JSON, XLSX or PDF. */
int h_report_summary(struct req *r);
int h_report_summary_xlsx(struct req *r);
int h_report_summary_pdf(struct req *r);

/* GET /campaigns/{id}/inspections.csv|.xlsx[?authority_id=]: the
 * inspection list of the subtree. */
int h_report_inspections_csv(struct req *r);
int h_report_inspections_xlsx(struct req *r);

/* GET /inspections/{id}/form.pdf: the filled Attachment 1 / 2 form. */
int h_report_form_pdf(struct req *r);

/* GET /public/results[.csv|.atom][?campaign_id=&page=&per_page=]: the
 * published results (no login, no personal data). */
int h_public_results(struct req *r);
int h_public_results_csv(struct req *r);
int h_public_results_atom(struct req *r);

#endif
