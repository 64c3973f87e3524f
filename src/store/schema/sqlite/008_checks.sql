-- 008_checks: technical checks of a standard (计量比对, 盲样检测, 测量过程控制,
-- stability, repeatability, verification of results; DOMAIN.md "Technical
-- checks"). data is the input as submitted, result the computed output
-- (both JSON text); method, rule_set and rule_version record how the
-- verdict was reached, so that a later rule change never rewrites an old
-- result. A failing check creates one finding (findings.source = 'check',
-- findings_check unique index of 007) in the same transaction.
-- Checks are never edited or deleted.
CREATE TABLE checks (
  id            INTEGER PRIMARY KEY,
  standard_id   INTEGER NOT NULL REFERENCES standards(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  authority_id  INTEGER NOT NULL REFERENCES authorities(id),  -- the certificate authority
  kind          TEXT NOT NULL CHECK (kind IN ('comparison','blind_sample','process_control',
                                               'stability','repeatability','verification')),
  method        TEXT NOT NULL,
  rule_set      TEXT,
  rule_version  TEXT NOT NULL,
  data          TEXT NOT NULL,
  result        TEXT NOT NULL,
  verdict       TEXT NOT NULL CHECK (verdict IN ('pass','fail','questionable')),
  inspection_id INTEGER REFERENCES inspections(id),
  campaign_id   INTEGER REFERENCES campaigns(id),
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX checks_standard ON checks(standard_id, id);
CREATE INDEX checks_unit ON checks(unit_id, id);
CREATE INDEX checks_authority ON checks(authority_id, verdict);
