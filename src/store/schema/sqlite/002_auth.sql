-- 002_auth: accounts, sessions, API tokens and rate-limit counters
-- (identification and authentication, 等保 2.0 level 3).
-- Times are RFC 3339 UTC text ('2026-11-27T10:38:42Z'), compared as text;
-- booleans 0/1. No secret is stored in clear: passwords as
-- 'pbkdf2-sm3$ITER$SALT$HASH', session, CSRF and API tokens as SM3 hex digests.

-- One role per account: the three administrator roles (三员) never share one.
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE,            -- lower-case ASCII
  display_name        TEXT,
  role                TEXT NOT NULL CHECK (role IN ('sysadmin','secadmin','auditor','authority','inspector','unit')),
  authority_id        INTEGER REFERENCES authorities(id), -- role authority / inspector
  unit_id             INTEGER REFERENCES units(id),       -- role unit
  inspector_id        INTEGER REFERENCES inspectors(id),  -- role inspector, optional
  password_hash       TEXT NOT NULL,
  must_change         INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0,1)),
  failed_count        INTEGER NOT NULL DEFAULT 0,      -- consecutive failed logins
  locked_until        TEXT,                            -- automatic lockout after failures
  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)), -- locked by an administrator
  password_changed_at TEXT NOT NULL,
  last_login_at       TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK ((role IN ('authority','inspector')) = (authority_id IS NOT NULL)),
  CHECK ((role = 'unit') = (unit_id IS NOT NULL)),
  CHECK (role = 'inspector' OR inspector_id IS NULL)
);
CREATE INDEX users_authority ON users(authority_id);
CREATE INDEX users_unit ON users(unit_id);

-- Browser sessions, shared by every server process through the database.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  token_hash   TEXT NOT NULL UNIQUE,                   -- SM3 of the cookie value
  csrf_hash    TEXT NOT NULL,                          -- SM3 of the CSRF token
  client_addr  TEXT,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,                          -- idle timeout counts from here
  expires_at   TEXT NOT NULL,                          -- absolute limit
  ended_at     TEXT,
  end_reason   TEXT CHECK (end_reason IS NULL OR end_reason IN ('logout','idle','expired','password_changed','locked'))
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Bearer tokens for scripts: shown once, stored as a digest.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,                          -- first characters, to recognise a token
  created_at   TEXT NOT NULL,
  expires_at   TEXT,                                   -- NULL: until revoked
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Request counters per bucket ('login', 'complaints', ...) and client
-- address: the current fixed window and the one before it, for a sliding
-- estimate. Rows past expires_at may be pruned.
CREATE TABLE rate_limits (
  bucket       TEXT NOT NULL,
  client       TEXT NOT NULL,
  window_start TEXT NOT NULL,
  hits         INTEGER NOT NULL,
  prev_hits    INTEGER NOT NULL DEFAULT 0,
  expires_at   TEXT NOT NULL,
  PRIMARY KEY (bucket, client)
);
CREATE INDEX rate_limits_expires ON rate_limits(expires_at);
