-- 011_report_indexes: what the reports (published results, the inspection
-- list) look up per inspection: the dispositions decided on it, and the
-- completed inspections newest first.
CREATE INDEX dispositions_inspection ON dispositions(inspection_id);
CREATE INDEX inspections_completed ON inspections(status, completed_at);
