CREATE OR REPLACE VIEW facts_effective AS
WITH c AS (SELECT * FROM current_corrections WHERE NOT reverts)
SELECT coalesce(f.report_id, c.report_id) AS report_id,
       coalesce(f.metric, c.metric) AS metric,
       CASE WHEN c.report_id IS NULL THEN f.value ELSE c.value END AS value,
       f.value AS original_value, f.raw_text, f.note, f.table_index, f.row_index, f.col_index, f.page, f.bbox,
       c.report_id IS NOT NULL AS corrected, c.correction_id, c.reason AS correction_reason, c.corrected_at,
       c.corrected_by
FROM facts f
FULL JOIN c ON c.report_id = f.report_id AND c.metric = f.metric
WHERE coalesce(f.report_id, c.report_id) IN (SELECT report_id FROM reports);
COMMENT ON VIEW facts_effective IS 'Facts as the rules and analysts use them: value = the supervisor''s correction where there is one, else the value as read; original_value and the raw cell text stay beside it';
