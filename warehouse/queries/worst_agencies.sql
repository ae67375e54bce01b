-- description: Agencies ranked by their findings (errors first, then warnings)
-- defaults: limit=10
SELECT a.agency_id, a.name AS 机关, a.region AS 地区,
       count(f.finding_id) FILTER (f.severity = 'error') AS 错误数,
       count(f.finding_id) FILTER (f.severity = 'warning') AS 警告数,
       string_agg(DISTINCT f.rule_id, ', ' ORDER BY f.rule_id) AS 规则
FROM agencies a JOIN findings f USING (agency_id)
GROUP BY ALL
ORDER BY 错误数 DESC, 警告数 DESC, a.agency_id
LIMIT CAST($limit AS INTEGER)
