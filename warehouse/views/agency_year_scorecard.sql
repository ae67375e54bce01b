CREATE OR REPLACE VIEW agency_year_scorecard AS
WITH years AS (
    SELECT DISTINCT year FROM reports WHERE year >= 2019
    UNION
    SELECT DISTINCT year FROM findings
), published AS (
    SELECT agency_id, year, min(published_on) AS published_on, count(DISTINCT page_url) AS publications
    FROM reports
    WHERE parse_status <> 'not_a_report'
    GROUP BY ALL
), standing AS (
    SELECT p.agency_id, p.year, p.report_id, p.template,
           p.parse_status = 'ok' AND list_has_all(coalesce(ps.sections, []), [1, 2, 3, 4, 5, 6]) AS complete
    FROM primary_reports p
    LEFT JOIN publication_sections ps USING (agency_id, year, page_url)
), not_looked_at AS (
    -- nobody looked for these reports (no 年报 column crawled, no years given): neither missing nor compliant
    SELECT DISTINCT agency_id, year FROM findings WHERE rule_id = 'year_not_looked_at'
), counts AS (
    SELECT agency_id, year,
           count(*) AS findings,
           count(*) FILTER (severity = 'error') AS errors,
           count(*) FILTER (severity = 'warning') AS warnings,
           count(*) FILTER (severity = 'info') AS infos,
           -- an error counts against compliance until a supervisor dismisses it
           count(*) FILTER (severity = 'error' AND coalesce(review_status, 'accepted') = 'accepted') AS open_errors,
           count(*) FILTER (review_status IS NOT NULL) AS reviewed
    FROM findings_reviewed
    GROUP BY ALL
), card AS (
    SELECT a.agency_id, a.name AS agency_name, a.region, a.kind, y.year,
           report_deadline(a.kind, y.year) AS deadline,
           pb.published_on, coalesce(pb.publications, 0) AS publications,
           n.agency_id IS NULL AS looked_at,
           s.report_id, s.template,
           CASE WHEN n.agency_id IS NOT NULL THEN NULL
                WHEN pb.agency_id IS NULL THEN false
                WHEN pb.published_on IS NULL THEN NULL
                ELSE pb.published_on <= report_deadline(a.kind, y.year) END AS on_time,
           coalesce(s.complete, false) AS complete,
           coalesce(c.findings, 0) AS findings,
           coalesce(c.errors, 0) AS errors,
           coalesce(c.open_errors, 0) AS open_errors,
           coalesce(c.warnings, 0) AS warnings,
           coalesce(c.infos, 0) AS infos,
           coalesce(c.reviewed, 0) AS reviewed,
           round(c.reviewed / nullif(c.findings, 0), 4) AS reviewed_share,
           CASE WHEN n.agency_id IS NULL THEN coalesce(c.open_errors, 0) = 0 END AS compliant
    FROM agencies a
    CROSS JOIN years y
    LEFT JOIN published pb ON pb.agency_id = a.agency_id AND pb.year = y.year
    LEFT JOIN standing s ON s.agency_id = a.agency_id AND s.year = y.year
    LEFT JOIN counts c ON c.agency_id = a.agency_id AND c.year = y.year
    LEFT JOIN not_looked_at n ON n.agency_id = a.agency_id AND n.year = y.year
)
SELECT *,
       -- ranked among the agency-years that were looked at
       CASE WHEN looked_at THEN
           rank() OVER (PARTITION BY region, year, looked_at
                        ORDER BY compliant DESC, open_errors, warnings, on_time DESC NULLS LAST, complete DESC)
       END AS rank_in_region
FROM card;
COMMENT ON VIEW agency_year_scorecard IS 'One row per roster agency and year: on time (first publication by the 条例第四十九条 deadline), complete (standing report fully parsed, all six sections), findings by severity, reviewed share, compliant (no error left that is unreviewed or accepted) and rank in its region; an agency-year nobody looked for (year_not_looked_at: no 年报 column crawled, no years given) has looked_at false and on_time, compliant and rank NULL';
