-- Core tables. One writer (the pipeline); analysts read a published snapshot.
-- Ids are hashes of natural keys so a rerun rewrites the same rows instead of adding new ones.

CREATE TABLE agencies (
    agency_id   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    region      VARCHAR,
    level       VARCHAR,
    kind        VARCHAR NOT NULL CHECK (kind IN ('government', 'department')),
    portal_url  VARCHAR,
    extra       JSON
);
COMMENT ON TABLE agencies IS '名录 roster: one row per agency the supervisor follows (roster CSV; extra columns kept in extra)';
COMMENT ON COLUMN agencies.kind IS 'government: its report is the region-wide one, due 31 March of Y+1; department: due 31 January of Y+1';

CREATE TABLE metrics (
    metric        VARCHAR PRIMARY KEY,
    "table"       VARCHAR NOT NULL,
    templates     VARCHAR NOT NULL,
    block         VARCHAR,
    row_label     VARCHAR,
    column_label  VARCHAR,
    kind          VARCHAR NOT NULL
);
COMMENT ON TABLE metrics IS 'Catalog of every numeric cell of the 2019 and 2021 formats (spec/metrics.csv), with the official Chinese labels';

CREATE TABLE fetches (
    fetch_id       VARCHAR PRIMARY KEY,
    url            VARCHAR NOT NULL,
    agency_id      VARCHAR,
    purpose        VARCHAR NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    status_code    INTEGER,
    sha256         VARCHAR,
    content_type   VARCHAR,
    n_bytes        BIGINT,
    attempts       INTEGER,
    error          VARCHAR
);
COMMENT ON TABLE fetches IS 'Fetch log: each distinct outcome of fetching a URL (status, content hash or error) once, with the time it was first seen';

CREATE TABLE documents (
    sha256        VARCHAR PRIMARY KEY,
    url           VARCHAR,
    media_type    VARCHAR,
    encoding      VARCHAR,
    n_bytes       BIGINT,
    archive_path  VARCHAR NOT NULL
);
COMMENT ON TABLE documents IS 'Every fetched or received report file by content hash; archive_path is the exact bytes, relative to the archive root';

CREATE TABLE reports (
    report_id      VARCHAR PRIMARY KEY,
    agency_id      VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    source_url     VARCHAR NOT NULL,
    title          VARCHAR,
    published_on   DATE,
    sha256         VARCHAR,
    media_type     VARCHAR,
    parse_status   VARCHAR NOT NULL,
    parse_message  VARCHAR,
    template       VARCHAR,
    other_shape    VARCHAR,
    stated_agency  VARCHAR,
    stated_year    INTEGER,
    sections       VARCHAR[],
    warnings       VARCHAR[]
);
COMMENT ON TABLE reports IS 'One row per agency x year x source document, with how it parsed (parse_status ok|partial|needs_ocr|unknown_layout|out_of_scope|fetch_failed…) and the format version (template) it follows';
COMMENT ON COLUMN reports.template IS 'Format version printed: 2019 (国办公开办函〔2019〕60号) or 2021 (国办公开办函〔2021〕30号)';
COMMENT ON COLUMN reports.other_shape IS 'How （六）其他处理 is printed: single row (2019 format) or split into three rows (2021 format)';

CREATE TABLE sections (
    report_id  VARCHAR NOT NULL,
    ordinal    INTEGER NOT NULL,
    numeral    VARCHAR,
    heading    VARCHAR,
    body       VARCHAR,
    PRIMARY KEY (report_id, ordinal)
);
COMMENT ON TABLE sections IS 'Section headings and texts of each report (一、总体情况 … 六、其他需要报告的事项) as printed';

CREATE TABLE facts (
    report_id    VARCHAR NOT NULL,
    metric       VARCHAR NOT NULL,
    value        DOUBLE,
    raw_text     VARCHAR,
    note         VARCHAR,
    table_index  INTEGER,
    row_index    INTEGER,
    col_index    INTEGER,
    page         INTEGER,
    bbox         DOUBLE[],
    PRIMARY KEY (report_id, metric)
);
COMMENT ON TABLE facts IS 'One printed numeric cell: report x metric -> value (NULL when printed blank), the raw cell text and where it was printed';

CREATE TABLE rules (
    rule_id       VARCHAR PRIMARY KEY,
    severity      VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    title_zh      VARCHAR NOT NULL,
    title_en      VARCHAR NOT NULL,
    legal_basis   VARCHAR,
    description   VARCHAR
);
COMMENT ON TABLE rules IS 'Rule catalog: every check nianbao runs, with its severity, Chinese and English titles and legal basis';

CREATE TABLE findings (
    finding_id    VARCHAR PRIMARY KEY,
    rule_id       VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,
    agency_id     VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    report_id     VARCHAR,
    metric        VARCHAR,
    expected      VARCHAR,
    actual        VARCHAR,
    message       VARCHAR NOT NULL,
    source_url    VARCHAR,
    archive_path  VARCHAR,
    page          INTEGER
);
COMMENT ON TABLE findings IS 'One row per rule violation; finding_id is a hash of (rule, agency, year, report, metric) and so stable across reruns';

CREATE TABLE reviews (
    finding_id   VARCHAR PRIMARY KEY,
    status       VARCHAR NOT NULL CHECK (status IN ('accepted', 'dismissed')),
    reason       VARCHAR NOT NULL,
    reviewed_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE reviews IS 'A supervisor''s decision on a finding; kept across reruns and never changes facts';
