-- description: One finding for `nianbao explain`: its rule (Chinese title), severity, agency, year, expected vs actual, message, source and archived file, review
-- params: finding_id
SELECT f.finding_id, f.rule_id, r.title_zh AS rule_title, f.severity,
       CASE f.severity WHEN 'error' THEN '错误' WHEN 'warning' THEN '警告' ELSE '提示' END AS severity_zh,
       f.agency_id, a.name AS agency_name, a.region, f.year, f.report_id, f.metric, f.expected, f.actual,
       f.message, f.source_url, f.archive_path, f.page,
       CASE f.review_status WHEN 'accepted' THEN '已确认' WHEN 'dismissed' THEN '已排除' ELSE '未审核' END
           AS review_status, f.review_reason
FROM findings_reviewed f
LEFT JOIN agencies a USING (agency_id)
LEFT JOIN rules r USING (rule_id)
WHERE f.finding_id = $finding_id
