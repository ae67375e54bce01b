-- id: year_not_looked_at
-- severity: info
-- title_zh: 未核查年度
-- title_en: Year not looked at: no portal crawled and no expected years given
-- basis: 《中华人民共和国政府信息公开条例》第四十九条（未核查的年度不作是否公布的判断）
-- description: An agency-year within the years checked ($first_year–$last_year), past its deadline by the as-of date ($as_of), with no report, for an agency whose 年报 column is not crawled (no portal_url: its reports only come as received files) when the years were not given (`--years`). Nobody looked for this report, so its absence is no evidence that it was not published: not a missing_report, and the scorecard shows the year as 未核查, neither 未公布 nor 合规. Give the agency's portal_url, or the years expected, to judge it.
WITH years AS (SELECT unnest(range($first_year, $last_year + 1)) AS year)
SELECT a.agency_id, y.year, NULL AS report_id, NULL AS metric,
       '已核查' AS expected, '未核查' AS actual,
       format('{}年度报告未核查：名录未登记该机关的年报栏目网址，未检索其门户网站，本次核查也未指定应公布的年度，'
              || '未收到该年度报告不能说明未公布（公布期限{}，核查日期{}）；如需核查，请在名录中登记年报栏目网址或指定核查年度',
              y.year, report_deadline(a.kind, y.year), CAST($as_of AS DATE)) AS message,
       NULL AS cells
FROM agencies a
CROSS JOIN years y
WHERE report_deadline(a.kind, y.year) < CAST($as_of AS DATE)
  AND a.portal_url IS NULL AND NOT $years_given
  AND NOT EXISTS (SELECT 1 FROM reports r
                  WHERE r.agency_id = a.agency_id AND r.year = y.year AND r.parse_status <> 'not_a_report')
