-- description: The cells of some tables of one report (table indexes comma-separated) as read and corrected, with their official labels: to rebuild a table of an HTML, DOCX or text report
-- params: report_id, tables
SELECT fe.table_index, fe.row_index, fe.col_index, fe.metric, fe.value, fe.original_value, fe.corrected,
       fe.raw_text, m.block, m.row_label, regexp_replace(m.column_label, '（2019格式：.*）', '') AS column_label
FROM facts_effective fe
LEFT JOIN metrics m USING (metric)
WHERE fe.report_id = $report_id
  AND list_contains(string_split($tables, ','), CAST(fe.table_index AS VARCHAR))
  AND fe.row_index IS NOT NULL AND fe.col_index IS NOT NULL
ORDER BY fe.table_index, fe.row_index, fe.col_index
