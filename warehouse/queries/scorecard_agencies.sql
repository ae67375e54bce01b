-- description: 机关年度评分: per agency and year — on time (未核查: nobody looked for the report), complete, findings by severity, review progress, compliant, rank in region (optionally one year or region)
-- defaults: year=;region=
SELECT coalesce(s.region, '未填地区') AS 地区, s.agency_name AS 机关,
       CASE s.kind WHEN 'government' THEN '人民政府' ELSE '政府部门' END AS 机关类型,
       s.year AS 年度, s.deadline AS 公布期限, s.published_on AS 首次公布日期, s.publications AS 公布次数,
       CASE WHEN NOT s.looked_at THEN '未核查' WHEN s.publications = 0 THEN '未公布' WHEN s.on_time THEN '是' WHEN NOT s.on_time THEN '否'
            ELSE '日期不详' END AS 按时公布,
       CASE WHEN s.complete THEN '是' ELSE '否' END AS 报告完整,
       s.errors AS 错误, s.open_errors AS 未排除错误, s.warnings AS 警告, s.infos AS 提示,
       s.reviewed AS 已审核, s.reviewed_share AS 审核比例,
       CASE WHEN NOT s.looked_at THEN '未核查' WHEN s.compliant THEN '合规' ELSE '不合规' END AS 评定,
       s.rank_in_region AS 地区内排名, s.agency_id AS 机关编号, s.report_id AS 报告编号
FROM agency_year_scorecard s
WHERE ($year = '' OR s.year = TRY_CAST($year AS INTEGER)) AND ($region = '' OR s.region = $region)
ORDER BY 地区, s.year DESC, s.rank_in_region NULLS LAST, s.agency_id
