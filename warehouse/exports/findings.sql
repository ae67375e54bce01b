-- The stable findings.csv interface (DESIGN.md): the first nine columns are the contract; more may follow.
SELECT f.finding_id, f.rule_id, f.severity, f.agency_id, f.year, f.metric, f.expected, f.actual, f.message,
       a.name AS agency_name, f.report_id, f.source_url, f.archive_path, f.page,
       f.review_status, f.review_reason, f.reviewed_at
FROM findings_reviewed f
JOIN agencies a USING (agency_id)
ORDER BY f.agency_id, f.year, f.rule_id, f.metric NULLS FIRST, f.finding_id
