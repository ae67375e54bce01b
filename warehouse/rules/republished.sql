-- id: republished
-- severity: info
-- title_zh: 同一年度报告多次公布
-- title_en: Annual report published more than once
-- basis: 《中华人民共和国政府信息公开条例》第四十九条（每年公布一次年度报告）
-- description: An agency-year with more than one publication (distinct article pages; an attachment belongs to the page it was published on). One finding per publication after the first, pointing at that publication's page. Every publication is kept; the latest one stands for the agency-year (primary_reports), the first one decides whether it was on time.
WITH publication AS (
    SELECT agency_id, year, page_url, min(published_on) AS published_on,
           -- the page itself stands for the publication; an attachment only when the page is not stored
           arg_min(report_id, CASE WHEN source_url = page_url THEN '0' ELSE '1' END || report_id) AS report_id
    FROM reports
    WHERE year >= 2019 AND parse_status <> 'not_a_report'
    GROUP BY ALL
), ordered AS (
    SELECT *,
           row_number() OVER w AS n,
           first_value(published_on) OVER w AS first_on,
           first_value(page_url) OVER w AS first_url,
           count(*) OVER (PARTITION BY agency_id, year) AS publications
    FROM publication
    WINDOW w AS (PARTITION BY agency_id, year ORDER BY published_on NULLS LAST, page_url)
)
SELECT agency_id, year, report_id, NULL AS metric,
       coalesce(CAST(first_on AS VARCHAR), '日期不详') AS expected,
       coalesce(CAST(published_on AS VARCHAR), '日期不详') AS actual,
       format('{}年度报告共公布{}次：首次于{}公布（{}），本次于{}再次公布（{}）。两次公布均已收录，以最新公布的一份为准',
              year, publications, coalesce(CAST(first_on AS VARCHAR), '日期不详'), first_url,
              coalesce(CAST(published_on AS VARCHAR), '日期不详'), page_url) AS message,
       NULL AS cells
FROM ordered
WHERE n > 1
