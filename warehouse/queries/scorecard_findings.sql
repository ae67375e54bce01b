-- description: 问题清单: every finding with its rule, agency, cell, source URL, archived file, page and review decision (optionally one year or region)
-- defaults: year=;region=
SELECT f.finding_id AS 问题编号, coalesce(a.region, '未填地区') AS 地区, a.name AS 机关, f.year AS 年度,
       CASE f.severity WHEN 'error' THEN '错误' WHEN 'warning' THEN '警告' ELSE '提示' END AS 级别,
       f.rule_id AS 规则编号, r.title_zh AS 规则, f.metric AS 指标,
       CASE WHEN m.metric IS NULL THEN NULL
            ELSE concat_ws('·', nullif(coalesce(nullif(m.row_label, ''), m.block), ''),
                           regexp_replace(m.column_label, '（2019格式：.*）', '')) END AS 表格栏目,
       f.expected AS 应为, f.actual AS 实际, f.message AS 说明,
       f.source_url AS 来源网址, f.archive_path AS 存档文件, f.page AS 页码,
       CASE f.review_status WHEN 'accepted' THEN '已确认' WHEN 'dismissed' THEN '已排除' ELSE '未审核' END
           AS 审核状态,
       f.review_reason AS 审核意见, f.reviewed_at AS 审核时间, f.agency_id AS 机关编号, f.report_id AS 报告编号
FROM findings_reviewed f
JOIN agencies a USING (agency_id)
LEFT JOIN rules r USING (rule_id)
LEFT JOIN metrics m ON m.metric = f.metric
WHERE ($year = '' OR f.year = TRY_CAST($year AS INTEGER)) AND ($region = '' OR a.region = $region)
ORDER BY 地区, a.agency_id, f.year DESC,
         CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule_id, f.metric NULLS FIRST
