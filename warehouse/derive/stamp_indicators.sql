-- Stamp reports with the version of the pivot that made their indicator rows (after their narrative stamp).
UPDATE report_derivations SET indicators_with = $version WHERE report_id IN (SELECT unnest($ids))
