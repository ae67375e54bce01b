-- What the last check judged: a digest of everything its findings depend on (the warehouse's tables,
-- the rules, the code, the date and years asked for). A check whose digest is the stored one would
-- rebuild the same findings: it is skipped, so an unchanged rerun does not redo the check.

CREATE TABLE check_state (
    fingerprint VARCHAR NOT NULL,
    checked_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE check_state IS 'One row: the digest of the inputs of the last check and when it ran';
