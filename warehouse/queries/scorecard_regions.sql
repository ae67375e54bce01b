-- description: 地区汇总: per region and year — agencies, published, not published, not looked at, on time, complete, compliant (with shares), findings, rank among regions (optionally one year)
-- defaults: year=
SELECT coalesce(r.region, '未填地区') AS 地区, r.year AS 年度, r.agencies AS 机关数, r.published AS 已公布,
       r.not_published AS 未公布, r.not_looked_at AS 未核查,
       r.on_time AS 按时公布, r.share_on_time AS 按时公布率, r.complete AS 报告完整,
       r.compliant AS 合规机关, r.share_compliant AS 合规率,
       r.errors AS 错误, r.open_errors AS 未排除错误, r.warnings AS 警告, r.infos AS 提示,
       r.rank_in_year AS 年度排名
FROM region_year_scorecard r
WHERE $year = '' OR r.year = TRY_CAST($year AS INTEGER)
ORDER BY r.year DESC, r.rank_in_year, 地区
