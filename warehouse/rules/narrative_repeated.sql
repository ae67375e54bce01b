-- id: narrative_repeated
-- severity: info
-- title_zh: 正文内容与上一年度报告大量重复
-- title_en: Narrative largely repeated from last year's report
-- basis: 国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（总体情况、存在的主要问题及改进情况应反映本年度工作）；多地政务公开考核对年报内容重复率超过50%扣分
-- description: Share of the text of 一、总体情况 and 五、存在的主要问题及改进情况 repeated from the same agency's previous-year report (the publications standing for each agency-year, page and attachments together): containment of this year's 5-character shingles (spaces and punctuation dropped, numbers masked, so a text copied with only its figures updated still counts) in last year's. Fires above 0.5; texts under 100 shingles are not judged.
SELECT p.agency_id, p.year, p.report_id, NULL AS metric,
       '≤0.50' AS expected, printf('%.2f', n.share) AS actual,
       format('“一、总体情况”和“五、存在的主要问题及改进情况”的文字约{}%与{}年度报告相同（按连续5字片段计，数字不计），超过50%',
              CAST(round(n.share * 100) AS INTEGER), p.year - 1) AS message,
       NULL AS cells
FROM narrative_repeats n
JOIN primary_reports p USING (report_id)
WHERE n.share > 0.5
