-- description: The roster's agencies (name, region, level, kind), one file
SELECT * FROM agencies ORDER BY agency_id
