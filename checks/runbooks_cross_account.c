/*
 * runbooks_cross_account.c -- the IR runbook bucket (params.runbook_bucket)
 * exists, belongs to another account, and is versioned
 *
 * Decision table (S3_BUCKETS, see inv_s3.c):
 *
 *   no params.runbook_bucket: discovery
 *     owned buckets named *runbook* / *playbook*      FAIL each (they live
 *     self-owned SSM documents named so (when the     in the audited
 *     SSM_DOCUMENTS dataset was collected)            account)
 *     this is params.security_account_id, or none     MANUAL: the setting
 *                                                     to add
 *   in this account's ListBuckets
 *     this is params.security_account_id              versioned? PASS : FAIL
 *     any other account                               FAIL (same blast radius)
 *   not in ListBuckets: GetBucketLocation says
 *     200 (the owner lets us read it)                 versioned? PASS : FAIL
 *                                                     versioning unreadable: NA
 *     403 AccessDenied: it exists, someone else's     NA (versioning can only
 *                                                     be read in its account)
 *     404 NoSuchBucket                                FAIL
 *     anything else (throttling, ...)                 ERROR
 *
 * The NA cases say what to grant (s3:GetBucketLocation and
 * s3:GetBucketVersioning to the audit role in the bucket policy) so that
 * a workload-account audit can prove the whole property.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int versioned(const struct inv_bucket *b)
{
	return b->versioning && !strcasecmp(b->versioning, "Enabled");
}

/* PASS/FAIL/ERROR/NA on the versioning of a readable runbook bucket. */
static void judge_versioning(const struct inv_bucket *b, const char *arn,
			     const char *where, struct findings *out)
{
	char e[600];

	if (b->versioning_checked)
		findings_add(out, versioned(b) ? CHECK_PASS : CHECK_FAIL,
			     "AWS::S3::Bucket", arn,
			     "runbook bucket %s (%s, %s) %s", b->name, where,
			     b->region,
			     versioned(b) ? "is versioned: earlier runbook "
					    "versions can be restored"
			     : b->versioning
				     ? "has versioning Suspended: a changed "
				       "or deleted runbook cannot be restored"
				     : "is not versioned: a changed or deleted "
				       "runbook cannot be restored");
	else if (b->versioning_err.status == 403)
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", arn,
			     "runbook bucket %s (%s, %s) exists, but its "
			     "versioning is not readable from here (%s); "
			     "let the audit role read it "
			     "(s3:GetBucketVersioning in the bucket policy) "
			     "or audit it in its account",
			     b->name, where, b->region,
			     inv_error_text(&b->versioning_err, e, sizeof(e)));
	else
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
			     "could not read the versioning of runbook bucket "
			     "%s: %s",
			     b->name,
			     inv_error_text(&b->versioning_err, e, sizeof(e)));
}

/* Does 'name' contain "runbook" or "playbook", in any case? */
static int runbook_named(const char *name)
{
	for (const char *p = name; p && *p; p++)
		if (!strncasecmp(p, "runbook", 7) ||
		    !strncasecmp(p, "playbook", 8))
			return 1;
	return 0;
}

/*
 * params.runbook_bucket unset: look for where runbooks are kept. Owned
 * buckets and self-owned SSM documents whose names say runbook or
 * playbook live in this account: FAIL each (unless this is the security
 * account). Nothing found: MANUAL, with the setting to add.
 */
static int unconfigured(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const char *sec = cx->params->security_account_id;
	const char *saved = out->region;
	size_t found = 0;
	char arn[300];

	if (sec && !strcmp(sec, a->id))
		goto manual; /* the security account is where they belong */
	for (size_t i = 0; i < a->buckets.n; i++) {
		const struct inv_bucket *b = &a->buckets.v[i];

		if (!b->owned || !(b->roles & INV_BUCKET_RUNBOOK_NAMED))
			continue;
		check_arn(cx, arn, sizeof(arn), "s3", "", "", "%s", b->name);
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "bucket %s in this account (%s) looks like the "
			     "runbook store (its name): an intruder who "
			     "controls the account can alter or delete the "
			     "runbooks responders rely on; keep them in the "
			     "security account and set params.runbook_bucket",
			     b->name, a->id);
		found++;
	}
	/* SSM documents when collected (runbooks_ssm_documents needs them) */
	for (size_t r = 0; r < a->nregions; r++) {
		const struct inv_region *reg = &a->regions[r];

		if (reg->status[DS_SSM_DOCUMENTS].state != INV_OK)
			continue;
		out->region = reg->name;
		for (size_t i = 0; i < reg->ssm_documents.n; i++) {
			const struct inv_ssm_document *d =
				&reg->ssm_documents.v[i];

			if (!d->owner || strcmp(d->owner, a->id) ||
			    !runbook_named(d->name))
				continue;
			check_arn(cx, arn, sizeof(arn), "ssm", reg->name, a->id,
				  "document/%s", d->name);
			findings_add(out, CHECK_FAIL, "AWS::SSM::Document", arn,
				     "SSM document %s in %s is a runbook kept "
				     "in this account (%s): an intruder who "
				     "controls it can change what responders "
				     "run; keep the master copy in the "
				     "security account and set "
				     "params.runbook_bucket",
				     d->name, reg->name, a->id);
			found++;
		}
	}
	out->region = saved;
	if (found)
		return 0;
