-- id: t3_balance
-- severity: error
-- title_zh: 表三勾稽关系不平衡（第一项加第二项之和应等于第三项加第四项之和）
-- title_en: Table 3 does not balance: new + carried in must equal handled + carried out
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式，表三“本列数据的勾稽关系”
-- description: For every applicant column of table 3, 一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理. Blank cells count as 0; a column whose four cells are all blank is not checked.
WITH c AS (
    SELECT report_id, col_key,
           coalesce(sum(value) FILTER (row_key = 'new_received'), 0) AS new_received,
           coalesce(sum(value) FILTER (row_key = 'carried_in'), 0) AS carried_in,
           coalesce(sum(value) FILTER (row_key = 'total_handled'), 0) AS handled,
           coalesce(sum(value) FILTER (row_key = 'carried_out'), 0) AS carried_out,
           count(*) FILTER (row_key IN ('new_received', 'total_handled')) AS n_rows,
           -- the cells as metric codes: a list of structs sorted in every group costs 4× the rule
           list(metric ORDER BY metric) AS metrics
    FROM t3_cells
    WHERE row_key IN ('new_received', 'carried_in', 'total_handled', 'carried_out')
    GROUP BY ALL
)
SELECT r.agency_id, r.year, r.report_id, 't3.carried_out.' || c.col_key AS metric,
       fmt_num(c.new_received + c.carried_in) AS expected,
       fmt_num(c.handled + c.carried_out) AS actual,
       format('表三“{}”列：本年新收（{}）+上年结转（{}）= {}，但办理结果总计（{}）+结转下年度（{}）= {}',
              m.column_label, fmt_num(c.new_received), fmt_num(c.carried_in),
              fmt_num(c.new_received + c.carried_in), fmt_num(c.handled), fmt_num(c.carried_out),
              fmt_num(c.handled + c.carried_out)) AS message,
       list_transform(c.metrics, lambda x: {'report_id': c.report_id, 'metric': x}) AS cells
FROM c
JOIN parsed_reports r USING (report_id)
JOIN metrics m ON m.metric = 't3.new_received.' || c.col_key
WHERE c.n_rows = 2 AND c.new_received + c.carried_in <> c.handled + c.carried_out
