CREATE OR REPLACE VIEW agency_year_indicators AS
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
    -- only the cells the indicators add up: a tenth of the facts, at 100,000 agency-years 2.4 s → 1.5 s
    WHERE metric IN ('t3.new_received.total', 't3.carried_in.total', 't3.total_handled.total', 't3.granted.total',
                     't3.partially_granted.total', 't3.carried_out.total', 't4.review.total', 't4.review.corrected',
                     't4.suit_direct.total', 't4.suit_after_review.total', 't4.suit_direct.corrected',
                     't4.suit_after_review.corrected', 't2.penalty.decisions', 't2.licensing.decisions')
       OR metric LIKE 't3.unable.%.total' OR metric LIKE 't3.withheld.%.total' OR metric LIKE 't3.rejected.%.total'
    GROUP BY ALL
)
SELECT *,
       round((coalesce(granted, 0) + coalesce(partially_granted, 0)) / nullif(handled, 0), 4) AS disclosure_rate,
       round(reviews_corrected / nullif(reviews, 0), 4) AS review_correction_rate,
       round(lawsuits_corrected / nullif(lawsuits, 0), 4) AS lawsuit_correction_rate
FROM v;
COMMENT ON VIEW agency_year_indicators IS 'One row per agency-year: application counts and rates (公开率 = (予以公开+部分公开)/办理总计, 复议/诉讼纠错率)';
