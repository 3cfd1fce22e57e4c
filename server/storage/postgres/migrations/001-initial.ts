/**
 * The first schema. Every mirrored table has `seq` (creation order, what `list()` follows) and
 * `rev` (from one sequence, bumped by every write: a server applies a row it reloads only when its
 * `rev` is newer than what it holds). Documents are `json`, not `jsonb`, so they come back with
 * their keys in the order they were written.

 * Projects come in a migration of their own (002-projects.ts).
 */
export const sql = `
CREATE SEQUENCE flowdesk_rev;

CREATE TABLE flows (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  rev bigint NOT NULL DEFAULT nextval('flowdesk_rev'),
  endpoint_name text UNIQUE,
  doc json NOT NULL
);

CREATE TABLE variables (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  rev bigint NOT NULL DEFAULT nextval('flowdesk_rev'),
  name text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('Credential', 'Generic')),
  -- Generic values in plain; Credential values only encrypted (secret-box.ts).
  value text,
  value_encrypted text,
  default_fields json NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  CHECK ((type = 'Credential' AND value IS NULL AND value_encrypted IS NOT NULL) OR (type = 'Generic' AND value IS NOT NULL AND value_encrypted IS NULL))
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  rev bigint NOT NULL DEFAULT nextval('flowdesk_rev'),
  name text NOT NULL,
  hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at text NOT NULL,
  last_used_at text,
  total_uses bigint NOT NULL DEFAULT 0
);

-- Store-wide documents: meta, model-provider settings, MCP servers.
CREATE TABLE settings (
  key text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  rev bigint NOT NULL DEFAULT nextval('flowdesk_rev'),
  value json NOT NULL
);

-- Chat history: not mirrored, queried directly. ts is the timestamp to the second (order: ts, seq).
CREATE TABLE messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL,
  session_id text NOT NULL,
  flow_id text,
  sender text,
  sender_name text,
  ts bigint NOT NULL,
  doc json NOT NULL
);
CREATE INDEX messages_by_session ON messages (session_id, ts, seq);
CREATE INDEX messages_by_flow ON messages (flow_id, ts, seq);
CREATE INDEX messages_by_time ON messages (ts, seq);
`;
