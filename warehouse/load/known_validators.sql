-- Validators of the last good answer of each URL, for conditional GET.
SELECT url, etag, last_modified, sha256, content_type FROM http_validators
