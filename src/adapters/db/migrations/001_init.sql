-- 001: the confirmation gate (proposals, executions, locks) and the hash-chained audit log.
-- Runs inside migrate()'s transaction. Never edit an applied migration: add the next number.

-- Incident memory (a later migration) stores embeddings in vector columns.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE proposals (
  id               text PRIMARY KEY,
  playbook_id      text NOT NULL,
  playbook_version text NOT NULL,
  params           jsonb NOT NULL,
  steps            jsonb NOT NULL,
  dry_run          jsonb,
  lock_key         text,
  risk             text NOT NULL CHECK (risk IN ('read', 'low', 'high')),
  two_person       boolean NOT NULL,
  requested_by     text NOT NULL,
  channel          text NOT NULL,
  request_text     text NOT NULL,
  plan_hash        text NOT NULL,
  state            text NOT NULL CHECK (state IN (
                     'proposed', 'awaiting', 'approved', 'running', 'succeeded',
                     'failed', 'interrupted', 'cancelled', 'expired', 'rejected')),
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  decided_by       text,
  message_ref      text
);
-- expireDue scans open proposals by expiry; list filters by state, newest first.
CREATE INDEX proposals_open_expiry ON proposals (expires_at) WHERE state IN ('proposed', 'awaiting');
CREATE INDEX proposals_state_created ON proposals (state, created_at DESC);
CREATE INDEX proposals_created ON proposals (created_at DESC);

CREATE TABLE executions (
  id           text PRIMARY KEY,
  -- one execution per proposal: the database refuses a second run even if a caller forgets the state check
  proposal_id  text NOT NULL UNIQUE REFERENCES proposals (id),
  state        text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
  owner        text NOT NULL,
  started_at   timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  finished_at  timestamptz,
  results      jsonb NOT NULL DEFAULT '[]'::jsonb,
  error        text,
  CHECK ((state = 'running') = (finished_at IS NULL))
);
-- recoverInterrupted looks for running executions with an old heartbeat.
CREATE INDEX executions_running_heartbeat ON executions (heartbeat_at) WHERE state = 'running';

-- One row per lock key while an execution holds it (e.g. "checkout/prod").
CREATE TABLE locks (
  key          text PRIMARY KEY,
  -- deferred: beginExecution takes the lock before it inserts the execution, in one transaction
  execution_id text NOT NULL UNIQUE REFERENCES executions (id) DEFERRABLE INITIALLY DEFERRED,
  proposal_id  text NOT NULL REFERENCES proposals (id),
  acquired_at  timestamptz NOT NULL
);

-- seq is assigned as last + 1 under a lock (not from a sequence, which skips on rollback), so a gap
-- always means a deleted row.
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY CHECK (seq > 0),
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL,
  proposal_id text,
  data        jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  prev_hash   text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash        text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_proposal ON audit_log (proposal_id, seq) WHERE proposal_id IS NOT NULL;

-- Append-only for everyone but the table owner acting deliberately (ALTER TABLE ... DISABLE TRIGGER);
-- the hash chain still exposes such edits to `opsgate audit verify`.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
