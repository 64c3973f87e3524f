-- 005_campaign: campaigns (专项监督检查) with their stage windows, and the
-- self-inspection reports (自查) of units. Dates 'YYYY-MM-DD' text, times
-- RFC 3339 UTC text, booleans 0/1. Answers are JSON text: one set per
-- standard, each with the checklist code AND version it was given against.

CREATE TABLE campaigns (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL,
  year                INTEGER NOT NULL,
  unit_rate           REAL NOT NULL DEFAULT 0.2 CHECK (unit_rate > 0 AND unit_rate <= 1),
  authority_rate      REAL NOT NULL DEFAULT 0.2 CHECK (authority_rate > 0 AND authority_rate <= 1),
  self_check_due      TEXT NOT NULL,
  onsite_from         TEXT NOT NULL,
  onsite_to           TEXT NOT NULL,
  rectify_from        TEXT NOT NULL,
  rectify_to          TEXT NOT NULL,
  summary_from        TEXT NOT NULL,
  summary_to          TEXT NOT NULL,
  template_standard   TEXT NOT NULL DEFAULT 'A1',
  template_assessment TEXT NOT NULL DEFAULT 'A2',
  authority_id        INTEGER NOT NULL REFERENCES authorities(id),  -- the organising authority
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  UNIQUE (authority_id, year, name)
);
CREATE INDEX campaigns_year ON campaigns(year);

CREATE TABLE self_checks (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
  answers      TEXT NOT NULL DEFAULT '[]',
  problems     TEXT,
  measures     TEXT,
  submitted_at TEXT,
  late         INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0,1)),
  submitted_by TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (campaign_id, unit_id)
);
CREATE INDEX self_checks_unit ON self_checks(unit_id);
CREATE INDEX self_checks_status ON self_checks(campaign_id, status);
