-- description: One agency's findings for the workspace: year, severity, rule (Chinese title), cell, expected vs actual, message and review
-- params: agency_id
SELECT f.finding_id, f.year, f.severity, f.rule_id, r.title_zh AS rule_title, f.metric, f.expected, f.actual,
       f.message, f.review_status, f.review_reason
FROM findings_reviewed f
LEFT JOIN rules r USING (rule_id)
WHERE f.agency_id = $agency_id
ORDER BY f.year DESC, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule_id,
         f.metric NULLS FIRST
