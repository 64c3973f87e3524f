-- 012_summary_indexes: covering indexes for the campaign summary and the
-- risk ranking of a large subtree (docs/reports.md): the answers of an
-- inspection with their verdict, the active standards per certifying
-- authority with what the summary and the ranking read of them, and the
-- apparatus by due date with what the traceability rule reads, the
-- findings of a campaign by status with their authority, severity and
-- deadline. The summary reads these instead of the table rows.
CREATE INDEX inspection_results_verdict ON inspection_results(inspection_id, item_no, verdict);
CREATE INDEX standards_scope ON standards(status, cert_authority_id, unit_id, field, sectors, cert_expires_on);
CREATE INDEX apparatus_trace ON apparatus(due_on, calibrated_on, standard_id);
CREATE INDEX findings_summary ON findings(campaign_id, status, authority_id, severity, deadline);
