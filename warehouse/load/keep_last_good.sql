-- Reports that a run could not fetch again but an earlier run read: they keep their row, sections and
-- facts; the cause of this run's failure goes beside them. Returns the report ids kept.
UPDATE reports SET refresh_error = f.message
FROM (SELECT unnest($ids) AS report_id, unnest($messages) AS message) f
WHERE reports.report_id = f.report_id AND reports.sha256 IS NOT NULL
RETURNING reports.report_id
