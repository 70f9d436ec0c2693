-- Report packs: saved definitions, and each publication frozen as the exact
-- document it showed (text, not jsonb, so it reopens byte for byte).

CREATE TABLE reports (
  id serial PRIMARY KEY,
  title text NOT NULL,
  -- The whole definition (title, audience, period, public or not, sections) as the app checked it.
  definition jsonb NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_publications (
  id serial PRIMARY KEY,
  report_id integer NOT NULL REFERENCES reports (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL,
  -- The ReportDocument as JSON text, exactly as rendered when published.
  document text NOT NULL,
  document_sha256 text NOT NULL
);
CREATE INDEX report_publications_report ON report_publications (report_id, published_at DESC);

CREATE FUNCTION report_publications_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'report_publications is append-only: a published report is never changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER report_publications_append_only
  BEFORE UPDATE OR DELETE ON report_publications
  FOR EACH ROW EXECUTE FUNCTION report_publications_append_only();
