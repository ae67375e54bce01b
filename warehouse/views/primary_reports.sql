CREATE OR REPLACE VIEW primary_reports AS
SELECT * FROM parsed_reports
QUALIFY row_number() OVER (PARTITION BY agency_id, year
                           ORDER BY published_on DESC NULLS LAST,
                                    parse_status = 'ok' DESC,
                                    source_url = page_url DESC,
                                    report_id) = 1;
COMMENT ON VIEW primary_reports IS 'The source that stands for each agency-year: the latest publication; within it a fully parsed source, the article page before its attachment';
