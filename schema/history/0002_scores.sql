-- 0002_scores.sql -- the run's scores and coverage, as its report printed
-- them, so that a trend never recomputes a score with a newer scoring rule.
--
-- grp is 'overall' (grp_key ''), 'phase' (the phase name), 'account' (the
-- account id) or 'region'. score is NULL when nothing was scored (the
-- report's "-"). Same SQL for SQLite and PostgreSQL.

CREATE TABLE run_scores (
	run_id           TEXT NOT NULL REFERENCES runs (run_id),
	grp              TEXT NOT NULL,
	grp_key          TEXT NOT NULL,
	score            DOUBLE PRECISION,
	coverage         DOUBLE PRECISION NOT NULL,
	checks_selected  BIGINT NOT NULL,
	checks_evaluated BIGINT NOT NULL,
	PRIMARY KEY (run_id, grp, grp_key)
);
