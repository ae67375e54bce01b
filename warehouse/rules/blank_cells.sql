-- id: blank_cells
-- severity: warning
-- title_zh: 表格存在空白单元格
-- title_en: Table cells left blank
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（数据为0的应填写0）
-- description: A printed cell with no number: the format asks for a figure (0 when none). One finding per report, listing the blank cells. A cell a supervisor corrected to a number is no longer blank.
SELECT r.agency_id, r.year, r.report_id, NULL AS metric,
       '0' AS expected, CAST(count(*) AS VARCHAR) || '个空白' AS actual,
       format('报告中有{}个表格单元格空白（应填写数字，无数据填0），例如：{}', count(*),
              string_agg(coalesce(nullif(m.row_label, ''), m.block) || '·' || regexp_replace(m.column_label, '（2019格式：.*）', ''), '；'
                         ORDER BY m.metric) FILTER (m.metric IS NOT NULL)) AS message,
       list({'report_id': f.report_id, 'metric': f.metric} ORDER BY f.metric) AS cells
FROM facts_effective f
JOIN metrics m USING (metric)
JOIN parsed_reports r USING (report_id)
WHERE f.value IS NULL
GROUP BY ALL
