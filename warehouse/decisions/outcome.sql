SELECT state, error, settled_at FROM decisions WHERE decision_id = :decision_id
