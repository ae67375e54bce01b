CREATE OR REPLACE VIEW agency_year_comparison AS
SELECT i.*,
       rank() OVER (PARTITION BY year ORDER BY new_applications DESC NULLS LAST) AS rank_applications_in_year,
       rank() OVER (PARTITION BY region, year ORDER BY new_applications DESC NULLS LAST) AS rank_applications_in_region,
       lag(new_applications) OVER (PARTITION BY agency_id ORDER BY year) AS new_applications_prev_year,
       round(new_applications / nullif(lag(new_applications) OVER (PARTITION BY agency_id ORDER BY year), 0) - 1, 4)
           AS new_applications_yoy
FROM agency_year_indicators i;
COMMENT ON VIEW agency_year_comparison IS 'Peer rank (in the year, in the region) and year-over-year change of each agency-year';
