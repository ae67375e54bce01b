-- description: The roster's agencies with their region (未填地区 when none) and kind, by region
SELECT agency_id, name, coalesce(region, '未填地区') AS region, kind
FROM agencies
ORDER BY region, agency_id
