-- A publication is an article page with its attachments (same page_url). When both the page and its
-- PDF print the tables, the within-report rules must judge the publication once, not once per copy:
-- parsed_reports keeps one standing source per publication; parsed_sources keeps them all (for the
-- rule that compares the copies).
CREATE OR REPLACE VIEW parsed_sources AS
SELECT r.*, a.name AS agency_name, a.region, a.kind
FROM reports r JOIN agencies a USING (agency_id)
WHERE r.parse_status IN ('ok', 'partial') AND r.year >= 2019;
COMMENT ON VIEW parsed_sources IS 'Every source document whose tables were read (parse_status ok or partial), in scope (2019 onwards): an article page and its attachments are separate rows';
