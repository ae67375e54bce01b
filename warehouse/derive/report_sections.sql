-- The printed sections of the reports $ids, in order: what their narrative rows are derived from.
SELECT report_id, ordinal, numeral, heading, body
FROM sections
WHERE report_id IN (SELECT unnest($ids))
ORDER BY report_id, ordinal
