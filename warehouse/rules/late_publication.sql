-- id: late_publication
-- severity: error
-- title_zh: 年度报告未按时公布
-- title_en: Annual report published after the deadline
-- basis: 《中华人民共和国政府信息公开条例》第四十九条：部门于每年1月31日前、县级以上地方人民政府于每年3月31日前公布本级年度报告
-- description: A department's report for year Y is due by 31 January of Y+1, a government's region-wide report by 31 March of Y+1. Judged on the first publication of the agency-year (a listed document that turned out not to be a report does not count).
WITH first_publication AS (
    SELECT agency_id, year, report_id, published_on, source_url
    FROM reports
    WHERE published_on IS NOT NULL AND year >= 2019 AND parse_status <> 'not_a_report'
    QUALIFY row_number() OVER (PARTITION BY agency_id, year ORDER BY published_on, report_id) = 1
)
SELECT p.agency_id, p.year, p.report_id, NULL AS metric,
       CAST(report_deadline(a.kind, p.year) AS VARCHAR) AS expected,
       CAST(p.published_on AS VARCHAR) AS actual,
       format('{}年度报告应于{}前公布，实际公布日期为{}（逾期{}天）', p.year, report_deadline(a.kind, p.year),
              p.published_on, date_diff('day', report_deadline(a.kind, p.year), p.published_on)) AS message,
       NULL AS cells
FROM first_publication p
JOIN agencies a USING (agency_id)
WHERE p.published_on > report_deadline(a.kind, p.year)
