-- 009_insp_evidence: the one link 007 left out. Evidence uploaded for a
-- finding (evidence.finding_id) becomes part of a rectification when the
-- unit submits it: rectification_id is set then, so that every submission
-- keeps exactly the files it was decided on.
ALTER TABLE evidence ADD COLUMN rectification_id INTEGER REFERENCES rectifications(id);
CREATE INDEX evidence_rectification ON evidence(rectification_id);
