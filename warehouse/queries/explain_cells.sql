-- description: The cells one finding rests on, for `nianbao explain`: report and year, metric and official label, value (corrected) and value as read, raw text, page, bbox, table/row/column
-- params: finding_id
WITH cell AS (
    SELECT unnest(cells) AS cell, generate_subscripts(cells, 1) AS ordinal
    FROM findings
    WHERE finding_id = $finding_id
)
SELECT c.cell.report_id AS report_id, r.year, r.source_url, d.archive_path, c.cell.metric AS metric,
       CASE WHEN m.metric IS NULL THEN NULL
            ELSE concat_ws('·', nullif(coalesce(nullif(m.row_label, ''), m.block), ''),
                           regexp_replace(m.column_label, '（2019格式：.*）', '')) END AS label,
       fe.value, fe.original_value, coalesce(fe.corrected, false) AS corrected, fe.correction_reason,
       fe.raw_text, fe.page, fe.bbox, fe.table_index, fe.row_index, fe.col_index
FROM cell c
LEFT JOIN reports r ON r.report_id = c.cell.report_id
LEFT JOIN documents d ON d.sha256 = r.sha256
LEFT JOIN facts_effective fe ON fe.report_id = c.cell.report_id AND fe.metric = c.cell.metric
LEFT JOIN metrics m ON m.metric = c.cell.metric
-- in print order: last year's report before this year's, then table, row, column
ORDER BY r.year, c.cell.report_id, fe.table_index NULLS LAST, fe.row_index NULLS LAST, fe.col_index NULLS LAST,
         c.ordinal
