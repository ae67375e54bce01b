-- A fault of nianbao itself while reading a document is recorded on the report, not shown as a bad
-- document: parse_status parser_error, with the traceback for the developer.

ALTER TABLE reports ADD COLUMN parse_traceback VARCHAR;
COMMENT ON COLUMN reports.parse_traceback IS 'The Python traceback when nianbao itself failed on the document (parse_status parser_error); NULL otherwise';
