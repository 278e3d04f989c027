-- 0004_run_parts.sql -- sharded runs: each shard (`audit --shard I/N
-- --history`) writes its part of the run, `merge --history` closes it.
--
-- A sharded run is one runs row (run_id derived from the shards' shared
-- run.run_id and N), created by whichever shard comes first, in state
-- 'open' until the merge step checks that parts 1..N are all there and
-- closes it. trend, review and the lifecycle read closed runs only: an
-- open run is incomplete (a shard missing, or not merged yet) and never
-- resolves a finding. Runs recorded whole (an unsharded audit, history
-- import, a merge of shards that did not write) are closed at once, so
-- every run already in the store is 'closed'.
--
-- What a shard writes is keyed by (run_id, shard) and nothing else, so
-- shards never touch each other's rows: a re-run shard deletes and writes
-- its own rows again (one transaction), and concurrent shards neither
-- wait on nor deadlock with each other (accounts are split between the
-- shards, so their findings and accounts are disjoint). Same SQL for
-- SQLite and PostgreSQL.

ALTER TABLE runs ADD COLUMN state TEXT NOT NULL DEFAULT 'closed';
ALTER TABLE runs ADD COLUMN shards BIGINT;      -- N; NULL: not sharded
ALTER TABLE runs ADD COLUMN shard_run_id TEXT;  -- the shards' run.run_id
-- what else the report says of the run, so that a merge from the store
-- writes what a merge of the shards' findings.json would: run.selection
-- (--checks, --phase, --severity, --services, --exclude-checks),
-- run.frameworks (--framework ids, comma-separated) and the policy's
-- waiver notes (one a line); NULL when not given
ALTER TABLE runs ADD COLUMN sel_checks TEXT;
ALTER TABLE runs ADD COLUMN sel_phase TEXT;
ALTER TABLE runs ADD COLUMN sel_severity TEXT;
ALTER TABLE runs ADD COLUMN sel_services TEXT;
ALTER TABLE runs ADD COLUMN sel_exclude TEXT;
ALTER TABLE runs ADD COLUMN frameworks TEXT;
ALTER TABLE runs ADD COLUMN waiver_notes TEXT;

-- One row per shard that recorded its part.
CREATE TABLE run_parts (
	run_id      TEXT NOT NULL REFERENCES runs (run_id),
	shard       BIGINT NOT NULL,
	shards      BIGINT NOT NULL,
	started     BIGINT NOT NULL,
	finished    BIGINT NOT NULL,
	recorded_at BIGINT NOT NULL,
	accounts    BIGINT NOT NULL,
	findings    BIGINT NOT NULL,
	score       DOUBLE PRECISION,  -- the shard's own, NULL: nothing scored
	coverage    DOUBLE PRECISION NOT NULL,
	api_calls   BIGINT,
	api_errors  BIGINT,
	digest      TEXT NOT NULL,     -- SHA-256 of its findings (merge checks)
	PRIMARY KEY (run_id, shard)
);

-- The regions a shard covered (shards share regions, so run_regions is
-- filled from these when the run closes).
CREATE TABLE run_part_regions (
	run_id TEXT NOT NULL REFERENCES runs (run_id),
	shard  BIGINT NOT NULL,
	region TEXT NOT NULL,
	PRIMARY KEY (run_id, shard, region)
);

-- The shard that wrote an account or a finding; NULL when written whole.
ALTER TABLE run_accounts ADD COLUMN shard BIGINT;
-- the account's place in the Organization (--org), NULL elsewhere
ALTER TABLE run_accounts ADD COLUMN ou_path TEXT;
ALTER TABLE findings ADD COLUMN shard BIGINT;
-- when the finding's data was collected (NULL for older rows), so that a
-- merge from the store writes the reports a merge of the files would
ALTER TABLE findings ADD COLUMN collected_at BIGINT;

CREATE INDEX runs_by_shard_run_id ON runs (shard_run_id);
-- a re-run shard deletes its own findings by this
CREATE INDEX findings_by_part ON findings (run_id, shard);
