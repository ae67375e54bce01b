-- Each agency-year's standing publication beside the agency's of the year before, with how many
-- shingles of 一 and 五 they share. A publication's text is that of all its sources (the article page
-- and its attachments share page_url: the page may hold the narrative, its PDF the tables), so its
-- shingles are the union of theirs (report_derivations, derived at load; each source's are distinct
-- already, so only a union of two texts is made distinct again: list_distinct is most of the cost).
-- A source whose text the rules do not read has none. Texts under $min_shingles shingles are not
-- compared.
WITH publication AS (
    SELECT p.agency_id, p.year, p.report_id,
           CASE WHEN count(*) FILTER (len(d.shingles) > 0) <= 1
                THEN flatten(list(d.shingles) FILTER (len(d.shingles) > 0))
                ELSE list_distinct(flatten(list(d.shingles))) END AS shingles
    FROM primary_reports p
    JOIN reports r ON r.agency_id = p.agency_id AND r.year = p.year AND r.page_url = p.page_url
    LEFT JOIN report_derivations d ON d.report_id = r.report_id
    GROUP BY ALL
)
SELECT cur.report_id, prev.report_id AS previous_report_id,
       len(list_intersect(cur.shingles, coalesce(prev.shingles, []))) AS shared, len(cur.shingles) AS n_shingles
FROM publication cur
JOIN publication prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
WHERE len(cur.shingles) >= $min_shingles
