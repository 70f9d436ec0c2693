-- A preview's staged rows are written in bulk (hundreds of thousands for a
-- large file) and read back once, by the commit: keys and foreign-key
-- checks on every staged row cost more than they protect (the rows were
-- checked against the catalogue as they were read, and are removed when
-- the import is committed or refused). So import_rows has no constraints.
ALTER TABLE import_rows DROP CONSTRAINT import_rows_pkey;
ALTER TABLE import_rows DROP CONSTRAINT import_rows_import_id_fkey;
ALTER TABLE import_rows DROP CONSTRAINT import_rows_indicator_id_fkey;

-- import_id on a revision or commentary names the import that wrote it. It
-- is kept by the import service, which writes it in the same transaction
-- as the import's own row (imports are never deleted), and is indexed for
-- rollback; a foreign-key check on each of a large import's revisions
-- would add a sixth of the commit's time on embedded PGlite.
ALTER TABLE indicator_values DROP CONSTRAINT indicator_values_import_id_fkey;
ALTER TABLE commentary DROP CONSTRAINT commentary_import_id_fkey;

-- The data version (see data_version) when a preview began: if nothing has
-- been written since, the commit need not compare every staged row with the
-- current figures again.
ALTER TABLE imports ADD COLUMN data_version bigint;
