-- description: Indicators per agency-year (agency_year_indicators) for charts and comparisons: some agencies (comma-separated ids) or a region, and a range of years (each optional)
-- defaults: agencies=;region=;year_from=;year_to=
SELECT i.agency_id, i.agency_name, coalesce(i.region, '未填地区') AS region, i.year, i.template,
       i.new_applications, i.carried_in, i.handled, i.granted, i.partially_granted, i.withheld, i.unable,
       i.rejected, i.carried_out, i.disclosure_rate, i.reviews, i.review_correction_rate, i.lawsuits,
       i.lawsuit_correction_rate, i.licensing_decisions, i.penalty_decisions
FROM agency_year_indicators i
WHERE ($agencies = '' OR list_contains(string_split($agencies, ','), i.agency_id))
  AND ($region = '' OR coalesce(i.region, '未填地区') = $region)
  AND ($year_from = '' OR i.year >= TRY_CAST($year_from AS INTEGER))
  AND ($year_to = '' OR i.year <= TRY_CAST($year_to AS INTEGER))
ORDER BY region, i.agency_id, i.year
