-- A number as reports print it: whole numbers without ".0", others to at most 4 decimals (finding messages).
CREATE OR REPLACE MACRO fmt_num(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN x = round(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
         ELSE CAST(round(x, 4) AS VARCHAR) END;
