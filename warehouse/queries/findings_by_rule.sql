-- description: Number of findings per rule, with its severity and Chinese title
SELECT r.rule_id, r.severity, r.title_zh AS 规则, count(f.finding_id) AS 问题数
FROM rules r LEFT JOIN findings f ON f.rule_id = r.rule_id
GROUP BY r.rule_id, r.severity, r.title_zh
ORDER BY CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, 问题数 DESC, r.rule_id
