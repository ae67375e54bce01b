-- Only a pending decision is settled: one applied or rejected stays so.
UPDATE decisions SET state = :state, settled_at = :settled_at, error = :error
WHERE decision_id = :decision_id AND state = 'pending'
