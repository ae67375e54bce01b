-- id: format_version
-- severity: error
-- title_zh: 报告格式版本与年度不符
-- title_en: Report format version does not match its year
-- basis: 国办公开办函〔2019〕60号（2019、2020年度适用）；国办公开办函〔2021〕30号（2021年度起适用）
-- description: Reports for 2019 and 2020 follow the 2019 format; reports for 2021 onwards the 2021 format.
SELECT agency_id, year, report_id, NULL AS metric,
       CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END AS expected, template AS actual,
       format('{}年度报告应使用{}版格式（{}），实际使用{}版格式', year,
              CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END,
              CASE WHEN year >= 2021 THEN '国办公开办函〔2021〕30号' ELSE '国办公开办函〔2019〕60号' END,
              template) AS message,
       NULL AS cells
FROM parsed_reports
WHERE template IS NOT NULL AND template <> CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END
