-- 001_registry: authorities, units, standards and what hangs off them.
-- Dates are 'YYYY-MM-DD' text, times RFC 3339 UTC text, booleans 0/1,
-- sector lists comma-separated in a fixed order. Rows are never deleted:
-- they change status.

CREATE TABLE authorities (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,            -- GB/T 2260 based; national = '000000'
  name          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('national','provincial','municipal','county')),
  parent_id     INTEGER REFERENCES authorities(id),
  path          TEXT NOT NULL,                   -- materialised path '/1/5/23/'
  division_code TEXT,
  short_name    TEXT,                            -- for certificate numbers: 苏, 宁, ...
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX authorities_parent ON authorities(parent_id);
CREATE INDEX authorities_path ON authorities(path);

CREATE TABLE units (
  id            INTEGER PRIMARY KEY,
  uscc          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  division_code TEXT NOT NULL,
  address       TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('legal_institute','department','enterprise','institution')),
  sectors       TEXT NOT NULL DEFAULT '',
  authority_id  INTEGER NOT NULL REFERENCES authorities(id),
  contact_name  TEXT,
  contact_phone TEXT,
  credit_class  TEXT CHECK (credit_class IS NULL OR credit_class IN ('A','B','C','D')),
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX units_authority ON units(authority_id);
CREATE INDEX units_division ON units(division_code);

CREATE TABLE standards (
  id                INTEGER PRIMARY KEY,
  unit_id           INTEGER NOT NULL REFERENCES units(id),
  name              TEXT NOT NULL,
  code              TEXT NOT NULL,               -- JJF 1022, 8 digits
  field             TEXT NOT NULL,               -- level-1 code, 2 digits
  category          TEXT NOT NULL CHECK (category IN ('social_public','department_highest','enterprise_highest')),
  measurement_range TEXT,
  uncertainty       TEXT,
  cert_no           TEXT NOT NULL UNIQUE,
  cert_authority_id INTEGER NOT NULL REFERENCES authorities(id),
  cert_issued_on    TEXT NOT NULL,
  cert_expires_on   TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','sealed','revoked','replaced','expired')),
  status_on         TEXT,
  status_reason     TEXT,
  replaced_by_id    INTEGER REFERENCES standards(id),
  sectors           TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX standards_unit ON standards(unit_id);
CREATE INDEX standards_cert_authority ON standards(cert_authority_id, status);
CREATE INDEX standards_expires ON standards(cert_expires_on);
CREATE INDEX standards_field ON standards(field);

-- Status transitions of standards (seal, unseal, revoke, replace, expire).
CREATE TABLE standard_events (
  id          INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES standards(id),
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  happened_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor       TEXT NOT NULL
);
CREATE INDEX standard_events_standard ON standard_events(standard_id);

CREATE TABLE apparatus (
  id            INTEGER PRIMARY KEY,
  standard_id   INTEGER NOT NULL REFERENCES standards(id),
  name          TEXT NOT NULL,
  model         TEXT,
  serial        TEXT,
  role          TEXT NOT NULL DEFAULT 'standard' CHECK (role IN ('standard','auxiliary')),
  trace_cert_no TEXT,
  trace_org     TEXT,
  calibrated_on TEXT,
  due_on        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX apparatus_standard ON apparatus(standard_id);
CREATE INDEX apparatus_due ON apparatus(due_on);

CREATE TABLE personnel (
  id               INTEGER PRIMARY KEY,
  standard_id      INTEGER NOT NULL REFERENCES standards(id),
  name             TEXT NOT NULL,
  qualification_no TEXT,
  valid_until      TEXT,
  in_charge        INTEGER NOT NULL DEFAULT 0 CHECK (in_charge IN (0,1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX personnel_standard ON personnel(standard_id);

-- Inspectors of an authority's pool: enforcement officers and invited 考评员.
CREATE TABLE inspectors (
  id               INTEGER PRIMARY KEY,
  authority_id     INTEGER NOT NULL REFERENCES authorities(id),
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('enforcement','expert')),
  employer_unit_id INTEGER REFERENCES units(id),
  fields           TEXT NOT NULL DEFAULT '',
  certificate_no   TEXT,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX inspectors_authority ON inspectors(authority_id);

CREATE TABLE inspector_conflicts (
  id           INTEGER PRIMARY KEY,
  inspector_id INTEGER NOT NULL REFERENCES inspectors(id),
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  reason       TEXT NOT NULL,
  declared_on  TEXT NOT NULL,
  UNIQUE (inspector_id, unit_id)
);

CREATE TABLE complaints (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER REFERENCES units(id),
  authority_id INTEGER NOT NULL REFERENCES authorities(id),
  received_on  TEXT NOT NULL,
  channel      TEXT NOT NULL DEFAULT 'public',
  summary      TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','triaged','substantiated','unsubstantiated','closed')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX complaints_unit ON complaints(unit_id, received_on);

CREATE TABLE violations (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  authority_id INTEGER NOT NULL REFERENCES authorities(id),
  severity     TEXT NOT NULL CHECK (severity IN ('serious','general')),
  decided_on   TEXT NOT NULL,
  summary      TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX violations_unit ON violations(unit_id, decided_on);

-- Import batches: what was imported, by whom, with the outcome.
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  filename    TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  accepted    INTEGER NOT NULL,
  rejected    INTEGER NOT NULL,
  partial     INTEGER NOT NULL DEFAULT 0,
  actor       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
