-- The decisions inbox (SQLite): reviews and corrections submitted while the warehouse may be busy,
-- applied by its next writer. state: pending, then applied or rejected (error says why).
CREATE TABLE IF NOT EXISTS decisions (
    decision_id   TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('review', 'correction')),
    finding_id    TEXT,
    report_id     TEXT,
    metric        TEXT,
    status        TEXT,
    value         REAL,
    reverts       INTEGER NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL,
    decided_by    TEXT,
    submitted_at  TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'rejected')),
    settled_at    TEXT,
    error         TEXT
);
CREATE INDEX IF NOT EXISTS decisions_by_state ON decisions (state, submitted_at);
