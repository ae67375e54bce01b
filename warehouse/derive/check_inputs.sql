-- The tables a check may read: every table of the warehouse but those the check itself writes.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT list_contains($outputs, table_name)
ORDER BY table_name
