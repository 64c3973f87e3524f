-- 014_standards_unit_status: the active standards of one unit by an index on
-- both columns. Without statistics SQLite preferred the covering index of
-- 012 (standards_scope, status first) for "s.unit_id = ? AND s.status =
-- 'active'" and walked every active standard for each unit: the self-check
-- overview of a national campaign (GET /campaigns/{id}/selfchecks, `msup
-- campaign show`) took minutes on 100,000 units, 0.3 s with this index. It
-- serves every lookup by unit_id alone as well, so it replaces that index.
CREATE INDEX standards_unit_status ON standards(unit_id, status);
DROP INDEX standards_unit;
