-- id: stock_continuity
-- severity: info
-- title_zh: 现行有效件数与上年现行有效件数、本年制发和废止件数不衔接
-- title_en: Documents in force do not follow from last year's stock, this year's issued and repealed
-- basis: 国办公开办函〔2021〕30号 年度报告格式，表二第二十条第（一）项（本年制发件数、本年废止件数、现行有效件数）
-- description: For 规章 and 行政规范性文件, 现行有效件数 (Y) = 现行有效件数 (Y−1) + 本年制发件数 (Y) − 本年废止件数 (Y), for consecutive years both printed in the 2021 format (the reports standing for each agency-year). A soft check: a clean-up (集中清理) or documents taken over from another body also change the stock. Blank 制发/废止 count as 0; a blank 现行有效件数 is not checked.
WITH stock AS (
    SELECT p.agency_id, p.year, p.report_id, k.kind,
           max(f.value) FILTER (f.metric = 't2.' || k.kind || '.in_force') AS in_force,
           coalesce(max(f.value) FILTER (f.metric = 't2.' || k.kind || '.issued'), 0) AS issued,
           coalesce(max(f.value) FILTER (f.metric = 't2.' || k.kind || '.repealed'), 0) AS repealed,
           -- the cells as metric codes: a list of structs sorted in every group costs 4× the rule
           list(f.metric ORDER BY f.metric) AS metrics
    FROM primary_reports p
    CROSS JOIN (VALUES ('regulations'), ('normative_docs')) k(kind)
    JOIN facts_effective f ON f.report_id = p.report_id
                          AND f.metric IN ('t2.' || k.kind || '.in_force', 't2.' || k.kind || '.issued',
                                           't2.' || k.kind || '.repealed')
    WHERE p.template = '2021'
    GROUP BY ALL
)
SELECT cur.agency_id, cur.year, cur.report_id, 't2.' || cur.kind || '.in_force' AS metric,
       fmt_num(prev.in_force + cur.issued - cur.repealed) AS expected, fmt_num(cur.in_force) AS actual,
       format('表二“{}”现行有效件数为{}件，但{}年度现行有效{}件＋本年制发{}件－本年废止{}件＝{}件（如有集中清理等情况请核实说明）',
              m.row_label, fmt_num(cur.in_force), cur.year - 1, fmt_num(prev.in_force), fmt_num(cur.issued),
              fmt_num(cur.repealed), fmt_num(prev.in_force + cur.issued - cur.repealed)) AS message,
       -- this year's 制发, 废止, 现行有效 and last year's 现行有效
       list_append(list_transform(cur.metrics, lambda x: {'report_id': cur.report_id, 'metric': x}),
                   {'report_id': prev.report_id, 'metric': 't2.' || cur.kind || '.in_force'}) AS cells
FROM stock cur
JOIN stock prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.kind = cur.kind
JOIN metrics m ON m.metric = 't2.' || cur.kind || '.in_force'
WHERE cur.in_force IS NOT NULL AND prev.in_force IS NOT NULL
  AND cur.in_force <> prev.in_force + cur.issued - cur.repealed
