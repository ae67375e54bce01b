INSERT INTO decisions (decision_id, kind, finding_id, report_id, metric, status, value, reverts, reason,
                       decided_by, submitted_at)
VALUES (:decision_id, :kind, :finding_id, :report_id, :metric, :status, :value, :reverts, :reason, :by,
        :submitted_at)
