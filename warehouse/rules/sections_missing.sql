-- id: sections_missing
-- severity: warning
-- title_zh: 年度报告缺少规定的组成部分
-- title_en: Report lacks one of the six sections of the format
-- basis: 《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（一至六部分）
-- description: A parsed report must print the six sections 一、总体情况 … 六、其他需要报告的事项. Judged per publication: the article page and its attachments (same page_url) together; a section counts when some source prints it, recognised by its heading's words whatever its numeral, also when PDF text ran the heading into the paragraph before it. One finding per publication, listing the missing headings.
WITH publication AS (
    -- the report a finding points at: the page itself when parsed, else its first parsed attachment
    SELECT agency_id, year, page_url, report_id
    FROM parsed_reports
    QUALIFY row_number() OVER (PARTITION BY agency_id, year, page_url
                               ORDER BY source_url = page_url DESC, parse_status = 'ok' DESC, report_id) = 1
), headings(section, heading) AS (
    VALUES (1, '一、总体情况'), (2, '二、主动公开政府信息情况'), (3, '三、收到和处理政府信息公开申请情况'),
           (4, '四、政府信息公开行政复议、行政诉讼情况'), (5, '五、存在的主要问题及改进情况'),
           (6, '六、其他需要报告的事项')
), missing AS (
    SELECT p.agency_id, p.year, p.report_id, h.section, h.heading
    FROM publication p
    LEFT JOIN publication_sections ps USING (agency_id, year, page_url)
    CROSS JOIN headings h
    WHERE NOT list_contains(coalesce(ps.sections, []), h.section)
)
SELECT agency_id, year, report_id, NULL AS metric,
       '一至六部分齐全' AS expected,
       '缺少第' || string_agg(substr(heading, 1, 1), '、' ORDER BY section) || '部分' AS actual,
       format('年度报告缺少以下部分：{}（格式要求包括一、总体情况至六、其他需要报告的事项共六部分）',
              string_agg(heading, '；' ORDER BY section)) AS message,
       NULL AS cells
FROM missing
GROUP BY agency_id, year, report_id
