-- The reports whose indicators agency_year_indicators pivots when read, not at load: a supervisor
-- corrected one of their cells, or they were loaded before report_indicators existed (no
-- report_derivations row until the next check). facts_effective's rule (the correction in force
-- replaces the value read, or adds the cell), applied after restricting facts to those few reports: a
-- filter on facts_effective itself cannot pass its FULL JOIN and would read every fact.
CREATE OR REPLACE VIEW indicator_cells_live AS
WITH live AS (
    SELECT report_id FROM corrections WHERE report_id IN (SELECT report_id FROM reports)
    UNION
    SELECT report_id FROM reports WHERE report_id NOT IN (SELECT report_id FROM report_derivations)
), c AS (
    SELECT * FROM current_corrections WHERE NOT reverts AND report_id IN (SELECT report_id FROM live)
), f AS (
    SELECT * FROM facts WHERE report_id IN (SELECT report_id FROM live)
)
SELECT coalesce(f.report_id, c.report_id) AS report_id, coalesce(f.metric, c.metric) AS metric,
       CASE WHEN c.report_id IS NULL THEN f.value ELSE c.value END AS value
FROM f
FULL JOIN c ON c.report_id = f.report_id AND c.metric = f.metric;
COMMENT ON VIEW indicator_cells_live IS 'Effective facts (report_id, metric, value) of the reports whose indicators are pivoted when read: corrected by a supervisor, or loaded before report_indicators existed';
