-- The improvement programme and its risk register (docs/improvement.md):
-- plans of workstreams, projects and actions; dated progress updates kept as
-- history (the latest on or before a day is the item's status that day);
-- the position reported to each board; risks with their scores.

CREATE TABLE improvement_plans (
  id bigserial PRIMARY KEY,
  -- short and stable, used in addresses: '2023'
  ref text NOT NULL UNIQUE,
  title text NOT NULL,
  starts_on date NOT NULL,
  -- days between progress updates (six-weekly: 42)
  update_cycle_days integer NOT NULL DEFAULT 42 CHECK (update_cycle_days BETWEEN 1 AND 366),
  -- the plan's own RAG definitions: [{ code, label, meaning, colour, isComplete, isOffTrack }]
  rag_definitions jsonb NOT NULL,
  source text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE improvement_items (
  id bigserial PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES improvement_plans (id),
  parent_id bigint REFERENCES improvement_items (id),
  level text NOT NULL CHECK (level IN ('workstream', 'project', 'action')),
  ref text NOT NULL,
  title text NOT NULL,
  -- the lead as the plan names them ("Director SEND and Inclusion"), and their account when they have one
  lead text NOT NULL DEFAULT '',
  lead_user_id bigint REFERENCES users (id),
  deliverables text NOT NULL DEFAULT '',
  impact text NOT NULL DEFAULT '',
  target_date date,
  -- the corporate-plan ambitions it serves, as printed ("A BOLD INCLUSIVE BIRMINGHAM")
  ambitions text[] NOT NULL DEFAULT '{}',
  -- references of the indicators it is meant to move
  indicator_refs text[] NOT NULL DEFAULT '{}',
  position integer NOT NULL,
  UNIQUE (plan_id, ref)
);
CREATE INDEX improvement_items_parent ON improvement_items (parent_id);
CREATE INDEX improvement_items_lead_user ON improvement_items (lead_user_id);

CREATE TABLE improvement_updates (
  id bigserial PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES improvement_items (id),
  -- the day the update reports the position on
  reported_on date NOT NULL,
  -- a code of the plan's RAG definitions, or null: a narrative that gave no status
  status text,
  narrative text NOT NULL DEFAULT '',
  next_steps text NOT NULL DEFAULT '',
  author text NOT NULL,
  author_user_id bigint REFERENCES users (id),
  source text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX improvement_updates_item ON improvement_updates (item_id, reported_on, id);

-- The position reported to a board: the counts as the board saw them
-- (recorded from the system's roll-up, or transcribed from a report).
CREATE TABLE improvement_board_reports (
  id bigserial PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES improvement_plans (id),
  board_on date NOT NULL,
  title text NOT NULL,
  -- [{ level, status, label, count, definition, note }]
  reported_counts jsonb NOT NULL,
  source text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, board_on)
);

CREATE TABLE improvement_risks (
  id bigserial PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES improvement_plans (id),
  ref text NOT NULL,
  title text NOT NULL,
  owner text NOT NULL DEFAULT '',
  cause text NOT NULL DEFAULT '',
  consequence text NOT NULL DEFAULT '',
  -- likelihood and impact, 1–5 each: before mitigation, now (after it), and as targeted; null until scored
  inherent_likelihood smallint CHECK (inherent_likelihood BETWEEN 1 AND 5),
  inherent_impact smallint CHECK (inherent_impact BETWEEN 1 AND 5),
  residual_likelihood smallint CHECK (residual_likelihood BETWEEN 1 AND 5),
  residual_impact smallint CHECK (residual_impact BETWEEN 1 AND 5),
  target_likelihood smallint CHECK (target_likelihood BETWEEN 1 AND 5),
  target_impact smallint CHECK (target_impact BETWEEN 1 AND 5),
  mitigations text NOT NULL DEFAULT '',
  review_on date,
  is_closed boolean NOT NULL DEFAULT false,
  -- references of the plan's items it bears on
  item_refs text[] NOT NULL DEFAULT '{}',
  source text NOT NULL DEFAULT '',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, ref)
);
