-- A published comparator may be for one breakdown item of an indicator, as
-- a figure is: England's share of children aged 0-17 who are White, Mixed,
-- Asian or Black beside Birmingham's (the May 2017 infographic). The key ''
-- is the comparator for the whole indicator, the only one a benchmark target
-- resolves against.
ALTER TABLE benchmark_values ADD COLUMN breakdown text NOT NULL DEFAULT '';
ALTER TABLE benchmark_values DROP CONSTRAINT benchmark_values_pkey;
ALTER TABLE benchmark_values ADD PRIMARY KEY (indicator_id, year, benchmark, breakdown);
