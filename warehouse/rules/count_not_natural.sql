-- id: count_not_natural
-- severity: error
-- title_zh: 件数不是非负整数
-- title_en: A count is negative or not a whole number
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（件数、数量栏）
-- description: Cells that count things (applications, documents, decisions, cases) must be whole numbers of at least 0; 本年增/减 may be negative but must be whole; amounts of money are not checked.
SELECT r.agency_id, r.year, r.report_id, f.metric,
       CASE WHEN m.kind = 'count' THEN '非负整数' ELSE '整数' END AS expected,
       coalesce(f.raw_text, fmt_num(f.value)) AS actual,
       format('“{}·{}”填报为“{}”，应为{}', coalesce(nullif(m.row_label, ''), m.block), regexp_replace(m.column_label, '（2019格式：.*）', ''),
              coalesce(f.raw_text, fmt_num(f.value)),
              CASE WHEN m.kind = 'count' THEN '非负整数' ELSE '整数' END) AS message,
       [{'report_id': f.report_id, 'metric': f.metric}] AS cells
FROM facts_effective f
JOIN metrics m USING (metric)
JOIN parsed_reports r USING (report_id)
WHERE f.value IS NOT NULL
  AND ((m.kind = 'count' AND (f.value < 0 OR f.value <> floor(f.value)))
       OR (m.kind = 'signed_count' AND f.value <> floor(f.value)))
