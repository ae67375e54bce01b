CREATE OR REPLACE VIEW publication_sections AS
SELECT r.agency_id, r.year, r.page_url,
       list_sort(list_distinct(list(s.section) FILTER (s.section IS NOT NULL))) AS sections
FROM reports r
LEFT JOIN report_format_sections s USING (report_id)
GROUP BY ALL;
COMMENT ON VIEW publication_sections IS 'The format sections (1…6) a publication prints across its sources (the article page and its attachments share page_url)';
