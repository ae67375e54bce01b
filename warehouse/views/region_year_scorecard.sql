CREATE OR REPLACE VIEW region_year_scorecard AS
WITH r AS (
    SELECT region, year,
           count(*) AS agencies,
           count(*) FILTER (publications > 0) AS published,
           count(*) FILTER (looked_at AND publications = 0) AS not_published,
           count(*) FILTER (NOT looked_at) AS not_looked_at,
           count(*) FILTER (on_time) AS on_time,
           count(*) FILTER (complete) AS complete,
           count(*) FILTER (compliant) AS compliant,
           -- shares of the agency-years that were looked at
           round(count(*) FILTER (on_time) / nullif(count(*) FILTER (looked_at), 0), 4) AS share_on_time,
           round(count(*) FILTER (compliant) / nullif(count(*) FILTER (looked_at), 0), 4) AS share_compliant,
           CAST(sum(errors) AS BIGINT) AS errors, CAST(sum(open_errors) AS BIGINT) AS open_errors,
           CAST(sum(warnings) AS BIGINT) AS warnings, CAST(sum(infos) AS BIGINT) AS infos
    FROM agency_year_scorecard
    GROUP BY region, year
)
SELECT *, rank() OVER (PARTITION BY year ORDER BY share_compliant DESC NULLS LAST, share_on_time DESC NULLS LAST)
              AS rank_in_year
FROM r;
COMMENT ON VIEW region_year_scorecard IS 'One row per region and year: agencies, how many published, not published, not looked at (year_not_looked_at), on time, complete and compliant (shares of the agencies looked at), findings, and rank among regions in the year';
