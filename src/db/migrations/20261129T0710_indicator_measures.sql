-- An indicator computed from a statutory measure (docs/measures/README.md):
-- its figures are worked out from the child-level records of one authority
-- and recorded after every import of that authority's returns. With a
-- breakdown, each item of the measure's breakdown (a team, an age band)
-- becomes the figure of the indicator's column-dimension item with the same
-- code or label.
CREATE TABLE indicator_measures (
  indicator_id integer PRIMARY KEY REFERENCES indicators (id),
  measure_id text NOT NULL,
  la text NOT NULL,
  breakdown text NOT NULL DEFAULT 'none' CHECK (breakdown IN ('none', 'team', 'age_band', 'sex', 'ethnicity')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_measures_by_authority ON indicator_measures (la);
