-- 013_standard_rev: a version number per standard, one more on every update
-- of the row. The server keeps the rendered JSON of recently listed
-- standards by (id, rev) (src/http/rowcache.c), so a list page re-renders
-- only the rows that changed. msup's own UPDATE statements add 1 themselves;
-- the trigger adds it for any other writer (psql, a future statement), so a
-- changed row can never keep its number.
ALTER TABLE standards ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE FUNCTION standards_rev() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.rev = OLD.rev THEN
    NEW.rev := OLD.rev + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER standards_rev BEFORE UPDATE ON standards
  FOR EACH ROW EXECUTE FUNCTION standards_rev();
