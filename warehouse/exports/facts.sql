-- The stable facts.csv interface (DESIGN.md: the first five columns are the contract): one row per agency, year and metric of the report standing for the agency-year; value is the supervisor-corrected one where corrected (original_value beside it).
SELECT agency_id, agency_name, year, metric, value, raw_text, template, report_id, original_value, corrected
FROM agency_year_facts
ORDER BY agency_id, year, metric
