-- The indicator catalogue, its targets, the figures and their commentary.
-- Figures and commentary are never overwritten: a correction adds a revision
-- and clears is_current on the one it replaces.

CREATE TABLE data_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

CREATE TABLE dimensions (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE dimension_items (
  dimension_code text NOT NULL REFERENCES dimensions (code),
  code text NOT NULL,
  label text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension_code, code)
);

CREATE TABLE indicators (
  id serial PRIMARY KEY,
  ref text NOT NULL UNIQUE,
  title text NOT NULL,
  definition text NOT NULL DEFAULT '',
  unit text NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'rate_per_10k', 'score', 'money')),
  decimals integer NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 6),
  aim text NOT NULL CHECK (aim IN ('bigger_is_better', 'smaller_is_better', 'stabilise', 'trend_only', 'plan_is_best', 'above_zero')),
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'termly', 'academic_year', 'financial_year', 'calendar_year')),
  basis text NOT NULL CHECK (basis IN ('snapshot', 'in_period', 'rolling_12_months', 'year_to_date', 'three_year_average')),
  comparison text NOT NULL CHECK (comparison IN ('six_month_average', 'six_month_cumulative', 'previous_year_end')),
  reporting_year text NOT NULL CHECK (reporting_year IN ('financial', 'academic', 'calendar')),
  service_area text NOT NULL,
  directorate text NOT NULL DEFAULT '',
  portfolio text NOT NULL DEFAULT '',
  priority text NOT NULL DEFAULT '',
  owner text NOT NULL DEFAULT '',
  reporting_organisation text NOT NULL DEFAULT '',
  is_ratio boolean NOT NULL DEFAULT false,
  numerator_label text NOT NULL DEFAULT '',
  denominator_label text NOT NULL DEFAULT '',
  complement_label text NOT NULL DEFAULT '',
  value_label text NOT NULL DEFAULT '',
  total_label text NOT NULL DEFAULT '',
  shows_rate_per_10k boolean NOT NULL DEFAULT false,
  is_additive boolean NOT NULL DEFAULT true,
  row_dimension text REFERENCES dimensions (code),
  column_dimension text REFERENCES dimensions (code),
  scorecard_order integer NOT NULL DEFAULT 0,
  CHECK (row_dimension IS NULL OR column_dimension IS NULL OR row_dimension <> column_dimension)
);
CREATE INDEX indicators_service_area ON indicators (service_area, scorecard_order);

-- A change of definition starts a new series; figures either side are never compared.
CREATE TABLE indicator_series (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicators (id),
  starts_on date NOT NULL,
  definition text NOT NULL,
  reason text NOT NULL,
  UNIQUE (indicator_id, starts_on)
);

CREATE TABLE targets (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicators (id),
  year text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('value', 'band', 'benchmark', 'trend_only', 'tbc')),
  value numeric,
  low numeric,
  high numeric,
  benchmark text CHECK (benchmark IN ('national_average', 'statistical_neighbour_average', 'regional_average')),
  tolerance numeric CHECK (tolerance >= 0),
  note text NOT NULL DEFAULT '',
  UNIQUE (indicator_id, year),
  CHECK (kind <> 'value' OR value IS NOT NULL),
  CHECK (kind <> 'band' OR (low IS NOT NULL AND high IS NOT NULL AND low <= high)),
  CHECK (kind <> 'benchmark' OR benchmark IS NOT NULL)
);

-- Published comparators (national, statistical neighbour, regional) that resolve benchmark targets.
CREATE TABLE benchmark_values (
  indicator_id integer NOT NULL REFERENCES indicators (id),
  year text NOT NULL,
  benchmark text NOT NULL CHECK (benchmark IN ('national_average', 'statistical_neighbour_average', 'regional_average')),
  value numeric NOT NULL,
  source text NOT NULL DEFAULT '',
  PRIMARY KEY (indicator_id, year, benchmark)
);

-- Children aged 0-17 by breakdown item ('' for the whole authority), for rates per 10,000.
CREATE TABLE populations (
  breakdown text NOT NULL,
  year integer NOT NULL,
  population numeric NOT NULL CHECK (population > 0),
  source text NOT NULL DEFAULT '',
  PRIMARY KEY (breakdown, year)
);

CREATE TABLE indicator_values (
  id bigserial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicators (id),
  period text NOT NULL,
  breakdown text NOT NULL DEFAULT '',
  value numeric,
  numerator numeric,
  denominator numeric,
  status text NOT NULL CHECK (status IN ('provisional', 'validated')),
  source text NOT NULL DEFAULT '',
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  revision integer NOT NULL,
  is_current boolean NOT NULL,
  reason text NOT NULL DEFAULT '',
  UNIQUE (indicator_id, period, breakdown, revision),
  CHECK (denominator IS NULL OR denominator > 0),
  CHECK (numerator IS NULL OR numerator >= 0)
);
CREATE UNIQUE INDEX indicator_values_one_current
  ON indicator_values (indicator_id, period, breakdown) WHERE is_current;

CREATE TABLE commentary (
  id bigserial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicators (id),
  period text NOT NULL,
  body text NOT NULL,
  author text NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  revision integer NOT NULL,
  is_current boolean NOT NULL,
  UNIQUE (indicator_id, period, revision)
);
CREATE UNIQUE INDEX commentary_one_current ON commentary (indicator_id, period) WHERE is_current;
