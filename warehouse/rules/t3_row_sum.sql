-- id: t3_row_sum
-- severity: error
-- title_zh: 表三行合计不等于各类申请人之和
-- title_en: Table 3 row total differs from the sum of the applicant columns
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式，表三“总计”列
-- description: In every row of table 3, 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他. Blank parts count as 0; a row whose 总计 is blank, or whose parts are all blank, is not checked (blank cells have their own rule).
WITH c AS (
    SELECT report_id, row_key,
           max(value) FILTER (col_key = 'total') AS total,
           sum(value) FILTER (col_key <> 'total') AS parts,
           count(value) FILTER (col_key <> 'total') AS n_parts,
           -- the cells as metric codes: a list of structs sorted in every group costs 4× the rule
           list(metric ORDER BY metric) AS metrics
    FROM t3_cells
    GROUP BY ALL
)
SELECT r.agency_id, r.year, r.report_id, 't3.' || c.row_key || '.total' AS metric,
       fmt_num(c.parts) AS expected, fmt_num(c.total) AS actual,
       format('表三“{}”行：各类申请人合计为{}，但总计栏为{}', m.row_label, fmt_num(c.parts), fmt_num(c.total)) AS message,
       list_transform(c.metrics, lambda x: {'report_id': c.report_id, 'metric': x}) AS cells
FROM c
JOIN parsed_reports r USING (report_id)
JOIN metrics m ON m.metric = 't3.' || c.row_key || '.total'
WHERE c.total IS NOT NULL AND c.n_parts > 0 AND c.total <> c.parts
