-- The printed sections of every in-scope report, in order: what the narrative tables are derived from.
SELECT s.report_id, r.year, s.ordinal, s.numeral, s.heading, s.body
FROM sections s JOIN reports r USING (report_id)
WHERE r.year >= 2019 AND r.parse_status NOT IN ('out_of_scope', 'not_a_report')
ORDER BY s.report_id, s.ordinal
