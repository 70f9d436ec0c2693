-- The terms of a partner contract: for each contractual indicator the
-- agreed target and tolerance (absolute, in the indicator's unit, on the
-- side its aim counts as worse) and the basis of its cumulative position;
-- and whether a contract's figures are illustrative (the demo's are).

ALTER TABLE contracts ADD COLUMN is_illustrative boolean NOT NULL DEFAULT false;

-- A null target means none has been agreed: the indicator is reported, not rated.
ALTER TABLE contract_indicators ADD COLUMN target numeric;
ALTER TABLE contract_indicators ADD COLUMN tolerance numeric NOT NULL DEFAULT 0 CHECK (tolerance >= 0);
-- rolling_12_months: the 12 months ending with the month; three_year_average: the 36 months;
-- none: the contract sets no cumulative measure (the indicator is judged in month only).
ALTER TABLE contract_indicators ADD COLUMN cumulative_basis text NOT NULL DEFAULT 'rolling_12_months'
  CHECK (cumulative_basis IN ('rolling_12_months', 'three_year_average', 'none'));

CREATE UNIQUE INDEX contract_indicators_position ON contract_indicators (contract_id, position);
