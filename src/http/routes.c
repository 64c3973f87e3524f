/* routes.c - every route of the API in one table: method, pattern, handler,
 * the roles allowed (0 = public), the audit action of a write, the body it
 * takes and its size limit. The permission matrix in docs/ and the access
 * tests are generated from this table (`msup routes`). */
#include "http/h.h"
#include "http/h_campaign.h"
#include "http/h_check.h"
#include "http/h_cases.h"
#include "http/h_draw.h"
#include "http/h_import.h"
#include "http/h_insp.h"
#include "http/h_inspector.h"
#include "http/h_report.h"

#define MiB             (1024 * 1024)
#define REG_READ        ROLES_BUSINESS
#define REG_WRITE       ROLE_AUTHORITY
#define REG_CHILD_WRITE (ROLE_AUTHORITY | ROLE_UNIT)
#define DRAW_READ       (ROLE_AUTHORITY | ROLE_INSPECTOR)
/* inspection work (issue 5, insp): the file limit plus room for the form */
#define INSP_WORK           (ROLE_AUTHORITY | ROLE_INSPECTOR)
#define RECT_SUBMIT         (ROLE_AUTHORITY | ROLE_UNIT)
#define EVIDENCE_BODY_LIMIT ROUTE_LIMIT_UPLOAD /* limits (issue 9): --upload-limit */

