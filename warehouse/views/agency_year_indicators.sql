CREATE OR REPLACE VIEW agency_year_indicators AS
WITH per_report AS (
    -- the cells pivoted once per report at load; a corrected report's pivoted from its effective facts
    SELECT * FROM report_indicators
    WHERE report_id IN (SELECT report_id FROM report_derivations)
      AND report_id NOT IN (SELECT report_id FROM corrections)
    UNION ALL BY NAME
    SELECT * FROM report_indicator_pivot('indicator_cells_live')
)
SELECT p.agency_id, p.agency_name, p.region, p.kind, p.year, p.template, p.report_id,
       i.* EXCLUDE (report_id),
       round((coalesce(i.granted, 0) + coalesce(i.partially_granted, 0)) / nullif(i.handled, 0), 4) AS disclosure_rate,
       round(i.reviews_corrected / nullif(i.reviews, 0), 4) AS review_correction_rate,
       round(i.lawsuits_corrected / nullif(i.lawsuits, 0), 4) AS lawsuit_correction_rate
FROM primary_reports p
JOIN per_report i USING (report_id);
COMMENT ON VIEW agency_year_indicators IS 'One row per agency-year: application counts and rates (公开率 = (予以公开+部分公开)/办理总计, 复议/诉讼纠错率)';
