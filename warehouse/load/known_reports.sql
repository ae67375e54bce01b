-- Every report row with what decides whether a rerun may reuse it: its bytes, the reader that read
-- them, and how it read.
SELECT report_id, sha256, reader_version, parse_status, coalesce(page_url, source_url) FROM reports
