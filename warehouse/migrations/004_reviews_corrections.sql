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
