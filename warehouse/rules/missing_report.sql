-- id: missing_report
-- severity: error
-- title_zh: 未公布年度报告
-- title_en: No annual report found
-- basis: 《中华人民共和国政府信息公开条例》第四十九条
-- description: A roster agency with no report for a year whose deadline has passed by the as-of date ($as_of), within the years checked ($first_year–$last_year). Judged only where someone looked: the agency's 年报 column was crawled (it has a portal_url), or the years were given (`--years`), which says every agency must have them. Other agency-years are year_not_looked_at. A listed document that turned out not to be a report does not count as one; one that could not be fetched or read does (it was published). When the agency's 年报 column itself could not be fetched, the message says so: not found may then mean not looked at.
WITH years AS (SELECT unnest(range($first_year, $last_year + 1)) AS year),
unreachable AS (
    -- the 年报 column's page as last fetched: when that failed, "not found" may mean "could not look"
    SELECT agency_id, arg_max(error, first_seen_at) AS error
    FROM fetches f JOIN agencies a USING (agency_id)
    WHERE f.purpose = 'listing' AND f.url = a.portal_url
    GROUP BY agency_id
    HAVING arg_max(error, first_seen_at) <> ''
)
SELECT a.agency_id, y.year, NULL AS report_id, NULL AS metric,
       '已公布' AS expected, '未找到' AS actual,
       format('未找到{}年度报告（公布期限{}，核查日期{}）', y.year, report_deadline(a.kind, y.year),
              CAST($as_of AS DATE))
           || coalesce(format('；注意：该机关年报栏目{}本次无法访问（{}），请人工核实', a.portal_url, u.error), '')
           AS message,
       NULL AS cells
FROM agencies a
CROSS JOIN years y
LEFT JOIN unreachable u USING (agency_id)
WHERE report_deadline(a.kind, y.year) < CAST($as_of AS DATE)
  AND (a.portal_url IS NOT NULL OR $years_given)
  AND NOT EXISTS (SELECT 1 FROM reports r
                  WHERE r.agency_id = a.agency_id AND r.year = y.year AND r.parse_status <> 'not_a_report')
