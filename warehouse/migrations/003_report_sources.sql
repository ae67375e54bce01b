-- A report is often published as an article page that links the report file (PDF/DOCX) as an
-- attachment, sometimes with the tables in both. Each source document is its own report row; page_url
-- ties the attachment to the publication (the article page) it came through.

ALTER TABLE reports ADD COLUMN page_url VARCHAR;
UPDATE reports SET page_url = source_url WHERE page_url IS NULL;
COMMENT ON COLUMN reports.page_url IS 'The article page the report was published on; equals source_url for the page itself, differs for its attachments';

CREATE OR REPLACE VIEW parsed_reports AS
SELECT r.*, a.name AS agency_name, a.region, a.kind
FROM reports r JOIN agencies a USING (agency_id)
WHERE r.parse_status IN ('ok', 'partial') AND r.year >= 2019;
COMMENT ON VIEW parsed_reports IS 'Reports whose tables were read (parse_status ok or partial), in scope (2019 onwards), with agency name, region and kind';

CREATE OR REPLACE VIEW primary_reports AS
SELECT * FROM parsed_reports
QUALIFY row_number() OVER (PARTITION BY agency_id, year
                           ORDER BY published_on DESC NULLS LAST,
                                    parse_status = 'ok' DESC,
                                    source_url = page_url DESC,
                                    report_id) = 1;
COMMENT ON VIEW primary_reports IS 'The source that stands for each agency-year: the latest publication; within it a fully parsed source, the article page before its attachment';
