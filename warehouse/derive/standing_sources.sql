-- Each agency-year's standing report with all the sources of its publication (the article page and its
-- attachments share page_url): a publication's text is that of all of them.
SELECT p.agency_id, p.year, p.report_id, list(r.report_id ORDER BY r.report_id) AS sources
FROM primary_reports p
JOIN reports r ON r.agency_id = p.agency_id AND r.year = p.year AND r.page_url = p.page_url
GROUP BY ALL
