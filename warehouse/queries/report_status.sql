-- description: Reports by parse status and format version
SELECT parse_status AS 解析状态, coalesce(template, '') AS 格式, count(*) AS 报告数
FROM reports
GROUP BY ALL
ORDER BY 报告数 DESC, 解析状态, 格式
