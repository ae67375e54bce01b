-- description: Every cell read, with the agency and year of its report; value is the supervisor-corrected one where corrected (original_value as read beside it)
-- partition_by: year
SELECT r.agency_id, r.year, f.*
FROM facts_effective f
JOIN reports r USING (report_id)
ORDER BY r.agency_id, f.report_id, f.metric
