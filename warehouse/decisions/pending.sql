-- In the order they were submitted: a later decision on a finding or a cell replaces an earlier one.
SELECT decision_id, kind, finding_id, report_id, metric, status, value, reverts, reason, decided_by,
       submitted_at
FROM decisions
WHERE state = 'pending'
ORDER BY submitted_at, decision_id
