-- description: Findings with their rule, agency and source (optionally one agency or one rule)
-- defaults: agency_id=;rule_id=
SELECT f.finding_id, f.rule_id, f.severity, a.name AS 机关, f.year AS 年度, f.metric, f.expected AS 应为,
       f.actual AS 实际, f.message AS 说明, f.source_url, f.page, f.review_status AS 审核, f.review_reason AS 审核意见
FROM findings_reviewed f
JOIN agencies a USING (agency_id)
WHERE ($agency_id = '' OR f.agency_id = $agency_id) AND ($rule_id = '' OR f.rule_id = $rule_id)
ORDER BY f.agency_id, f.year, f.rule_id, f.metric
