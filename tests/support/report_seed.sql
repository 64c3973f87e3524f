-- report_seed.sql - deterministic results of the latest campaign's
-- inspections, for report tests and the benchmark, written straight into
-- the 005-007 tables (the result and rectification use cases are built in
-- parallel). Portable SQL: runs on SQLite and PostgreSQL. Decisions are a
-- function of row ids, so the figures are known without randomness:
--   inspection id % 10: 0 not performed (tracking: open, closed every 4th),
--                       1 in progress, 2 still planned, else completed;
--   verdict of item k:  (7 id + 3 k) % 23: 0 nonconform (ids divisible by 3),
--                       1-2 defect (even ids), 3 na, else conform;
--   finding id % 6:     open, submitted, accepted, rejected, failed, accepted.

UPDATE inspections SET status = 'not_performed', not_performed_reason = '被检查单位停产整顿',
  follow_up_on = CASE WHEN id % 20 = 0 THEN '2021-07-20' ELSE '2021-12-31' END,
  tracking = CASE WHEN id % 40 = 0 THEN 'closed' ELSE 'open' END
  WHERE status = 'planned' AND id % 10 = 0
    AND campaign_id = (SELECT max(id) FROM campaigns);
UPDATE inspections SET status = 'in_progress', started_at = '2021-06-20T01:00:00Z'
  WHERE status = 'planned' AND id % 10 = 1 AND campaign_id = (SELECT max(id) FROM campaigns);
UPDATE inspections SET status = 'completed', started_at = '2021-06-21T01:00:00Z',
  completed_at = CASE WHEN id % 2 = 0 THEN '2021-06-28T08:00:00Z' ELSE '2021-07-05T08:00:00Z' END,
  completed_by = 'seed'
  WHERE status = 'planned' AND id % 10 >= 3 AND campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO inspection_results (inspection_id, item_no, verdict, note, updated_by, updated_at)
  WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 14)
  SELECT i.id, n.k,
    CASE WHEN (7 * i.id + 3 * n.k) % 23 = 0 AND i.id % 3 = 0 THEN 'nonconform'
      WHEN (7 * i.id + 3 * n.k) % 23 IN (1, 2) AND i.id % 2 = 0 THEN 'defect'
      WHEN (7 * i.id + 3 * n.k) % 23 = 3 THEN 'na' ELSE 'conform' END,
    CASE WHEN (7 * i.id + 3 * n.k) % 23 < 3 AND i.id % 6 IN (0, 2, 3, 4)
      THEN '现场发现：溯源证书已过期，原始记录不完整' END,
    'seed', '2021-06-21T02:00:00Z'
  FROM inspections i CROSS JOIN n
  WHERE i.status IN ('completed', 'in_progress') AND i.campaign_id = (SELECT max(id) FROM campaigns)
    AND n.k <= CASE WHEN i.checklist_code = 'A1' THEN 14 ELSE 8 END;

UPDATE inspections SET conclusion = CASE
    WHEN EXISTS (SELECT 1 FROM inspection_results r WHERE r.inspection_id = inspections.id
                 AND r.verdict = 'nonconform' AND inspections.checklist_code = 'A1'
                 AND r.item_no IN (1, 4, 8, 12)) THEN 'fail'
    WHEN EXISTS (SELECT 1 FROM inspection_results r WHERE r.inspection_id = inspections.id
                 AND r.verdict IN ('nonconform', 'defect')) THEN 'rectify'
    ELSE 'pass' END
  WHERE status = 'completed' AND campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO findings (source, inspection_id, campaign_id, authority_id, unit_id,
    target_authority_id, standard_id, item_no, severity, description, deadline, status, failed_at,
    closed_at, created_at, updated_at)
  SELECT 'inspection', i.id, i.campaign_id, i.authority_id, i.unit_id, i.target_authority_id,
    (SELECT min(x.standard_id) FROM inspection_standards x WHERE x.inspection_id = i.id),
    r.item_no,
    CASE WHEN r.verdict = 'defect' THEN 'defect'
         WHEN i.checklist_code = 'A1' AND r.item_no IN (1, 4, 8, 12) THEN 'key'
         ELSE 'nonconform' END,
    '第' || r.item_no || '项：' || coalesce(r.note, ''), '2021-08-31', 'open', NULL, NULL,
    i.completed_at, i.completed_at
  FROM inspections i JOIN inspection_results r ON r.inspection_id = i.id
  WHERE i.status = 'completed' AND r.verdict IN ('nonconform', 'defect')
    AND i.campaign_id = (SELECT max(id) FROM campaigns);
