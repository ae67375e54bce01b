CREATE OR REPLACE VIEW current_corrections AS
SELECT * FROM corrections
QUALIFY row_number() OVER (PARTITION BY report_id, metric ORDER BY corrected_at DESC, correction_id DESC) = 1;
COMMENT ON VIEW current_corrections IS 'The correction in force for each corrected cell (the latest; a revert means none applies)';
