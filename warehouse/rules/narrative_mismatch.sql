-- id: narrative_mismatch
-- severity: info
-- title_zh: 正文所述数字与表格不一致
-- title_en: A number stated in the narrative differs from the table
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（正文与统计表应相互印证）
-- description: Numbers the narrative states in the wordings real reports use for a table cell (收到/受理政府信息公开申请N件, 上年结转N件, 予以公开N件, 部分公开N件, 行政复议N件, 行政诉讼N件, 结转下年度N件) compared with the publication's table. A hint, not an error: a figure whose clause names another scope (全市, 其中, 网上, another year, 较上年, 含…) or a combined figure (予以公开及部分公开) is not read, and a cell is reported only when no statement of it in the publication equals the table.
WITH standing AS (
    -- parsed_reports holds the source whose tables stand for each publication
    SELECT agency_id, year, page_url, report_id FROM parsed_reports
), claim AS (
    SELECT r.agency_id, r.year, r.page_url, c.*, r.source_url = r.page_url AS on_page
    FROM narrative_claims c
    JOIN reports r USING (report_id)
), printed AS (
    SELECT s.agency_id, s.year, s.page_url, s.report_id, k.claim, k.metric, k.label,
           sum(f.value) AS value, count(f.value) AS n_cells,
           list({'report_id': f.report_id, 'metric': f.metric} ORDER BY f.metric) AS cells
    FROM standing s
    JOIN (SELECT DISTINCT agency_id, year, page_url, claim, metric, cells, label FROM claim) k
        USING (agency_id, year, page_url)
    JOIN facts_effective f ON f.report_id = s.report_id AND list_contains(k.cells, f.metric)
    GROUP BY ALL
), judged AS (
    SELECT p.agency_id, p.year, p.report_id, p.metric, p.label, p.value, any_value(p.cells) AS cells,
           bool_or(c.value = p.value) AS any_equal,
           arg_min(c.value, (NOT c.on_page, c.report_id, c.ordinal)) AS stated,
           arg_min(c.quote, (NOT c.on_page, c.report_id, c.ordinal)) AS quote
    FROM printed p
    JOIN claim c USING (agency_id, year, page_url, claim)
    WHERE p.n_cells > 0
    GROUP BY ALL
)
SELECT agency_id, year, report_id, metric, fmt_num(value) AS expected, fmt_num(stated) AS actual,
       format('正文称“{}”（{}件），但{}为{}件；请核实是否统计口径不同', quote, fmt_num(stated), label, fmt_num(value))
           AS message,
       cells
FROM judged
WHERE NOT any_equal