UPDATE findings SET status = CASE id % 6 WHEN 0 THEN 'open' WHEN 1 THEN 'submitted'
    WHEN 2 THEN 'accepted' WHEN 3 THEN 'rejected' WHEN 4 THEN 'failed' ELSE 'accepted' END,
  failed_at = CASE WHEN id % 6 = 4 THEN '2021-09-01T00:00:00Z' END,
  closed_at = CASE WHEN id % 6 IN (2, 5) THEN '2021-08-20T00:00:00Z' END
  WHERE campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO rectifications (finding_id, text, submitted_by, submitted_at, late, decision, comment,
    decided_by, decided_at)
  SELECT f.id, '已重新溯源并补全原始记录', 'seed-unit',
    CASE WHEN f.id % 12 = 4 THEN '2021-09-05T00:00:00Z' ELSE '2021-08-15T00:00:00Z' END,
    CASE WHEN f.id % 12 = 4 THEN 1 ELSE 0 END,
    CASE WHEN f.status = 'accepted' THEN 'accept' WHEN f.status IN ('rejected', 'failed')
      THEN 'reject' END,
    CASE WHEN f.status IN ('rejected', 'failed') THEN '整改材料不充分' END,
    CASE WHEN f.status <> 'submitted' THEN 'seed-authority' END,
    CASE WHEN f.status <> 'submitted' THEN '2021-08-20T00:00:00Z' END
  FROM findings f WHERE f.status <> 'open' AND f.campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO dispositions (authority_id, unit_id, standard_id, finding_id, inspection_id, action,
    catalog_version, basis, amount_yuan, decided_on, note, created_by, created_at)
  SELECT i.authority_id, i.unit_id,
    (SELECT min(x.standard_id) FROM inspection_standards x WHERE x.inspection_id = i.id), NULL,
    i.id, CASE WHEN i.conclusion = 'fail' THEN 'stop_transfer' ELSE 'order_rectify' END, 1,
    '《计量标准考核办法》第二十二条', NULL, '2021-09-10', NULL, 'seed-authority',
    '2021-09-10T00:00:00Z'
  FROM inspections i
  WHERE i.status = 'completed' AND i.unit_id IS NOT NULL
    AND (i.conclusion = 'fail' OR (i.conclusion = 'rectify' AND i.id % 5 = 0))
    AND i.campaign_id = (SELECT max(id) FROM campaigns);
INSERT INTO dispositions (authority_id, unit_id, standard_id, finding_id, inspection_id, action,
    catalog_version, basis, amount_yuan, decided_on, note, created_by, created_at)
  SELECT f.authority_id, f.unit_id, f.standard_id, f.id, NULL, 'fine', 1,
    '《中华人民共和国计量法实施细则》第四十五条', 1000 * (f.id % 7 + 1), '2021-09-15', NULL,
    'seed-authority', '2021-09-15T00:00:00Z'
  FROM findings f
  WHERE f.status = 'failed' AND f.unit_id IS NOT NULL
    AND f.campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO evidence (inspection_id, item_no, finding_id, sm3, size, media_type, filename,
    captured_at, received_at, uploaded_by, unit_id, authority_id)
  SELECT i.id, 4, NULL,
    '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0', 3,
    'image/jpeg', '溯源证书照片.jpg', '2021-06-21T02:10:00Z', '2021-06-21T02:11:00Z', 'seed',
    i.unit_id, i.authority_id
  FROM inspections i WHERE i.status = 'completed' AND i.id % 3 = 0
    AND i.campaign_id = (SELECT max(id) FROM campaigns);

INSERT INTO self_checks (campaign_id, unit_id, status, answers, problems, measures, submitted_at,
    late, submitted_by, created_at, updated_at)
  SELECT (SELECT max(id) FROM campaigns), u.id,
    CASE WHEN u.id % 3 = 0 THEN 'submitted' ELSE 'draft' END, '[]', NULL, NULL,
    CASE WHEN u.id % 3 = 0 THEN '2021-05-20T00:00:00Z' END,
    CASE WHEN u.id % 9 = 0 THEN 1 ELSE 0 END,
    CASE WHEN u.id % 3 = 0 THEN 'seed-unit' END, '2021-05-01T00:00:00Z', '2021-05-01T00:00:00Z'
  FROM units u
  WHERE u.id % 3 <> 2 AND u.status = 'active'
    AND EXISTS (SELECT 1 FROM standards s WHERE s.unit_id = u.id AND s.status = 'active');
