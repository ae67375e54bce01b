-- Findings beside their latest review, for the scorecards (a review is kept across checks).
CREATE OR REPLACE VIEW findings_reviewed AS
SELECT f.*, rv.status AS review_status, rv.reason AS review_reason, rv.reviewed_at, rv.reviewed_by
FROM findings f
LEFT JOIN reviews rv USING (finding_id);
COMMENT ON VIEW findings_reviewed IS 'Findings with the latest review decision (review_status NULL: not reviewed yet)';
