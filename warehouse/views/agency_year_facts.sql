CREATE OR REPLACE VIEW agency_year_facts AS
SELECT p.agency_id, p.agency_name, p.region, p.kind, p.year, p.template, p.report_id,
       f.metric, f.value, f.raw_text, m.row_label, m.column_label, f.original_value, f.corrected
FROM primary_reports p
JOIN facts_effective f USING (report_id)
JOIN metrics m USING (metric);
COMMENT ON VIEW agency_year_facts IS 'Long form: one row per agency, year and metric, from the report that stands for the agency-year, with official labels; value is corrected where a supervisor corrected it (original_value beside it)';
