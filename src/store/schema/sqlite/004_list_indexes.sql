-- 004_list_indexes: the filtered standards list counts from the index alone
-- (field and status are the common filters; the certificate authority joins
-- the jurisdiction predicate).
CREATE INDEX standards_field_status ON standards(field, status, cert_authority_id);
CREATE INDEX standards_status ON standards(status, cert_authority_id);
