-- A rerun skips what it already has. A document whose bytes (sha256) and reader (reader_version) are
-- those of its report row is not parsed again; a URL whose validators the server confirms (ETag /
-- Last-Modified: 304 Not Modified) is not downloaded again, its bytes are read from the archive.

ALTER TABLE reports ADD COLUMN reader_version VARCHAR;
COMMENT ON COLUMN reports.reader_version IS 'Digest of the reading and mapping code that produced this row: a rerun parses the document again only when its bytes or this change';

CREATE TABLE http_validators (
    url            VARCHAR PRIMARY KEY,
    etag           VARCHAR,
    last_modified  VARCHAR,
    content_type   VARCHAR,
    sha256         VARCHAR NOT NULL
);
COMMENT ON TABLE http_validators IS 'Per URL, the ETag / Last-Modified of its last good answer and the archived bytes (sha256) it stands for: sent as If-None-Match / If-Modified-Since on the next run';
