-- description: Application counts and rates (公开率, 复议/诉讼纠错率), one row per agency-year
-- partition_by: year
SELECT * FROM agency_year_indicators ORDER BY region, agency_id
