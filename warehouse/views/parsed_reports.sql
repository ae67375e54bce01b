CREATE OR REPLACE VIEW parsed_reports AS
SELECT * FROM parsed_sources
QUALIFY row_number() OVER (PARTITION BY page_url
                           ORDER BY parse_status = 'ok' DESC, source_url = page_url DESC, report_id) = 1;
COMMENT ON VIEW parsed_reports IS 'One standing source per publication (fully parsed first, then the article page before its attachments): what the within-report rules judge';
