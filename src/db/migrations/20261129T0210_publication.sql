-- The publication cycle. Each month is a period that the performance team
-- opens for entry and, once every item in it is checked, publishes; a
-- published period is locked. An item is one indicator's figures for the
-- period it reports in that month (a quarterly indicator's quarter ending
-- then). Items move draft -> submitted -> returned (with a note) or checked;
-- every move is kept in publication_item_events, never overwritten.

CREATE TABLE publication_periods (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- Submissions are due by the end of this day.
  due_on date NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_by text NOT NULL,
  published_at timestamptz,
  published_by text,
  CHECK ((published_at IS NULL) = (published_by IS NULL))
);

CREATE TABLE publication_items (
  id serial PRIMARY KEY,
  month text NOT NULL REFERENCES publication_periods (month),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  -- The indicator's own period code: '2017-06', '2017-18-Q1'.
  period text NOT NULL,
  stage text NOT NULL DEFAULT 'draft' CHECK (stage IN ('draft', 'submitted', 'returned', 'checked')),
  -- The note sent back with the latest return, shown to the owner until it is submitted again.
  note text NOT NULL DEFAULT '',
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL,
  -- One cycle governs an indicator's period: the figures it locks are never reopened by another.
  UNIQUE (indicator_id, period)
);
CREATE INDEX publication_items_month ON publication_items (month);

CREATE TABLE publication_item_events (
  id bigserial PRIMARY KEY,
  item_id integer NOT NULL REFERENCES publication_items (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  from_stage text NOT NULL,
  to_stage text NOT NULL,
  note text NOT NULL DEFAULT ''
);
CREATE INDEX publication_item_events_item ON publication_item_events (item_id, at);
