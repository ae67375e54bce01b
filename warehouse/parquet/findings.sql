-- description: Every finding of the last check, with its latest review
-- partition_by: year
SELECT * FROM findings_reviewed ORDER BY agency_id, rule_id, finding_id