manual:
	findings_add(out, CHECK_MANUAL, "AWS::S3::Bucket", a->id,
		     "params.runbook_bucket is not set and no bucket or SSM "
		     "document of this account is named like a runbook, so "
		     "irready cannot tell where responders find the runbooks "
		     "when this account is compromised. Add to the policy's "
		     "\"params\": \"runbook_bucket\": \"<bucket in the "
		     "security account>\", \"security_account_id\": "
		     "\"<its 12-digit id>\"");
	return 0;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const char *name = cx->params->runbook_bucket;
	const char *sec = cx->params->security_account_id;
	const struct inv_bucket *b;
	char arn[300], e[600];

	if (!name)
		return unconfigured(cx, out);
	b = inv_bucket_find(a, name);
	check_arn(cx, arn, sizeof(arn), "s3", "", "", "%s", name);
	if (!b) { /* the collector records it whenever the policy names it */
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
			     "runbook bucket %s was not looked up: the bucket "
			     "collector did not get the policy's parameters",
			     name);
		return 0;
	}
	if (b->owned) {
		if (sec && !strcmp(sec, a->id)) {
			if (!b->location_checked)
				findings_add(out, CHECK_ERROR,
					     "AWS::S3::Bucket", arn,
					     "could not read the location of "
					     "runbook bucket %s: %s",
					     name,
					     inv_error_text(&b->location_err, e,
							    sizeof(e)));
			else
				judge_versioning(b, arn,
						 "in this, the security "
						 "account",
						 out);
			return 0;
		}
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "runbook bucket %s is in this account (%s): an "
			     "intruder who controls the account can alter or "
			     "delete the runbooks responders rely on; keep "
			     "them in the security account%s%s",
			     name, a->id, sec ? " " : "", sec ? sec : "");
		return 0;
	}
	if (b->location_checked) {
		judge_versioning(b, arn, "owned by another account", out);
		return 0;
	}
	if (b->exists > 0)
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", arn,
			     "runbook bucket %s exists and another account "
			     "owns it (GetBucketLocation answered %s), but "
			     "its versioning cannot be read from this "
			     "account; grant the audit role "
			     "s3:GetBucketLocation and s3:GetBucketVersioning "
			     "in the bucket policy, or audit it in its account",
			     name, b->location_err.code);
	else if (b->exists < 0)
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "runbook bucket %s does not exist (%s): the "
			     "policy points responders at nothing",
			     name, b->location_err.code);
	else
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
			     "could not tell whether runbook bucket %s "
			     "exists: %s",
			     name,
			     inv_error_text(&b->location_err, e, sizeof(e)));
	return 0;
}

const struct check check_runbooks_cross_account = {
	.id = "runbooks_cross_account",
	.title = "IR runbooks are kept in a versioned bucket in another "
		 "account",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_S3_BUCKETS,
	.peeks = NEED_SSM_DOCUMENTS, /* read when collected */
	.guidance = "Prepare: make playbooks available when the account is "
		    "not",
	.rationale = "During an incident the affected account cannot be "
		     "trusted: an intruder may have changed or deleted "
		     "anything in it. Runbooks kept in a separate security "
		     "account stay reachable and untampered, and versioning "
		     "lets responders restore a known-good copy.",
	.remediation = "1. Create the runbook bucket in the security (or "
		       "log-archive) account and enable versioning.\n"
		       "2. Grant the IR roles of every workload account "
		       "s3:GetObject, and the audit role s3:GetBucketLocation "
		       "and s3:GetBucketVersioning, in its bucket policy.\n"
		       "3. Set params.runbook_bucket (and "
		       "params.security_account_id) in the irready policy.",
	.cli_fix = "aws s3api put-bucket-versioning --bucket <RUNBOOK_BUCKET> "
		   "--versioning-configuration Status=Enabled "
		   "--profile <SECURITY_ACCOUNT_PROFILE>",
	.cfn = "RunbookBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
	       "    VersioningConfiguration:\n      Status: Enabled\n"
	       "    PublicAccessBlockConfiguration:\n"
	       "      BlockPublicAcls: true\n      IgnorePublicAcls: true\n"
	       "      BlockPublicPolicy: true\n"
	       "      RestrictPublicBuckets: true",
	.doc_url = "https://docs.aws.amazon.com/whitepapers/latest/"
		   "aws-security-incident-response-guide/"
		   "develop-and-implement-playbooks.html",
	.frameworks = "SEC10-BP04;NIST-CSF-2.0:ID.IM-04",
	.run = run,
};
