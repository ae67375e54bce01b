-- A report is often published as an article page that links the report file (PDF/DOCX) as an
-- attachment, sometimes with the tables in both. Each source document is its own report row; page_url
-- ties the attachment to the publication (the article page) it came through.

ALTER TABLE reports ADD COLUMN page_url VARCHAR;
UPDATE reports SET page_url = source_url WHERE page_url IS NULL;
COMMENT ON COLUMN reports.page_url IS 'The article page the report was published on; equals source_url for the page itself, differs for its attachments';
