-- Reports whose derived rows are missing or were made by other code than this one: the narrative (from
-- the texts) and the indicators (from the cells) are stamped apart, so a change to one redoes only it.
SELECT r.report_id, r.year, r.parse_status,
       d.narrative_with IS DISTINCT FROM $narrative AS narrative,
       d.indicators_with IS DISTINCT FROM $indicators AS indicators
FROM reports r
LEFT JOIN report_derivations d USING (report_id)
WHERE d.narrative_with IS DISTINCT FROM $narrative OR d.indicators_with IS DISTINCT FROM $indicators
ORDER BY r.report_id
