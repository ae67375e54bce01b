-- What a report's texts and cells give is derived once, in the transaction that loads the report, not
-- at every check: its narrative rows (report_format_sections, stated_periods, narrative_claims), the
-- shingles the repeat rule compares and its indicators. report_derivations stamps each report with the
-- code that derived them; a check derives again only the reports it finds unstamped (every report of
-- a warehouse older than this migration, at its first check) or stamped by other code.

CREATE TABLE report_derivations (
    report_id        VARCHAR PRIMARY KEY,
    narrative_with   VARCHAR NOT NULL,
    indicators_with  VARCHAR,
    shingles         UBIGINT[] NOT NULL
);
COMMENT ON TABLE report_derivations IS 'One row per report whose derived rows are stored: the version of the code that derived its narrative rows (narrative_with) and its indicators (indicators_with), and the 5-character shingles of its 一、总体情况 and 五、存在的主要问题及改进情况 (numbers masked; 64-bit digests) that narrative_repeats compares with last year''s';

CREATE TABLE report_indicators (
    report_id            VARCHAR PRIMARY KEY,
    new_applications     DOUBLE,
    carried_in           DOUBLE,
    handled              DOUBLE,
    granted              DOUBLE,
    partially_granted    DOUBLE,
    unable               DOUBLE,
    withheld             DOUBLE,
    rejected             DOUBLE,
    carried_out          DOUBLE,
    reviews              DOUBLE,
    reviews_corrected    DOUBLE,
    lawsuits             DOUBLE,
    lawsuits_corrected   DOUBLE,
    penalty_decisions    DOUBLE,
    licensing_decisions  DOUBLE
);
COMMENT ON TABLE report_indicators IS 'Per report, the cells agency_year_indicators adds up (macro report_indicator_pivot over its facts as read), written when the report is loaded; a report with none of those cells has no row. agency_year_indicators pivots the corrected reports'' effective facts instead';

COMMENT ON TABLE narrative_repeats IS 'Share of a report''s 一、总体情况 and 五、存在的主要问题及改进情况 text (5-character shingles, numbers masked) found in the same agency''s previous-year report (reports standing for each agency-year); computed at every check from report_derivations.shingles';
