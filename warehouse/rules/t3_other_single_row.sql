-- id: t3_other_single_row
-- severity: warning
-- title_zh: “（六）其他处理”未按2021版格式分项填报
-- title_en: （六）其他处理 printed as one row in a 2021-format report
-- basis: 国办公开办函〔2021〕30号：（六）其他处理分为逾期不补正、逾期未缴费、其他三项
-- description: From 2021 the format splits （六）其他处理 into three rows; a report printing the single 2019 row cannot be compared by reason.
SELECT agency_id, year, report_id, NULL AS metric,
       '分三项填报' AS expected, '合并为一行' AS actual,
       '2021版格式要求“（六）其他处理”分为“申请人无正当理由逾期不补正”“申请人逾期未按收费通知要求缴纳费用”“其他”三项，报告仅填报一行'
           AS message,
       NULL AS cells
FROM parsed_reports
WHERE template = '2021' AND other_shape = 'single' AND year >= 2021
