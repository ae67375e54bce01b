-- Stamp reports with the version of the code that derived their narrative rows, and keep the shingles
-- of their 一 and 五 (``frame``: the rows derive.store_narratives made, one per report).
INSERT INTO report_derivations (report_id, narrative_with, shingles)
SELECT report_id, narrative_with, shingles FROM frame
ON CONFLICT (report_id) DO UPDATE SET narrative_with = excluded.narrative_with, shingles = excluded.shingles
