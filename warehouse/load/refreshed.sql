-- Reports this run fetched again and found unchanged (bytes and reader): whatever failed to refresh
-- them before has passed.
UPDATE reports SET refresh_error = NULL WHERE report_id IN (SELECT unnest($ids))
