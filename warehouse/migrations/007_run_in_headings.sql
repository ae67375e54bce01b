-- A section heading is found either as a heading line or, when PDF text ran it into the paragraph
-- before it ("…联系电话。一、总体情况"), inside a section's text; one printed section may then hold several.
-- The table is derived (rebuilt at every check), so it is recreated rather than altered.

DROP TABLE report_format_sections;
CREATE TABLE report_format_sections (
    report_id  VARCHAR NOT NULL,
    ordinal    INTEGER NOT NULL,
    section    INTEGER NOT NULL,
    found_by   VARCHAR NOT NULL CHECK (found_by IN ('heading', 'text')),
    PRIMARY KEY (report_id, ordinal, section)
);
COMMENT ON TABLE report_format_sections IS 'Which of the format''s six sections (1 = 一、总体情况 … 6 = 六、其他需要报告的事项) a report prints: found_by heading (a heading line, judged by its words, else its numeral) or text (an official heading run into the text of printed section ordinal)';
