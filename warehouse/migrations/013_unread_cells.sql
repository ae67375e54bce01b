-- Honest status: a report is ok only when every cell its format prints was read; the cells left
-- unread (a table not found, a column lost to spans, an unmatched row) are listed on the report.

ALTER TABLE reports ADD COLUMN unread VARCHAR[];
COMMENT ON COLUMN reports.unread IS 'Metric codes of the cells the report''s format prints that were not read (empty for ok; NULL where no table was read or before this column existed): why parse_status is partial';
