-- 0003_caller_identity.sql -- who ran the audit: the caller ARN
-- (sts:GetCallerIdentity) irready used in each account. NULL for runs
-- imported from findings.json, which does not carry it. Same SQL for
-- SQLite and PostgreSQL.

ALTER TABLE run_accounts ADD COLUMN caller_arn TEXT;
