-- Reports an earlier run could not refresh (they keep their last good read): a rerun that finds them
-- unchanged clears the error.
SELECT report_id FROM reports WHERE refresh_error IS NOT NULL
