-- description: Agencies compared in one year: applications, disclosure rate, correction rates, findings and rank (optionally one region)
-- params: year
-- defaults: region=
SELECT c.agency_id, c.agency_name AS 机关, c.region AS 地区, c.template AS 格式,
       fmt_num(c.new_applications) AS 本年新收申请,
       fmt_num(c.handled) AS 办理总计,
       c.disclosure_rate AS 公开率,
       fmt_num(c.reviews) AS 行政复议,
       fmt_num(c.lawsuits) AS 行政诉讼,
       c.rank_applications_in_year AS 申请量排名,
       c.new_applications_yoy AS 申请量同比,
       (SELECT count(*) FROM findings f WHERE f.agency_id = c.agency_id AND f.year = c.year AND f.severity = 'error')
           AS 错误数,
       (SELECT count(*) FROM findings f WHERE f.agency_id = c.agency_id AND f.year = c.year AND f.severity = 'warning')
           AS 警告数
FROM agency_year_comparison c
WHERE c.year = CAST($year AS INTEGER) AND ($region = '' OR c.region = $region)
ORDER BY c.new_applications DESC NULLS LAST, c.agency_id
