CREATE OR REPLACE MACRO report_deadline(kind, year) AS
    -- 条例第四十九条: departments by 31 January of Y+1, a government's region-wide report by 31 March.
    -- Before the 2019 条例 everybody had until 31 March.
    CASE WHEN kind = 'department' AND year >= 2019 THEN make_date(year + 1, 1, 31)
         ELSE make_date(year + 1, 3, 31) END;
