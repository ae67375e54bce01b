-- id: t4_group_total
-- severity: error
-- title_zh: 表四复议诉讼总计不等于各结果之和
-- title_en: Table 4 group total differs from the sum of its outcomes
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式，表四
-- description: For 行政复议, 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. Blank parts count as 0; a group whose 总计 is blank, or whose parts are all blank, is not checked.
WITH g AS (
    SELECT report_id, group_key,
           max(value) FILTER (outcome = 'total') AS total,
           sum(value) FILTER (outcome <> 'total') AS parts,
           count(value) FILTER (outcome <> 'total') AS n_parts,
           -- the cells as metric codes: a list of structs sorted in every group costs 4× the rule
           list(metric ORDER BY metric) AS metrics
    FROM t4_cells
    GROUP BY ALL
)
SELECT r.agency_id, r.year, r.report_id, 't4.' || g.group_key || '.total' AS metric,
       fmt_num(g.parts) AS expected, fmt_num(g.total) AS actual,
       format('表四“{}”：结果维持、结果纠正、其他结果、尚未审结合计为{}，但总计为{}', m.block, fmt_num(g.parts),
              fmt_num(g.total)) AS message,
       list_transform(g.metrics, lambda x: {'report_id': g.report_id, 'metric': x}) AS cells
FROM g
JOIN parsed_reports r USING (report_id)
JOIN metrics m ON m.metric = 't4.' || g.group_key || '.total'
WHERE g.total IS NOT NULL AND g.n_parts > 0 AND g.total <> g.parts
