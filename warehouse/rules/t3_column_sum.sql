-- id: t3_column_sum
-- severity: error
-- title_zh: 表三办理结果总计不等于各项办理结果之和
-- title_en: Table 3 （七）总计 differs from the sum of the 办理结果 rows
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式，表三“三、本年度办理结果”
-- description: In every column of table 3, （七）总计 = （一）予以公开 + （二）部分公开 + Σ（三）不予公开 + Σ（四）无法提供 + Σ（五）不予处理 + Σ（六）其他处理. Blank parts count as 0; a column whose 总计 is blank, or whose parts are all blank, is not checked.
WITH c AS (
    SELECT report_id, col_key,
           max(value) FILTER (row_key = 'total_handled') AS total,
           sum(value) FILTER (row_key NOT IN ('new_received', 'carried_in', 'total_handled', 'carried_out')) AS parts,
           count(value) FILTER (row_key NOT IN ('new_received', 'carried_in', 'total_handled', 'carried_out'))
               AS n_parts,
           -- the cells as metric codes: a list of structs sorted in every group costs 4× the rule
           list(metric ORDER BY metric) FILTER (row_key NOT IN ('new_received', 'carried_in', 'carried_out')) AS metrics
    FROM t3_cells
    GROUP BY ALL
)
SELECT r.agency_id, r.year, r.report_id, 't3.total_handled.' || c.col_key AS metric,
       fmt_num(c.parts) AS expected, fmt_num(c.total) AS actual,
       format('表三“{}”列：各项办理结果合计为{}，但（七）总计为{}', m.column_label, fmt_num(c.parts), fmt_num(c.total))
           AS message,
       list_transform(c.metrics, lambda x: {'report_id': c.report_id, 'metric': x}) AS cells
FROM c
JOIN parsed_reports r USING (report_id)
JOIN metrics m ON m.metric = 't3.total_handled.' || c.col_key
WHERE c.total IS NOT NULL AND c.n_parts > 0 AND c.total <> c.parts
