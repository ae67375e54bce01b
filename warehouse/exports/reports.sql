-- Every report found, with its parse outcome.
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.title, r.published_on, r.source_url,
       r.media_type, r.parse_status, r.parse_message, r.template, r.sha256
FROM reports r JOIN agencies a USING (agency_id)
ORDER BY r.agency_id, r.year, r.source_url
