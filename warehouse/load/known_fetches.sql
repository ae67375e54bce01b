-- Fetch outcomes already logged: a rerun that sees the same outcome adds nothing to the log.
SELECT fetch_id FROM fetches
