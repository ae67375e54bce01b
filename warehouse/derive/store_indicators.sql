-- The indicator rows of the reports $ids, pivoted from the table or view named $cells (their facts).
INSERT INTO report_indicators BY NAME
SELECT * FROM report_indicator_pivot($cells) WHERE report_id IN (SELECT unnest($ids))
