-- A rerun that cannot fetch a document again (the portal is down, the file was taken away) must not
-- throw away what an earlier run read from it: the report row stays as last read, and the failure is
-- recorded beside it until a run fetches the document again.

ALTER TABLE reports ADD COLUMN refresh_error VARCHAR;
COMMENT ON COLUMN reports.refresh_error IS 'Why the latest run could not fetch this document again (the row, its sections and facts are the last good read); NULL when the latest run read it';
