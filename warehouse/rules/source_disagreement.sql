-- id: source_disagreement
-- severity: error
-- title_zh: 同一报告的网页版与附件版数据不一致
-- title_en: The report page and its attached file print different values
-- basis: 《中华人民共和国政府信息公开条例》第五十条（年度报告内容应当准确）
-- description: When a report is published both as an article page with tables and as an attached file (PDF/DOCX) with tables, every cell printed by both must agree; one finding per differing cell, on the attached file. A supervisor's correction of a misread cell applies.
SELECT att.agency_id, att.year, att.report_id, fa.metric,
       coalesce(fmt_num(fp.value), '空白') AS expected,
       coalesce(fmt_num(fa.value), '空白') AS actual,
       format('“{}·{}”：网页版为{}，附件版（{}）为{}', coalesce(nullif(m.row_label, ''), m.block),
              regexp_replace(m.column_label, '（2019格式：.*）', ''), coalesce(fmt_num(fp.value), '空白'),
              att.source_url, coalesce(fmt_num(fa.value), '空白')) AS message,
       [{'report_id': att.report_id, 'metric': fa.metric}, {'report_id': page.report_id, 'metric': fp.metric}] AS cells
FROM parsed_sources att
JOIN parsed_sources page ON page.source_url = att.page_url AND page.report_id <> att.report_id
JOIN facts_effective fa ON fa.report_id = att.report_id
JOIN facts_effective fp ON fp.report_id = page.report_id AND fp.metric = fa.metric
JOIN metrics m ON m.metric = fa.metric
WHERE att.source_url <> att.page_url
  AND fa.value IS DISTINCT FROM fp.value
