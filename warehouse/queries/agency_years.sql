-- description: One agency across years: publication, format, applications, rates and findings per year
-- params: agency_id
SELECT a.agency_id, a.name AS 机关, y.year AS 年度,
       r.published_on AS 公布日期, report_deadline(a.kind, y.year) AS 公布期限,
       r.parse_status AS 解析状态, r.template AS 格式,
       fmt_num(i.new_applications) AS 本年新收申请,
       fmt_num(i.carried_in) AS 上年结转,
       fmt_num(i.handled) AS 办理总计,
       fmt_num(i.carried_out) AS 结转下年度,
       i.disclosure_rate AS 公开率,
       fmt_num(i.reviews) AS 行政复议,
       fmt_num(i.lawsuits) AS 行政诉讼,
       (SELECT count(*) FROM findings f WHERE f.agency_id = a.agency_id AND f.year = y.year AND f.severity = 'error')
           AS 错误数,
       (SELECT count(*) FROM findings f WHERE f.agency_id = a.agency_id AND f.year = y.year AND f.severity = 'warning')
           AS 警告数
FROM agencies a
CROSS JOIN (SELECT DISTINCT year FROM reports WHERE year >= 2019
            UNION SELECT DISTINCT year FROM findings) y
LEFT JOIN primary_reports r ON r.agency_id = a.agency_id AND r.year = y.year
LEFT JOIN agency_year_indicators i ON i.agency_id = a.agency_id AND i.year = y.year
WHERE a.agency_id = $agency_id
ORDER BY y.year
