-- File imports of figures. Each upload is read and checked into a preview
-- (its rows staged in import_rows), then committed all or nothing, and may
-- later be rolled back by new revisions. Every revision and commentary an
-- import wrote carries its import_id, so the import can be traced and undone.

CREATE TABLE imports (
  id bigserial PRIMARY KEY,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  file_bytes bigint NOT NULL,
  -- 'csv' or 'xlsx'; '' when the file could not be recognised
  format text NOT NULL DEFAULT '',
  -- the worksheet read, for a workbook; the text encoding found, for a CSV
  sheet text NOT NULL DEFAULT '',
  encoding text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('reading', 'ready', 'refused', 'unchanged', 'committed', 'rolled_back', 'failed')),
  created_by_user_id integer REFERENCES users (id),
  created_by text NOT NULL,
  channel text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read integer NOT NULL DEFAULT 0,
  new_count integer NOT NULL DEFAULT 0,
  changed_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  refused_count integer NOT NULL DEFAULT 0,
  commentary_count integer NOT NULL DEFAULT 0,
  -- every problem found (file-level ones and the first of the row-level ones), as issues
  problems jsonb NOT NULL DEFAULT '[]',
  problem_count integer NOT NULL DEFAULT 0,
  -- notes for the person: which sheet was read and why, columns ignored
  notes jsonb NOT NULL DEFAULT '[]',
  committed_at timestamptz,
  committed_by text,
  rolled_back_at timestamptz,
  rolled_back_by text
);
CREATE INDEX imports_created_at ON imports (created_at DESC);
CREATE INDEX imports_file_sha256 ON imports (file_sha256);

-- The checked rows of a preview that the commit will write (new and changed
-- figures), with the revision each replaces as it stood when previewed.
CREATE TABLE import_rows (
  import_id bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  indicator_id integer NOT NULL REFERENCES indicators (id),
  period text NOT NULL,
  breakdown text NOT NULL,
  value numeric,
  numerator numeric,
  denominator numeric,
  status text NOT NULL,
  source text NOT NULL,
  reason text NOT NULL,
  -- 'new', 'changed', or 'commentary' (the figure is unchanged, its commentary is given)
  outcome text NOT NULL CHECK (outcome IN ('new', 'changed', 'commentary')),
  commentary text,
  replaces bigint,
  revision integer NOT NULL,
  old_value numeric,
  old_numerator numeric,
  old_denominator numeric,
  old_status text,
  PRIMARY KEY (import_id, row_number)
);

ALTER TABLE indicator_values ADD COLUMN import_id bigint REFERENCES imports (id);
CREATE INDEX indicator_values_import ON indicator_values (import_id) WHERE import_id IS NOT NULL;
ALTER TABLE commentary ADD COLUMN import_id bigint REFERENCES imports (id);
CREATE INDEX commentary_import ON commentary (import_id) WHERE import_id IS NOT NULL;
