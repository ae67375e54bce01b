-- The attachments each report page linked when it was read: a page unchanged since is not parsed
-- again, but its attachments are still fetched (they may have changed on their own).
SELECT page_url, list(source_url ORDER BY source_url) FROM reports
WHERE page_url IS NOT NULL AND page_url <> source_url
GROUP BY page_url
