-- 006_draw: double-random draws (双随机) over the registry, their seed
-- commitments, inspector assignments, and the inspections they create.
-- Rosters and results are stored as the exact JSON that is published, so a
-- draw can be verified from its row alone. Nothing is deleted: a mistaken
-- draw is voided (its inspections cancelled) and a new one is run.

CREATE TABLE draw_commitments (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
  authority_id INTEGER NOT NULL REFERENCES authorities(id),
  kind         TEXT NOT NULL CHECK (kind IN ('units','authorities')),
  seed_sm3     TEXT NOT NULL,
  draw_id      INTEGER,                          -- the draw that used it; NULL while open
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX draw_commitments_open ON draw_commitments(campaign_id, authority_id, kind)
  WHERE draw_id IS NULL;

CREATE TABLE draws (
  id            INTEGER PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES campaigns(id),
  authority_id  INTEGER NOT NULL REFERENCES authorities(id),
  kind          TEXT NOT NULL CHECK (kind IN ('units','authorities')),
  seed          TEXT NOT NULL,
  seed_sm3      TEXT,                            -- the commitment checked, if any
  algorithm     TEXT NOT NULL DEFAULT 'msup-draw-1',
  as_of         TEXT NOT NULL,
  rate          REAL NOT NULL,
  roster        TEXT NOT NULL,                   -- canonical roster JSON
  roster_digest TEXT NOT NULL,
  result        TEXT NOT NULL,                   -- draw_result_json
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','void')),
  void_reason   TEXT,
  voided_at     TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX draws_active ON draws(campaign_id, authority_id, kind) WHERE status = 'active';
CREATE INDEX draws_campaign ON draws(campaign_id, authority_id);

-- Every assignment state of a draw: the first, then one row per recusal.
CREATE TABLE draw_assignments (
  id         INTEGER PRIMARY KEY,
  draw_id    INTEGER NOT NULL REFERENCES draws(id),
  seed       TEXT NOT NULL,
  team_size  INTEGER NOT NULL CHECK (team_size >= 2),
  input      TEXT NOT NULL,                      -- inspections and pool as drawn from
  result     TEXT NOT NULL,                      -- draw_assignment_json
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX draw_assignments_draw ON draw_assignments(draw_id, id);

CREATE TABLE inspections (
  id                  INTEGER PRIMARY KEY,
  campaign_id         INTEGER NOT NULL REFERENCES campaigns(id),
  draw_id             INTEGER NOT NULL REFERENCES draws(id),
  authority_id        INTEGER NOT NULL REFERENCES authorities(id),  -- the inspecting authority
  kind                TEXT NOT NULL CHECK (kind IN ('standard','assessment')),
  unit_id             INTEGER REFERENCES units(id),
  target_authority_id INTEGER REFERENCES authorities(id),
  checklist_code      TEXT NOT NULL,
  checklist_version   INTEGER NOT NULL,
  status              TEXT NOT NULL DEFAULT 'planned'
                        CHECK (status IN ('planned','in_progress','completed','not_performed','cancelled')),
  visit_group         INTEGER NOT NULL,          -- the draw rank of the unit: one visit per unit
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX inspections_draw ON inspections(draw_id);
CREATE INDEX inspections_campaign ON inspections(campaign_id, authority_id);
CREATE INDEX inspections_unit ON inspections(unit_id);

CREATE TABLE inspection_standards (
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  standard_id   INTEGER NOT NULL REFERENCES standards(id),
  PRIMARY KEY (inspection_id, standard_id)
);

CREATE TABLE inspection_team (
  id             INTEGER PRIMARY KEY,
  inspection_id  INTEGER NOT NULL REFERENCES inspections(id),
  inspector_id   INTEGER NOT NULL REFERENCES inspectors(id),
  role           TEXT NOT NULL CHECK (role IN ('leader','member')),
  assigned_at    TEXT NOT NULL,
  recused_at     TEXT,
  recusal_reason TEXT
);
CREATE INDEX inspection_team_inspection ON inspection_team(inspection_id);
CREATE INDEX inspection_team_inspector ON inspection_team(inspector_id);
