-- 013_standard_rev: a version number per standard, one more on every update
-- of the row. The server keeps the rendered JSON of recently listed
-- standards by (id, rev) (src/http/rowcache.c), so a list page re-renders
-- only the rows that changed. msup's own UPDATE statements add 1 themselves;
-- the trigger adds it for any other writer (a shell, a future statement),
-- so a changed row can never keep its number.
ALTER TABLE standards ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER standards_rev AFTER UPDATE ON standards WHEN NEW.rev = OLD.rev
BEGIN
  UPDATE standards SET rev = OLD.rev + 1 WHERE id = NEW.id;
END;
