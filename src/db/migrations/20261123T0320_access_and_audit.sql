-- Organisations, people, sessions, API tokens, the audit record, and
-- contracts with partner organisations.

CREATE TABLE organisations (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('council', 'partner'))
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  role text NOT NULL CHECK (role IN ('administrator', 'performance_officer', 'indicator_owner', 'partner_contributor', 'viewer')),
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  oidc_issuer text,
  oidc_subject text,
  is_disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (oidc_issuer, oidc_subject)
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Only a hash of each session and token is stored: a copy of the table signs no one in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id integer REFERENCES users (id),
  actor text NOT NULL,
  organisation_id integer REFERENCES organisations (id),
  channel text NOT NULL CHECK (channel IN ('web', 'api', 'cli', 'system')),
  ip text NOT NULL DEFAULT '',
  action text NOT NULL,
  entity_type text NOT NULL DEFAULT '',
  entity_id text NOT NULL DEFAULT '',
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
  before jsonb,
  after jsonb,
  detail text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

ALTER TABLE indicators ADD COLUMN organisation_id integer REFERENCES organisations (id);
ALTER TABLE indicators ADD COLUMN owner_user_id integer REFERENCES users (id);

CREATE TABLE contracts (
  id serial PRIMARY KEY,
  ref text NOT NULL UNIQUE,
  title text NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  starts_on date NOT NULL,
  ends_on date,
  notes text NOT NULL DEFAULT ''
);

CREATE TABLE contract_indicators (
  contract_id integer NOT NULL REFERENCES contracts (id),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  position integer NOT NULL,
  PRIMARY KEY (contract_id, indicator_id)
);
