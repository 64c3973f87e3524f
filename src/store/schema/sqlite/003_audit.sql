-- 003_audit: the tamper-evident audit trail (全程留痕), an SM3 hash chain.
-- Rows are appended by service/audit.c only, in the transaction of the change
-- they record; nothing updates or deletes them (the triggers refuse it).
-- hash = SM3(prev_hash || canonical row), see docs/audit.md. Times are
-- RFC 3339 UTC text.

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,             -- 1, 2, 3 ... without gaps
  time      TEXT NOT NULL,                   -- '2026-11-27T10:38:42Z'
  actor     TEXT NOT NULL,                   -- username, 'system' for the CLI
  role      TEXT NOT NULL,
  client    TEXT NOT NULL,                   -- client address, 'cli'
  action    TEXT NOT NULL,                   -- 'unit.create', 'standard.seal', 'read' ...
  entity    TEXT NOT NULL,                   -- 'unit', 'standard' ...
  entity_id INTEGER NOT NULL,                -- 0 when no single record
  change    TEXT NOT NULL,                   -- canonical JSON of the change ('null' if none)
  prev_hash TEXT NOT NULL,                   -- hash of seq - 1 (64 zeros for seq 1)
  hash      TEXT NOT NULL                    -- 64 lowercase hex digits
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_actor ON audit(actor);
CREATE INDEX audit_time ON audit(time);

-- The head of the chain, one row. Appends lock it (UPDATE ... RETURNING) to
-- take the next seq and the previous hash, so writers are serialised and the
-- chain cannot fork; verify compares the last row with it, so removing the
-- tail is seen too.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit head cannot be removed'); END;
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq < OLD.seq
BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
