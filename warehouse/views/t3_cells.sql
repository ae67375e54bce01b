-- The rules read the effective values: a supervisor fixing a misread cell makes the false finding go.
CREATE OR REPLACE VIEW t3_cells AS
SELECT f.report_id,
       substr(f.metric, 4, length(f.metric) - 3 - length(split_part(f.metric, '.', -1)) - 1) AS row_key,
       split_part(f.metric, '.', -1) AS col_key,
       f.metric, f.value, f.raw_text, f.page
FROM facts_effective f
WHERE f.metric LIKE 't3.%';
COMMENT ON VIEW t3_cells IS 'Table 3 (收到和处理政府信息公开申请情况) effective facts split into row key and applicant column key';
