-- description: Every report found (agency x year x source document), with its parse outcome
-- partition_by: year
SELECT * FROM reports ORDER BY agency_id, report_id
