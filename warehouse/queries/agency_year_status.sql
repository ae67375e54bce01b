-- description: Agency-years for the workspace: publication (on_time, late, not_published, not_looked_at, date_unknown), complete, compliant, findings by severity, the standing report and the late_publication finding (optionally one year, region, agency, or a status: a publication status, complete, incomplete, compliant, non_compliant)
-- defaults: year=;region=;agency_id=;status=
WITH late AS (
    SELECT agency_id, year, min(finding_id) AS late_finding_id, arg_min(message, finding_id) AS late_message
    FROM findings
    WHERE rule_id = 'late_publication'
    GROUP BY ALL
), card AS (
    SELECT s.agency_id, s.agency_name, coalesce(s.region, '未填地区') AS region, s.kind, s.year, s.deadline,
           s.published_on, s.publications,
           CASE WHEN NOT s.looked_at THEN 'not_looked_at' WHEN s.publications = 0 THEN 'not_published'
                WHEN s.on_time THEN 'on_time' WHEN NOT s.on_time THEN 'late' ELSE 'date_unknown' END AS publication,
           s.looked_at, s.complete, s.compliant, s.errors, s.open_errors, s.warnings, s.infos, s.reviewed,
           s.report_id, r.title AS report_title, r.source_url, l.late_finding_id, l.late_message
    FROM agency_year_scorecard s
    LEFT JOIN reports r ON r.report_id = s.report_id
    LEFT JOIN late l ON l.agency_id = s.agency_id AND l.year = s.year
)
SELECT *
FROM card
WHERE ($year = '' OR year = TRY_CAST($year AS INTEGER))
  AND ($region = '' OR region = $region)
  AND ($agency_id = '' OR agency_id = $agency_id)
  AND ($status = '' OR publication = $status
       OR ($status = 'complete' AND complete)
       OR ($status = 'incomplete' AND publications > 0 AND NOT complete)
       OR ($status = 'compliant' AND compliant)
       OR ($status = 'non_compliant' AND NOT compliant))
ORDER BY region, year DESC, agency_id
