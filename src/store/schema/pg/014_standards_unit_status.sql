-- 014_standards_unit_status: the active standards of one unit by an index on
-- both columns. Without statistics SQLite preferred the covering index of
-- 012 (standards_scope, status first) for "s.unit_id = ? AND s.status =
-- 'active'" inside the self-check overview and walked every active standard
-- for each unit: the overview of a national campaign (GET
-- /campaigns/{id}/selfchecks, `msup campaign show`) took minutes on 100,000
-- units, 0.3 s with this index. standards_unit stays: without it the
-- campaign summary chose slower plans (1.8 s instead of 1.5 s).
CREATE INDEX standards_unit_status ON standards(unit_id, status);