const struct route http_routes[] = {
    /* system */
    {"GET", "/healthz", h_healthz, 0, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/metrics", h_metrics, 0, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/openapi.yaml", h_openapi, 0, NULL, BODY_NONE, 0, 0, 0},

    /* session, users, tokens (API.md) */
    {"POST", "/api/v1/session", h_session_create, 0, "session.login", BODY_JSON, 4096, 1, 1},
    {"DELETE", "/api/v1/session", h_session_delete, ROLES_ANY_USER, "session.logout", BODY_NONE, 0,
     0, 1},
    {"GET", "/api/v1/me", h_me, ROLES_ANY_USER, NULL, BODY_NONE, 0, 0, 1},
    {"GET", "/api/v1/users", h_users_list, ROLE_SECADMIN, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/users", h_users_create, ROLE_SECADMIN, "user.create", BODY_JSON, 0, 0, 0},
    {"PATCH", "/api/v1/users/{id}", h_users_patch, ROLE_SECADMIN, "user.update", BODY_JSON, 0, 0,
     0},
    {"POST", "/api/v1/users/{id}/password", h_users_password, ROLES_ANY_USER,
     "user.password_change", BODY_JSON, 4096, 0, 1},
    {"GET", "/api/v1/tokens", h_tokens_list, ROLES_ANY_USER, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/tokens", h_tokens_create, ROLES_ANY_USER, "token.create", BODY_JSON, 4096, 0,
     0},
    {"DELETE", "/api/v1/tokens/{id}", h_tokens_delete, ROLES_ANY_USER, "token.revoke", BODY_NONE, 0,
     0, 0},

    /* audit trail (auditor only) */
    {"GET", "/api/v1/audit", h_audit_list, ROLE_AUDITOR, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/audit/verify", h_audit_verify, ROLE_AUDITOR, NULL, BODY_NONE, 0, 0, 0},

    /* registry */
    {"GET", "/api/v1/authorities", h_authorities_list, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/authorities", h_authorities_create, REG_WRITE, "authority.create", BODY_JSON,
     0, 0, 0},
    {"GET", "/api/v1/authorities/{id}", h_authorities_get, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/authorities/{id}", h_authorities_patch, REG_WRITE, "authority.update",
     BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/units", h_units_list, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/units", h_units_create, REG_WRITE, "unit.create", BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/units/{id}", h_units_get, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/units/{id}", h_units_patch, REG_WRITE, "unit.update", BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/standards", h_standards_list, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/standards", h_standards_create, REG_WRITE, "standard.create", BODY_JSON, 0, 0,
     0},
    {"GET", "/api/v1/standards/{id}", h_standards_get, REG_READ, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/standards/{id}", h_standards_patch, REG_WRITE, "standard.update", BODY_JSON,
     0, 0, 0},
    {"POST", "/api/v1/standards/{id}/seal", h_standards_seal, REG_WRITE, "standard.seal", BODY_JSON,
     0, 0, 0},
    {"POST", "/api/v1/standards/{id}/unseal", h_standards_unseal, REG_WRITE, "standard.unseal",
     BODY_JSON, 0, 0, 0},
    {"POST", "/api/v1/standards/{id}/revoke", h_standards_revoke, REG_WRITE, "standard.revoke",
     BODY_JSON, 0, 0, 0},
    {"POST", "/api/v1/standards/{id}/replace", h_standards_replace, REG_WRITE, "standard.replace",
     BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/standards/{id}/apparatus", h_apparatus_list, REG_READ, NULL, BODY_NONE, 0, 0,
     0},
    {"POST", "/api/v1/standards/{id}/apparatus", h_apparatus_create, REG_CHILD_WRITE,
     "apparatus.create", BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/standards/{id}/personnel", h_personnel_list, REG_READ, NULL, BODY_NONE, 0, 0,
     0},
    {"POST", "/api/v1/standards/{id}/personnel", h_personnel_create, REG_CHILD_WRITE,
     "personnel.create", BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/registry/alerts", h_registry_alerts, REG_READ, NULL, BODY_NONE, 0, 0, 0},

    /* campaigns, checklists, self-inspection */
    {"GET", "/api/v1/checklists/{code}", h_checklists_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0,
     0},
    {"GET", "/api/v1/campaigns", h_campaigns_list, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/campaigns", h_campaigns_create, ROLE_AUTHORITY, "campaign.create", BODY_JSON,
     0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}", h_campaigns_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/campaigns/{id}", h_campaigns_patch, ROLE_AUTHORITY, "campaign.update",
     BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}/self-checks", h_selfchecks_list, ROLES_BUSINESS, NULL,
     BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}/self-checks/{unit_id}", h_selfcheck_get, ROLES_BUSINESS, NULL,
     BODY_NONE, 0, 0, 0},
    {"PUT", "/api/v1/campaigns/{id}/self-checks/{unit_id}", h_selfcheck_put, ROLE_UNIT,
     "selfcheck.save", BODY_JSON, 4 * MiB, 0, 0},
    {"POST", "/api/v1/campaigns/{id}/self-checks/{unit_id}/submit", h_selfcheck_submit, ROLE_UNIT,
     "selfcheck.submit", BODY_NONE, 0, 0, 0},

    /* draws (双随机) and the inspections they create */
    {"POST", "/api/v1/campaigns/{id}/draws/commit", h_draws_commit, ROLE_AUTHORITY, "draw.commit",
     BODY_JSON, 4096, 0, 0},
    {"POST", "/api/v1/campaigns/{id}/draws", h_draws_run, ROLE_AUTHORITY, "draw.run", BODY_JSON,
     4096, 0, 0},
    {"GET", "/api/v1/draws/{id}", h_draws_get, DRAW_READ, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/draws/{id}/verify", h_draws_verify, DRAW_READ, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/draws/{id}/void", h_draws_void, ROLE_AUTHORITY, "draw.void", BODY_JSON, 4096,
     0, 0},
    {"GET", "/api/v1/draws/{id}/roster", h_draws_roster, DRAW_READ, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/draws/{id}/assign", h_draws_assign, ROLE_AUTHORITY, "draw.assign", BODY_JSON,
     4096, 0, 0},
    {"POST", "/api/v1/draws/{id}/recuse", h_draws_recuse, ROLE_AUTHORITY, "draw.recuse", BODY_JSON,
     4096, 0, 0},
    {"GET", "/api/v1/inspections", h_inspections_list, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/inspections/{id}", h_inspections_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0,
     0},

    /* the inspector pool (authority staff only: it holds people's names) */
    {"GET", "/api/v1/inspectors", h_inspectors_list, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/inspectors", h_inspectors_create, ROLE_AUTHORITY, "inspector.create",
     BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/inspectors/{id}", h_inspectors_get, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/inspectors/{id}", h_inspectors_patch, ROLE_AUTHORITY, "inspector.update",
     BODY_JSON, 0, 0, 0},
    {"GET", "/api/v1/inspectors/{id}/conflicts", h_inspector_conflicts_list, ROLE_AUTHORITY, NULL,
     BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/inspectors/{id}/conflicts", h_inspector_conflicts_create, ROLE_AUTHORITY,
     "inspector.conflict", BODY_JSON, 4096, 0, 0},

    /* technical checks and calculators (issue 6) */
    {"GET", "/api/v1/standards/{id}/checks", h_checks_list, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0,
     0},
    {"POST", "/api/v1/standards/{id}/checks", h_checks_create, ROLE_AUTHORITY | ROLE_UNIT,
     "check.create", BODY_JSON, 4 * MiB, 0, 0},
    {"GET", "/api/v1/checks/{id}", h_checks_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/calc/{kind}", h_calc, ROLES_BUSINESS, NULL, BODY_JSON, 4 * MiB, 0, 0},
    /* inspection work, evidence, findings and rectification (issue 5, insp) */
    {"PUT", "/api/v1/inspections/{id}/results", h_insp_results, INSP_WORK, "inspection.results",
     BODY_JSON_ARRAY, 1 * MiB, 0, 0},
    {"POST", "/api/v1/inspections/{id}/evidence", h_insp_evidence, INSP_WORK, "evidence.upload",
     BODY_MULTIPART, EVIDENCE_BODY_LIMIT, 0, 0},
    {"POST", "/api/v1/inspections/{id}/complete", h_insp_complete, INSP_WORK, "inspection.complete",
     BODY_JSON, 4096, 0, 0},
    {"POST", "/api/v1/inspections/{id}/not-performed", h_insp_not_performed, INSP_WORK,
     "inspection.not_performed", BODY_JSON, 4096, 0, 0},
    {"POST", "/api/v1/inspections/{id}/close-tracking", h_insp_close_tracking, INSP_WORK,
     "inspection.close_tracking", BODY_JSON, 4096, 0, 0},
    {"GET", "/api/v1/evidence/{id}", h_evidence_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/findings", h_findings_list, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/findings/{id}", h_findings_get, ROLES_BUSINESS, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/findings/{id}/evidence", h_findings_evidence, RECT_SUBMIT, "evidence.upload",
     BODY_MULTIPART, EVIDENCE_BODY_LIMIT, 0, 0},
    {"POST", "/api/v1/findings/{id}/rectifications", h_findings_rectify, RECT_SUBMIT,
     "rectification.submit", BODY_JSON, 64 * 1024, 0, 0},
    {"POST", "/api/v1/rectifications/{id}/decision", h_rectifications_decide, ROLE_AUTHORITY,
     "rectification.decide", BODY_JSON, 16 * 1024, 0, 0},

    /* dispositions, violations, complaints, risk (issue 5, part 2) */
    {"GET", "/api/v1/disposition-actions", h_disposition_actions, ROLES_BUSINESS, NULL, BODY_NONE,
     0, 0, 0},
    {"GET", "/api/v1/dispositions", h_dispositions_list, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/dispositions", h_dispositions_create, ROLE_AUTHORITY, "disposition.create",
     BODY_JSON, 16384, 0, 0},
    {"GET", "/api/v1/dispositions/{id}", h_dispositions_get, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0,
     0},
    {"GET", "/api/v1/violations", h_violations_list, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/violations", h_violations_create, ROLE_AUTHORITY, "violation.create",
     BODY_JSON, 16384, 0, 0},
    {"GET", "/api/v1/violations/{id}", h_violations_get, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"POST", "/api/v1/public/complaints", h_public_complaint_create, 0, "complaint.submit",
     BODY_JSON, 16384, 0, 0},
    {"GET", "/api/v1/public/complaints/{receipt}", h_public_complaint_get, 0, NULL, BODY_NONE, 0, 0,
     0},
    {"GET", "/api/v1/complaints", h_complaints_list, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/complaints/{id}", h_complaints_get, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},
    {"PATCH", "/api/v1/complaints/{id}", h_complaints_patch, ROLE_AUTHORITY, "complaint.update",
     BODY_JSON, 16384, 0, 0},
    {"GET", "/api/v1/risk", h_risk, ROLE_AUTHORITY, NULL, BODY_NONE, 0, 0, 0},

    /* reports and publication (一公开): reads only; public results need no login */
    {"GET", "/api/v1/campaigns/{id}/summary", h_report_summary, ROLE_AUTHORITY, NULL, BODY_NONE, 0,
     0, 0},
    {"GET", "/api/v1/campaigns/{id}/summary.xlsx", h_report_summary_xlsx, ROLE_AUTHORITY, NULL,
     BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}/summary.pdf", h_report_summary_pdf, ROLE_AUTHORITY, NULL,
     BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}/inspections.csv", h_report_inspections_csv, ROLE_AUTHORITY,
     NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/campaigns/{id}/inspections.xlsx", h_report_inspections_xlsx, ROLE_AUTHORITY,
     NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/inspections/{id}/form.pdf", h_report_form_pdf, ROLES_BUSINESS, NULL, BODY_NONE,
     0, 0, 0},
    {"GET", "/api/v1/public/results", h_public_results, 0, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/public/results.csv", h_public_results_csv, 0, NULL, BODY_NONE, 0, 0, 0},
    {"GET", "/api/v1/public/results.atom", h_public_results_atom, 0, NULL, BODY_NONE, 0, 0, 0},
    /* registry import over HTTP: the service checks kind per role and the rows' jurisdiction */
    {"POST", "/api/v1/imports", h_imports_create, REG_CHILD_WRITE, "import.{kind}", BODY_MULTIPART,
     IMPORT_BODY_LIMIT, 0, 0},
};

const size_t http_route_count = sizeof http_routes / sizeof http_routes[0];
