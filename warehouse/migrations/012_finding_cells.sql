-- What a finding rests on: most rules (row and column sums, balances, group totals, carry-over, stock
-- continuity) judge several cells, some of them in another report (last year's). Each rule names them;
-- `nianbao explain FINDING_ID` prints them with their raw text and position.

ALTER TABLE findings ADD COLUMN cells STRUCT(report_id VARCHAR, metric VARCHAR)[];
COMMENT ON COLUMN findings.cells IS 'The cells the finding rests on, as (report_id, metric) pairs: the cells of the identity it checks, in this report and, for cross-year rules, in last year''s; NULL when it rests on no cell (e.g. a missing or late report)';
