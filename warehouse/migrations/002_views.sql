-- Views for the rules and for analysts. Blank cells stay NULL here; each rule says how it treats them.

CREATE MACRO fmt_num(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN x = round(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
         ELSE CAST(round(x, 4) AS VARCHAR) END;

CREATE MACRO report_deadline(kind, year) AS
    -- 条例第四十九条: departments by 31 January of Y+1, a government's region-wide report by 31 March.
    -- Before the 2019 条例 everybody had until 31 March.
    CASE WHEN kind = 'department' AND year >= 2019 THEN make_date(year + 1, 1, 31)
         ELSE make_date(year + 1, 3, 31) END;

CREATE VIEW parsed_reports AS
SELECT r.*, a.name AS agency_name, a.region, a.kind
FROM reports r JOIN agencies a USING (agency_id)
WHERE r.parse_status IN ('ok', 'partial') AND r.year >= 2019;
COMMENT ON VIEW parsed_reports IS 'Reports whose tables were read (parse_status ok or partial), in scope (2019 onwards), with agency name, region and kind';

CREATE VIEW primary_reports AS
SELECT * FROM parsed_reports
QUALIFY row_number() OVER (PARTITION BY agency_id, year
                           ORDER BY published_on DESC NULLS LAST, report_id) = 1;
COMMENT ON VIEW primary_reports IS 'The report that stands for each agency-year: the latest published parsed one (a republication replaces the earlier)';

CREATE VIEW t3_cells AS
SELECT f.report_id,
       substr(f.metric, 4, length(f.metric) - 3 - length(split_part(f.metric, '.', -1)) - 1) AS row_key,
       split_part(f.metric, '.', -1) AS col_key,
       f.metric, f.value, f.raw_text, f.page
FROM facts f
WHERE f.metric LIKE 't3.%';
COMMENT ON VIEW t3_cells IS 'Table 3 (收到和处理政府信息公开申请情况) facts split into row key and applicant column key';

CREATE VIEW t4_cells AS
SELECT f.report_id, split_part(f.metric, '.', 2) AS group_key, split_part(f.metric, '.', 3) AS outcome,
       f.metric, f.value, f.raw_text, f.page
FROM facts f
WHERE f.metric LIKE 't4.%';
COMMENT ON VIEW t4_cells IS 'Table 4 (行政复议、行政诉讼) facts split into group (review, suit_direct, suit_after_review) and outcome';

CREATE VIEW agency_year_facts AS
SELECT p.agency_id, p.agency_name, p.region, p.kind, p.year, p.template, p.report_id,
       f.metric, f.value, f.raw_text, m.row_label, m.column_label
FROM primary_reports p
JOIN facts f USING (report_id)
JOIN metrics m USING (metric);
COMMENT ON VIEW agency_year_facts IS 'Long form: one row per agency, year and metric, from the report that stands for the agency-year, with official labels';

CREATE VIEW agency_year_indicators AS
WITH v AS (
    SELECT agency_id, agency_name, region, kind, year, template, report_id,
           max(value) FILTER (metric = 't3.new_received.total') AS new_applications,
           max(value) FILTER (metric = 't3.carried_in.total') AS carried_in,
           max(value) FILTER (metric = 't3.total_handled.total') AS handled,
           max(value) FILTER (metric = 't3.granted.total') AS granted,
           max(value) FILTER (metric = 't3.partially_granted.total') AS partially_granted,
           sum(value) FILTER (metric LIKE 't3.unable.%.total') AS unable,
           sum(value) FILTER (metric LIKE 't3.withheld.%.total') AS withheld,
           sum(value) FILTER (metric LIKE 't3.rejected.%.total') AS rejected,
           max(value) FILTER (metric = 't3.carried_out.total') AS carried_out,
           max(value) FILTER (metric = 't4.review.total') AS reviews,
           max(value) FILTER (metric = 't4.review.corrected') AS reviews_corrected,
           coalesce(max(value) FILTER (metric = 't4.suit_direct.total'), 0)
             + coalesce(max(value) FILTER (metric = 't4.suit_after_review.total'), 0) AS lawsuits,
           coalesce(max(value) FILTER (metric = 't4.suit_direct.corrected'), 0)
             + coalesce(max(value) FILTER (metric = 't4.suit_after_review.corrected'), 0) AS lawsuits_corrected,
           max(value) FILTER (metric = 't2.penalty.decisions') AS penalty_decisions,
           max(value) FILTER (metric = 't2.licensing.decisions') AS licensing_decisions
    FROM agency_year_facts
    GROUP BY ALL
)
SELECT *,
       round((coalesce(granted, 0) + coalesce(partially_granted, 0)) / nullif(handled, 0), 4) AS disclosure_rate,
       round(reviews_corrected / nullif(reviews, 0), 4) AS review_correction_rate,
       round(lawsuits_corrected / nullif(lawsuits, 0), 4) AS lawsuit_correction_rate
FROM v;
COMMENT ON VIEW agency_year_indicators IS 'One row per agency-year: application counts and rates (公开率 = (予以公开+部分公开)/办理总计, 复议/诉讼纠错率)';

CREATE VIEW agency_year_comparison AS
SELECT i.*,
       rank() OVER (PARTITION BY year ORDER BY new_applications DESC NULLS LAST) AS rank_applications_in_year,
       rank() OVER (PARTITION BY region, year ORDER BY new_applications DESC NULLS LAST) AS rank_applications_in_region,
       lag(new_applications) OVER (PARTITION BY agency_id ORDER BY year) AS new_applications_prev_year,
       round(new_applications / nullif(lag(new_applications) OVER (PARTITION BY agency_id ORDER BY year), 0) - 1, 4)
           AS new_applications_yoy
FROM agency_year_indicators i;
COMMENT ON VIEW agency_year_comparison IS 'Peer rank (in the year, in the region) and year-over-year change of each agency-year';
