-- id: statistical_period
-- severity: warning
-- title_zh: 报告载明的统计期限不是本年度1月1日至12月31日
-- title_en: Stated statistical period is not 1 January – 31 December of the report year
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式：报告所列数据的统计期限为本年度1月1日至12月31日
-- description: The statistical period a report states in its opening or in 一、总体情况 ("本年度报告中所列数据统计期限从2023年1月1日到12月31日止") must be 1 January – 31 December of its year; a date without its year takes the other date's. No finding when no period is stated. One finding per publication (page before attachment).
WITH wrong AS (
    SELECT r.agency_id, r.year, r.report_id, r.page_url, s.period_start, s.period_end, s.quote,
           make_date(r.year, 1, 1) AS due_start, make_date(r.year, 12, 31) AS due_end
    FROM reports r
    JOIN stated_periods s USING (report_id)
    WHERE r.year >= 2019
      AND (s.period_end <> make_date(r.year, 12, 31)
           OR (s.period_start IS NOT NULL AND s.period_start <> make_date(r.year, 1, 1)))
    QUALIFY row_number() OVER (PARTITION BY r.agency_id, r.year, r.page_url
                               ORDER BY r.source_url = r.page_url DESC, r.report_id) = 1
)
SELECT agency_id, year, report_id, NULL AS metric,
       strftime(due_start, '%Y-%m-%d') || '至' || strftime(due_end, '%Y-%m-%d') AS expected,
       coalesce(strftime(period_start, '%Y-%m-%d'), '…') || '至' || strftime(period_end, '%Y-%m-%d') AS actual,
       format('报告载明的统计期限为{}至{}（原文：“{}”），{}年度报告的统计期限应为{}年1月1日至12月31日',
              coalesce(strftime(period_start, '%Y年%-m月%-d日'), '（未写起始日）'),
              strftime(period_end, '%Y年%-m月%-d日'), quote, year, year) AS message,
       NULL AS cells
FROM wrong
