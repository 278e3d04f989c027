-- 0001_runs.sql -- the history store: one row per audit run, its scope,
-- and the status of every finding in it.
--
-- One file for SQLite and PostgreSQL. The portable subset: TEXT, BIGINT
-- (SQLite's INTEGER affinity, PostgreSQL's int8; times are Unix seconds,
-- which outgrow PostgreSQL's 32-bit INTEGER in 2038) and DOUBLE PRECISION
-- (REAL affinity in SQLite). No SERIAL/AUTOINCREMENT, whose spelling
-- differs: run ids are made by irready (a SHA-256 prefix of the run's
-- times, policy digest and scope). Foreign keys are declared for readers;
-- SQLite does not enforce them unless asked, and irready does not rely on
-- them. schema_migrations is created by the migrator itself, not here.

CREATE TABLE runs (
	run_id        TEXT PRIMARY KEY,
	started       BIGINT NOT NULL,
	finished      BIGINT NOT NULL,
	evaluated_at  BIGINT NOT NULL,
	recorded_at   BIGINT NOT NULL,
	tool_version  TEXT NOT NULL,
	mode          TEXT,
	source        TEXT,
	policy_name   TEXT,
	policy_digest TEXT,
	fail_on       TEXT,
	api_calls     BIGINT,
	api_errors    BIGINT,
	findings      BIGINT NOT NULL
);

-- Scope: the accounts, regions and selected checks of the run. A finding
-- outside them was not assessed by the run (never "resolved" by it).
CREATE TABLE run_accounts (
	run_id       TEXT NOT NULL REFERENCES runs (run_id),
	account_id   TEXT NOT NULL,
	account_name TEXT,
	PRIMARY KEY (run_id, account_id)
);

CREATE TABLE run_regions (
	run_id TEXT NOT NULL REFERENCES runs (run_id),
	region TEXT NOT NULL,
	PRIMARY KEY (run_id, region)
);

CREATE TABLE run_checks (
	run_id   TEXT NOT NULL REFERENCES runs (run_id),
	check_id TEXT NOT NULL,
	phase    TEXT NOT NULL,
	severity TEXT NOT NULL,
	scope    TEXT NOT NULL, -- 'account' (region "global") or 'region'
	PRIMARY KEY (run_id, check_id)
);

-- Every finding of the run, PASS included: a finding that disappears from
-- an assessed unit was resolved, and only the PASS rows say which units
-- were assessed.
CREATE TABLE findings (
	run_id        TEXT NOT NULL REFERENCES runs (run_id),
	finding_id    TEXT NOT NULL,
	check_id      TEXT NOT NULL,
	account_id    TEXT NOT NULL,
	region        TEXT NOT NULL,
	phase         TEXT NOT NULL,
	severity      TEXT NOT NULL,
	status        TEXT NOT NULL,
	verdict       TEXT NOT NULL,
	resource_type TEXT,
	resource_id   TEXT,
	message       TEXT,
	waiver        TEXT,
	PRIMARY KEY (run_id, finding_id)
);

CREATE INDEX findings_by_finding ON findings (finding_id);
