-- 007_results: the second half of the plan over the inspections of 006 —
-- answers per checklist item, evidence (content-addressed by SM3), findings
-- with rectification deadlines, rectifications decided by someone other
-- than the submitter (四眼), dispositions with their legal basis, and the
-- public side of complaints. Dates 'YYYY-MM-DD', times RFC 3339 UTC text.
-- Nothing here is ever deleted; superseded rows keep their history.

-- Outcome and follow-up of an inspection. conclusion: pass = 合格,
-- rectify = 需整改, fail = 不合格. A not-performed inspection stays on the
-- tracking list (tracking = 'open') until inspected or closed with a reason.
ALTER TABLE inspections ADD COLUMN started_at TEXT;
ALTER TABLE inspections ADD COLUMN conclusion TEXT
  CHECK (conclusion IS NULL OR conclusion IN ('pass','rectify','fail'));
ALTER TABLE inspections ADD COLUMN completed_at TEXT;
ALTER TABLE inspections ADD COLUMN completed_by TEXT;
ALTER TABLE inspections ADD COLUMN not_performed_reason TEXT;
ALTER TABLE inspections ADD COLUMN follow_up_on TEXT;
ALTER TABLE inspections ADD COLUMN tracking TEXT
  CHECK (tracking IS NULL OR tracking IN ('open','closed'));
ALTER TABLE inspections ADD COLUMN tracking_note TEXT;
CREATE INDEX inspections_tracking ON inspections(tracking, follow_up_on);

-- One current answer per checklist item; saving the same answer again
-- changes nothing (updated_by/updated_at move only when the answer does).
CREATE TABLE inspection_results (
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  item_no       INTEGER NOT NULL CHECK (item_no > 0),
  verdict       TEXT NOT NULL CHECK (verdict IN ('conform','nonconform','defect','na')),
  note          TEXT,
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (inspection_id, item_no)
);

-- Files. The bytes live under var/evidence/<sm3[0:2]>/<sm3>; one row per
-- upload (the same bytes uploaded twice share the file, not the row).
-- Exactly one owner: an inspection (item_no optional) or a rectification
-- that has not been submitted yet (rectification_id set at submission).
CREATE TABLE evidence (
  id               INTEGER PRIMARY KEY,
  inspection_id    INTEGER REFERENCES inspections(id),
  item_no          INTEGER,
  finding_id       INTEGER,                      -- evidence uploaded for a rectification
  sm3              TEXT NOT NULL,
  size             INTEGER NOT NULL CHECK (size >= 0),
  media_type       TEXT NOT NULL,
  filename         TEXT NOT NULL,                -- sanitised display name, never a path
  captured_at      TEXT,                         -- from the device, as sent
  received_at      TEXT NOT NULL,
  uploaded_by      TEXT NOT NULL,
  unit_id          INTEGER REFERENCES units(id), -- whose object it concerns (jurisdiction)
  authority_id     INTEGER NOT NULL REFERENCES authorities(id)
);
CREATE INDEX evidence_inspection ON evidence(inspection_id, item_no);
CREATE INDEX evidence_finding ON evidence(finding_id);
CREATE INDEX evidence_sm3 ON evidence(sm3);

-- A nonconformity to rectify. source: inspection (a nonconform/defect item)
-- or check (a failing technical check, 008). status: open -> submitted ->
-- accepted | rejected (-> submitted again before the deadline) ; failed =
-- 整改不合格 (nothing accepted by the deadline), with the time it became so.
CREATE TABLE findings (
  id             INTEGER PRIMARY KEY,
  source         TEXT NOT NULL DEFAULT 'inspection' CHECK (source IN ('inspection','check')),
  inspection_id  INTEGER REFERENCES inspections(id),
  check_id       INTEGER,
  campaign_id    INTEGER REFERENCES campaigns(id),
  authority_id   INTEGER NOT NULL REFERENCES authorities(id),  -- who decides the rectification
  unit_id        INTEGER REFERENCES units(id),
  target_authority_id INTEGER REFERENCES authorities(id),       -- A2 findings
  standard_id    INTEGER REFERENCES standards(id),
  item_no        INTEGER,
  severity       TEXT NOT NULL CHECK (severity IN ('nonconform','defect','key')),
  description    TEXT NOT NULL,
  deadline       TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open','submitted','accepted','rejected','failed')),
  failed_at      TEXT,
  closed_at      TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX findings_item ON findings(inspection_id, item_no) WHERE source = 'inspection';
CREATE UNIQUE INDEX findings_check ON findings(check_id) WHERE source = 'check';
CREATE INDEX findings_unit ON findings(unit_id, status);
CREATE INDEX findings_authority ON findings(authority_id, status, deadline);
CREATE INDEX findings_campaign ON findings(campaign_id, status);

-- Every submission is kept; the decision is on the submission.
CREATE TABLE rectifications (
  id           INTEGER PRIMARY KEY,
  finding_id   INTEGER NOT NULL REFERENCES findings(id),
  text         TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  late         INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0,1)),
  decision     TEXT CHECK (decision IS NULL OR decision IN ('accept','reject')),
  comment      TEXT,
  decided_by   TEXT,
  decided_at   TEXT
);
CREATE INDEX rectifications_finding ON rectifications(finding_id, id);
CREATE INDEX rectifications_pending ON rectifications(decision, submitted_at);

-- Administrative decisions (行政处理/处罚) with the legal basis as it stood:
-- action and basis are copied from data/dispositions.json (code + version).
CREATE TABLE dispositions (
  id            INTEGER PRIMARY KEY,
  authority_id  INTEGER NOT NULL REFERENCES authorities(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  standard_id   INTEGER REFERENCES standards(id),
  finding_id    INTEGER REFERENCES findings(id),
  inspection_id INTEGER REFERENCES inspections(id),
  action        TEXT NOT NULL,                  -- code from data/dispositions.json
  catalog_version INTEGER NOT NULL,
  basis         TEXT NOT NULL,
  amount_yuan   INTEGER CHECK (amount_yuan IS NULL OR amount_yuan >= 0),
  decided_on    TEXT NOT NULL,
  note          TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX dispositions_unit ON dispositions(unit_id, decided_on);
CREATE INDEX dispositions_authority ON dispositions(authority_id, decided_on);
CREATE INDEX dispositions_finding ON dispositions(finding_id);

-- Complaints: the public side (receipt number to follow one, contact kept
-- as personal data), triage and outcome by the authority.
ALTER TABLE complaints ADD COLUMN receipt TEXT;
ALTER TABLE complaints ADD COLUMN unit_name TEXT;     -- as the complainant wrote it
ALTER TABLE complaints ADD COLUMN contact TEXT;       -- personal data
ALTER TABLE complaints ADD COLUMN outcome TEXT;
ALTER TABLE complaints ADD COLUMN handled_by TEXT;
ALTER TABLE complaints ADD COLUMN closed_on TEXT;
CREATE UNIQUE INDEX complaints_receipt ON complaints(receipt);

ALTER TABLE violations ADD COLUMN disposition_id INTEGER REFERENCES dispositions(id);
ALTER TABLE violations ADD COLUMN created_by TEXT;
