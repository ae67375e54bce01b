-- description: The workspace's overview: per region and year, and per year over all regions (all_regions) — agencies, looked at, published, on time, late (逾期), not published, complete, compliant, with shares of the agencies looked at (optionally one year)
-- defaults: year=
SELECT CASE WHEN grouping(region) = 0 THEN coalesce(region, '未填地区') END AS region,
       grouping(region) = 1 AS all_regions,
       year,
       count(*) AS agencies,
       count(*) FILTER (looked_at) AS looked_at,
       count(*) FILTER (publications > 0) AS published,
       count(*) FILTER (on_time) AS on_time,
       -- published, but the first publication after the deadline (late_publication)
       count(*) FILTER (publications > 0 AND NOT on_time) AS late,
       count(*) FILTER (looked_at AND publications = 0) AS not_published,
       count(*) FILTER (complete) AS complete,
       count(*) FILTER (compliant) AS compliant,
       round(count(*) FILTER (on_time) / nullif(count(*) FILTER (looked_at), 0), 4) AS share_on_time,
       round(count(*) FILTER (compliant) / nullif(count(*) FILTER (looked_at), 0), 4) AS share_compliant
FROM agency_year_scorecard
WHERE $year = '' OR year = TRY_CAST($year AS INTEGER)
GROUP BY GROUPING SETS ((region, year), (year))
ORDER BY all_regions, region, year
