-- description: The reports one finding is about and rests on (its own, and last year's for a cross-year rule), with format, title, source URL and archived file
-- params: finding_id
WITH ids AS (
    SELECT report_id FROM findings WHERE finding_id = $finding_id AND report_id IS NOT NULL
    UNION
    SELECT u.cell.report_id FROM (SELECT unnest(cells) AS cell FROM findings WHERE finding_id = $finding_id) u
)
SELECT r.report_id, r.agency_id, r.year, r.title, r.source_url, r.page_url, r.published_on,
       coalesce(d.media_type, r.media_type) AS media_type, d.archive_path
FROM ids
JOIN reports r USING (report_id)
LEFT JOIN documents d ON d.sha256 = r.sha256
ORDER BY r.year, r.report_id
