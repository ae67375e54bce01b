CREATE OR REPLACE VIEW t4_cells AS
SELECT f.report_id, split_part(f.metric, '.', 2) AS group_key, split_part(f.metric, '.', 3) AS outcome,
       f.metric, f.value, f.raw_text, f.page
FROM facts_effective f
WHERE f.metric LIKE 't4.%';
COMMENT ON VIEW t4_cells IS 'Table 4 (行政复议、行政诉讼) effective facts split into group (review, suit_direct, suit_after_review) and outcome';
