-- Schools and their inspection outcomes, for the council's Ofsted position
-- (docs/schools.md). The register comes from Get Information about Schools
-- (GIAS), the outcomes from Ofsted's monthly management information; each
-- file import is recorded, and every school and inspection it wrote names it.

CREATE TABLE school_imports (
  id bigserial PRIMARY KEY,
  -- 'register' (a GIAS establishment file, with or without its links file) or 'inspections' (an Ofsted file)
  kind text NOT NULL CHECK (kind IN ('register', 'inspections')),
  file_name text NOT NULL,
  -- the Ofsted layout read, for an inspections file
  layout text NOT NULL DEFAULT '',
  encoding text NOT NULL DEFAULT '',
  rows_read integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  links_count integer NOT NULL DEFAULT 0,
  notes jsonb NOT NULL DEFAULT '[]',
  created_by text NOT NULL,
  channel text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schools (
  urn integer PRIMARY KEY,
  laestab text NOT NULL DEFAULT '',
  name text NOT NULL,
  la_code text NOT NULL,
  la_name text NOT NULL,
  type_code text NOT NULL DEFAULT '',
  type_name text NOT NULL DEFAULT '',
  type_group_code text NOT NULL DEFAULT '',
  type_group_name text NOT NULL DEFAULT '',
  phase_code text NOT NULL DEFAULT '',
  phase_name text NOT NULL DEFAULT '',
  status_code text NOT NULL DEFAULT '',
  status_name text NOT NULL DEFAULT '',
  open_date date,
  close_date date,
  -- made-up records (the demo's): every page showing one says so
  is_illustrative boolean NOT NULL DEFAULT false,
  import_id bigint REFERENCES school_imports (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schools_la_code ON schools (la_code);

-- GIAS links, as given: "Predecessor", "Successor", "Predecessor - merged", …
-- Only plain predecessor and successor links carry a judgement (see the domain).
CREATE TABLE school_links (
  urn integer NOT NULL,
  link_urn integer NOT NULL,
  link_type text NOT NULL,
  link_date date,
  import_id bigint REFERENCES school_imports (id),
  PRIMARY KEY (urn, link_urn, link_type)
);
CREATE INDEX school_links_link_urn ON school_links (link_urn);

-- One row per inspection and per school whose Ofsted row reported it. urn is
-- the school inspected (its URN at the time: a predecessor's, for an academy
-- judged by its predecessor); reported_urn the school whose row gave it.
CREATE TABLE school_inspections (
  inspection_number text NOT NULL,
  reported_urn integer NOT NULL,
  urn integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('graded', 'ungraded', 'report_card')),
  start_date date NOT NULL,
  publication_date date,
  overall_effectiveness smallint CHECK (overall_effectiveness BETWEEN 1 AND 4),
  category_of_concern text CHECK (category_of_concern IN ('special_measures', 'serious_weaknesses')),
  ungraded_outcome text,
  -- {"grades": {"inclusion": "strong_standard", …}, "safeguarding": "met" | "not_met" | null}
  report_card jsonb,
  import_id bigint REFERENCES school_imports (id),
  PRIMARY KEY (inspection_number, reported_urn)
);
CREATE INDEX school_inspections_urn ON school_inspections (urn);
CREATE INDEX school_inspections_reported_urn ON school_inspections (reported_urn);

-- Positions reported: the day and authority of each, and the indicator
-- figures recorded from it. "Movements since the last report" start from here.
CREATE TABLE school_position_reports (
  la_code text NOT NULL,
  as_at date NOT NULL,
  indicator_id integer REFERENCES indicators (id),
  period text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (la_code, as_at)
);
