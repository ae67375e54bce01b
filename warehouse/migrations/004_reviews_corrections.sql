-- A supervisor's decisions: reviews of findings and corrections of misread cells.
-- Both are kept apart from what the pipeline writes (check rebuilds findings, ingest replaces facts),
-- so they survive every rerun; and both keep their history.

-- reviews stays the current decision per finding (one row, replaced by a later review); review_log
-- holds every decision ever recorded, with the finding as it read then (a finding can disappear
-- after a correction or a fixed report, its review history should not).
ALTER TABLE reviews ADD COLUMN reviewed_by VARCHAR;
COMMENT ON TABLE reviews IS 'The latest supervisor decision on each finding (accepted: a real problem; dismissed: not one); every decision is in review_log. Kept across reruns and never changes facts';

CREATE TABLE review_log (
    review_id    VARCHAR PRIMARY KEY,
    finding_id   VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('accepted', 'dismissed')),
    reason       VARCHAR NOT NULL,
    reviewed_at  TIMESTAMPTZ NOT NULL,
    reviewed_by  VARCHAR,
    rule_id      VARCHAR,
    agency_id    VARCHAR,
    year         INTEGER,
    report_id    VARCHAR,
    metric       VARCHAR,
    message      VARCHAR
);
COMMENT ON TABLE review_log IS 'Append-only history of review decisions, with the finding (rule, agency, year, report, metric, message) as it read when reviewed';

INSERT INTO review_log
SELECT substr(sha256(concat_ws(chr(31), rv.finding_id, CAST(rv.reviewed_at AS VARCHAR))), 1, 16), rv.finding_id,
       rv.status, rv.reason, rv.reviewed_at, NULL, f.rule_id, f.agency_id, f.year, f.report_id, f.metric, f.message
FROM reviews rv LEFT JOIN findings f USING (finding_id);

-- Facts are never overwritten: a correction is its own row; the latest one per cell applies.
CREATE TABLE corrections (
    correction_id  VARCHAR PRIMARY KEY,
    report_id      VARCHAR NOT NULL,
    metric         VARCHAR NOT NULL,
    value          DOUBLE,
    reverts        BOOLEAN NOT NULL DEFAULT false,
    reason         VARCHAR NOT NULL,
    corrected_at   TIMESTAMPTZ NOT NULL,
    corrected_by   VARCHAR
);
COMMENT ON TABLE corrections IS 'Append-only supervisor corrections of a printed cell (report x metric -> value, NULL = blank); the latest per cell applies, reverts = back to the value as read';

CREATE VIEW current_corrections AS
SELECT * FROM corrections
QUALIFY row_number() OVER (PARTITION BY report_id, metric ORDER BY corrected_at DESC, correction_id DESC) = 1;
COMMENT ON VIEW current_corrections IS 'The correction in force for each corrected cell (the latest; a revert means none applies)';

CREATE VIEW facts_effective AS
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

-- The rules read the effective values: a supervisor fixing a misread cell makes the false finding go.
CREATE OR REPLACE VIEW t3_cells AS
SELECT f.report_id,
       substr(f.metric, 4, length(f.metric) - 3 - length(split_part(f.metric, '.', -1)) - 1) AS row_key,
       split_part(f.metric, '.', -1) AS col_key,
       f.metric, f.value, f.raw_text, f.page
FROM facts_effective f
WHERE f.metric LIKE 't3.%';
COMMENT ON VIEW t3_cells IS 'Table 3 (收到和处理政府信息公开申请情况) effective facts split into row key and applicant column key';

CREATE OR REPLACE VIEW t4_cells AS
SELECT f.report_id, split_part(f.metric, '.', 2) AS group_key, split_part(f.metric, '.', 3) AS outcome,
       f.metric, f.value, f.raw_text, f.page
FROM facts_effective f
WHERE f.metric LIKE 't4.%';
COMMENT ON VIEW t4_cells IS 'Table 4 (行政复议、行政诉讼) effective facts split into group (review, suit_direct, suit_after_review) and outcome';

CREATE OR REPLACE VIEW agency_year_facts AS
SELECT p.agency_id, p.agency_name, p.region, p.kind, p.year, p.template, p.report_id,
       f.metric, f.value, f.raw_text, m.row_label, m.column_label, f.original_value, f.corrected
FROM primary_reports p
JOIN facts_effective f USING (report_id)
JOIN metrics m USING (metric);
COMMENT ON VIEW agency_year_facts IS 'Long form: one row per agency, year and metric, from the report that stands for the agency-year, with official labels; value is corrected where a supervisor corrected it (original_value beside it)';
