-- description: The scorecard, one row per agency-year (on time, complete, findings, compliant, rank in region)
-- partition_by: year
SELECT * FROM agency_year_scorecard ORDER BY region, agency_id
