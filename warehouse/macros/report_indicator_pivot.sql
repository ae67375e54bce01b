-- The cells agency_year_indicators adds up, one row per report of ``cells`` (the name of a table or view
-- with report_id, metric, value): at load over the report's facts as read (report_indicators), when
-- read over the effective facts of the reports a supervisor corrected (indicator_cells_live). Reports
-- keep the rows this computed when they were loaded: a change here reaches them at the next check
-- (report_derivations.indicators_with).
CREATE OR REPLACE MACRO report_indicator_pivot(cells) AS TABLE
SELECT report_id,
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
FROM query_table(cells)
-- only the cells the indicators add up (a tenth of the facts); all are catalog cells (spec/metrics.csv),
-- as every fact's metric is, so unlike agency_year_facts this needs no join with metrics
WHERE metric IN ('t3.new_received.total', 't3.carried_in.total', 't3.total_handled.total', 't3.granted.total',
                 't3.partially_granted.total', 't3.carried_out.total', 't4.review.total', 't4.review.corrected',
                 't4.suit_direct.total', 't4.suit_after_review.total', 't4.suit_direct.corrected',
                 't4.suit_after_review.corrected', 't2.penalty.decisions', 't2.licensing.decisions')
   OR metric LIKE 't3.unable.%.total' OR metric LIKE 't3.withheld.%.total' OR metric LIKE 't3.rejected.%.total'
GROUP BY report_id;
