-- Child-level records behind the statutory measures (docs/child-level-model.md).
--
-- Each record is kept as the JSON of its model type (src/measures/model.ts):
-- the measures read whole records in TypeScript, never fields in SQL, and
-- one JSON array per kind loads an authority in a single aggregate. A
-- record's identity is its authority, kind and natural key; a return that carries the
-- record again (the next year's CIN census, an Annex A extract) replaces it,
-- unless it is older than the one held (`as_at`: the return's reference
-- date or extract date), so importing years out of order loses nothing.
CREATE TABLE child_record_imports (
  id bigserial PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('cin_census', 'ssda903', 'annex_a')),
  la text NOT NULL,
  as_at date NOT NULL,
  file_names text NOT NULL,
  record_counts json NOT NULL,
  finding_count integer NOT NULL,
  error_count integer NOT NULL,
  created_by text NOT NULL,
  channel text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

--
-- The record is JSON kept as text: PostgreSQL need not parse it on the way
-- in (the importers wrote it), a record returned again unchanged can be
-- recognised by equality and left alone, and an authority's records load as
-- one JSON array per kind. The primary key leads with the authority, so it
-- is also the index that loads one authority; its columns compare byte by
-- byte (COLLATE "C"), as identifiers should, which is also the cheapest.
CREATE TABLE child_records (
  la text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  child_id text NOT NULL,
  as_at date NOT NULL,
  import_id bigint NOT NULL REFERENCES child_record_imports (id),
  record text NOT NULL,
  PRIMARY KEY (la, kind, key)
);

CREATE TABLE child_record_findings (
  import_id bigint NOT NULL REFERENCES child_record_imports (id),
  seq integer NOT NULL,
  rule text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('error', 'query')),
  message text NOT NULL,
  file text NOT NULL,
  location text NOT NULL,
  kind text NOT NULL,
  record_key text,
  child_id text,
  field text NOT NULL,
  value text,
  PRIMARY KEY (import_id, seq)
);
