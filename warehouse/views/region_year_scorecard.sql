CREATE OR REPLACE VIEW region_year_scorecard AS
WITH r AS (
    SELECT region, year,
           count(*) AS agencies,
           count(*) FILTER (publications > 0) AS published,
           count(*) FILTER (on_time) AS on_time,
           count(*) FILTER (complete) AS complete,
           count(*) FILTER (compliant) AS compliant,
           round(count(*) FILTER (on_time) / count(*), 4) AS share_on_time,
           round(count(*) FILTER (compliant) / count(*), 4) AS share_compliant,
           CAST(sum(errors) AS BIGINT) AS errors, CAST(sum(open_errors) AS BIGINT) AS open_errors,
           CAST(sum(warnings) AS BIGINT) AS warnings, CAST(sum(infos) AS BIGINT) AS infos
    FROM agency_year_scorecard
    GROUP BY region, year
)
SELECT *, rank() OVER (PARTITION BY year ORDER BY share_compliant DESC, share_on_time DESC) AS rank_in_year
FROM r;
COMMENT ON VIEW region_year_scorecard IS 'One row per region and year: agencies, how many published, on time, complete and compliant (with shares), findings, and rank among regions in the year';
