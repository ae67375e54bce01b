-- The base tables of one attached catalog, for the stamp that tells two states of the warehouse apart
SELECT table_name
FROM duckdb_tables()
WHERE database_name = $catalog AND schema_name = 'main' AND NOT temporary
ORDER BY table_name
