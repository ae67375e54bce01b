-- id: carry_over
-- severity: error
-- title_zh: 上年结转与上一年度报告的结转下年度不一致
-- title_en: Carried-in applications differ from last year's carried-out
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式，表三“二、上年结转”与“四、结转下年度继续办理”
-- description: Per applicant column, 二、上年结转 of year Y equals 四、结转下年度继续办理 of year Y−1 (the reports that stand for each agency-year). Blank cells count as 0.
WITH cur AS (
    SELECT p.agency_id, p.year, p.report_id, c.col_key, c.value
    FROM primary_reports p JOIN t3_cells c USING (report_id)
    WHERE c.row_key = 'carried_in'
), prev AS (
    SELECT p.agency_id, p.year, p.report_id, c.col_key, c.value
    FROM primary_reports p JOIN t3_cells c USING (report_id)
    WHERE c.row_key = 'carried_out'
)
SELECT cur.agency_id, cur.year, cur.report_id, 't3.carried_in.' || cur.col_key AS metric,
       fmt_num(coalesce(prev.value, 0)) AS expected, fmt_num(coalesce(cur.value, 0)) AS actual,
       format('表三“{}”列：上年结转为{}，但{}年度报告的结转下年度为{}', m.column_label, fmt_num(coalesce(cur.value, 0)),
              cur.year - 1, fmt_num(coalesce(prev.value, 0))) AS message,
       -- this year's 上年结转 and last year's 结转下年度
       [{'report_id': cur.report_id, 'metric': 't3.carried_in.' || cur.col_key},
        {'report_id': prev.report_id, 'metric': 't3.carried_out.' || cur.col_key}] AS cells
FROM cur
JOIN prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.col_key = cur.col_key
JOIN metrics m ON m.metric = 't3.carried_in.' || cur.col_key
WHERE coalesce(prev.value, 0) <> coalesce(cur.value, 0)
