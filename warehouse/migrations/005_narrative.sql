-- What the narrative says, derived from the sections table at every check (warehouse/derive.py):
-- like findings, these tables are rebuilt whole, so they always match the reports loaded.

CREATE TABLE report_format_sections (
    report_id  VARCHAR NOT NULL,
    ordinal    INTEGER NOT NULL,
    section    INTEGER NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);
COMMENT ON TABLE report_format_sections IS 'Which of the format''s six sections (1 = 一、总体情况 … 6 = 六、其他需要报告的事项) each printed heading stands for, judged by its words, else by its numeral (renumbered reports read right)';

CREATE TABLE stated_periods (
    report_id     VARCHAR PRIMARY KEY,
    period_start  DATE,
    period_end    DATE NOT NULL,
    quote         VARCHAR NOT NULL
);
COMMENT ON TABLE stated_periods IS 'The statistical period a report states in its opening or 一、总体情况 (统计期限…); period_start NULL when only the end is stated (截至…)';

CREATE TABLE narrative_claims (
    report_id  VARCHAR NOT NULL,
    ordinal    INTEGER NOT NULL,
    claim      VARCHAR NOT NULL,
    metric     VARCHAR NOT NULL,
    cells      VARCHAR[] NOT NULL,
    label      VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    quote      VARCHAR NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);
COMMENT ON TABLE narrative_claims IS 'Numbers the narrative states for a table cell (收到申请N件, 予以公开N件, 行政复议N件 …): claim kind, the cell(s) whose sum it states, value and the sentence quoted';

CREATE TABLE narrative_repeats (
    report_id           VARCHAR PRIMARY KEY,
    previous_report_id  VARCHAR NOT NULL,
    share               DOUBLE NOT NULL,
    n_shingles          INTEGER NOT NULL
);
COMMENT ON TABLE narrative_repeats IS 'Share of a report''s 一、总体情况 and 五、存在的主要问题及改进情况 text (5-character shingles, numbers masked) found in the same agency''s previous-year report (reports standing for each agency-year)';
