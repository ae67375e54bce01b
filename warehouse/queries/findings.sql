-- description: Findings with their rule, agency and source (optionally one agency or one rule)
-- defaults: agency_id=;rule_id=
SELECT f.finding_id, f.rule_id, f.severity, a.name AS 机关, f.year AS 年度, f.metric, f.expected AS 应为,
       f.actual AS 实际, f.message AS 说明, f.source_url, f.page, rv.status AS 审核
FROM findings f
JOIN agencies a USING (agency_id)
LEFT JOIN reviews rv USING (finding_id)
WHERE ($agency_id = '' OR f.agency_id = $agency_id) AND ($rule_id = '' OR f.rule_id = $rule_id)
ORDER BY f.agency_id, f.year, f.rule_id, f.metric
