/*
 * check.h -- what a check is
 *
 * A check is a const descriptor plus a pure run() over the read-only
 * inventory of one scope: an account (global checks) or one region of an
 * account (regional checks). It declares the datasets it needs; if one of
 * them could not be collected in that scope, the runner reports ERROR and
 * does not call run(). A check never calls AWS, prints, or allocates
 * outside findings_add(); it includes only check.h, inv.h and findings.h.
 */
#ifndef CHECK_H
#define CHECK_H

#include "attestation.h"
#include "findings.h"
#include "inv.h"
#include "params.h"

#include <stdio.h>
#include <string.h>

enum check_scope { CHECK_SCOPE_ACCOUNT, CHECK_SCOPE_REGION };

struct check_ctx {
	const struct inventory *inv;
	const struct inv_account *acct;
	const struct inv_region *region; /* NULL for account-scope checks */
	const struct params *params;
	time_t now;
	/*
	 * The policy's attestations (all checks, parent's first), for the
	 * MANUAL items; NULL/0 when the runner has none to give.
	 */
	const struct attestation *attestations;
	size_t nattestations;
};

struct check {
	const char *id;    /* == file name; never reused */
	const char *title; /* sentence case, no full stop */
	enum ir_phase phase;
	enum severity severity;
	enum check_scope scope;
	inv_needs needs;         /* NEED_* bits from inv.h */
	const char *guidance;    /* the seed guidance item it serves */
	const char *rationale;   /* why it matters during an incident */
	const char *remediation; /* numbered steps, "\n"-separated */
	const char *cli_fix;     /* an AWS CLI command that fixes it */
	const char *cfn;         /* a CloudFormation snippet, or NULL */
	const char *doc_url;
	const char *frameworks; /* "CIS-3.0:3.7;FSBP:EC2.6;SEC10-BP03" */
	const char
		*extra_actions; /* IAM actions beyond the datasets', or NULL */
	int (*run)(const struct check_ctx *cx, struct findings *out);
	/*
	 * Account-scope checks over regional datasets: 0, the runner reports
	 * ERROR when any region's dataset failed; 1, run() is called anyway
	 * and decides from what was collected (a PASS found in one region),
	 * reporting ERROR itself, naming the failed regions
	 * (check_failed_regions()), only when they could change the verdict.
	 */
	int decides_on_partial;
	/*
	 * Datasets collected for the check and read when they were (their
	 * state is INV_OK), whose failure does not make it ERROR: a second
	 * opinion (a GuardDuty member's administrator), not its evidence.
	 */
	inv_needs consults;
	/*
	 * Datasets it reads only when another selected check had them
	 * collected (their state is INV_OK), never collecting them itself:
	 * the runner keeps them until this check has run (runner_eval.c).
	 */
	inv_needs peeks;
};

extern const struct check *const check_registry[];
extern const size_t check_count;
const struct check *check_find(const char *id);
/*
 * How check 'id' judges resources the Organization, another account or
 * another AWS service manages (checks/estates.def), or NULL.
 */
const char *check_estates(const char *id);

/*
 * The ARN of a resource, in the partition of the scope (aws, aws-cn or
 * aws-us-gov; see arn_partition() in arn.h), written into 'buf' of 'size'
 * bytes (truncated if need be) and returned:
 * "arn:PARTITION:SERVICE:REGION:ACCOUNT:" followed by 'fmt' formatted.
 * 'region' and 'account' may be "" where the ARN has none
 * ("arn:aws:s3:::bucket"); the partition then comes from the account.
 */
const char *check_arn(const struct check_ctx *cx, char *buf, size_t size,
		      const char *service, const char *region,
		      const char *account, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/*
 * The regions of the account whose dataset 'ds' failed, "eu-west-1
 * (AccessDenied), ..." into 'buf'; returns how many.
 */
static inline size_t check_failed_regions(const struct inv_account *a,
					  enum inv_dataset ds, char *buf,
					  size_t size)
{
	size_t n = 0, len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_status *st = &a->regions[i].status[ds];

		if (st->state != INV_FAILED)
			continue;
		if (len < size)
			len += (size_t)snprintf(
				buf + len, size - len, "%s%s (%s)",
				n ? ", " : "", a->regions[i].name,
				st->err.code[0] ? st->err.code : "error");
		n++;
	}
	return n;
}

/*
 * Trail 't' is an organization trail that an --org run read in the
 * account owning it, not this one (inventory.orgwide): the trail is judged
 * there, once. Adds a NOT_APPLICABLE finding for it naming that account
 * and saying 'what' ("its event selectors are read and judged") and
 * returns 1; 0 otherwise.
 */
static inline int check_org_trail_elsewhere(const struct check_ctx *cx,
					    const struct inv_trail *t,
					    const char *what,
					    struct findings *out)
{
	const struct inv_orgwide *ow = cx->inv ? cx->inv->orgwide : NULL;

	for (size_t i = 0; ow && t->organization && t->arn && i < ow->n; i++)
		if (ow->v[i].kind == INV_ORG_TRAIL &&
		    !strcmp(ow->v[i].arn, t->arn) &&
		    strcmp(ow->v[i].account, cx->acct->id)) {
			findings_add(out, CHECK_NA, "AWS::CloudTrail::Trail",
				     t->arn,
				     "organization trail '%s' (home %s) "
				     "covers account %s; %s in account %s, "
				     "which owns it",
				     t->name, t->home_region, cx->acct->id,
				     what, ow->v[i].account);
			return 1;
		}
	return 0;
}

/*
 * In an --org run, whether account 'id' is one the run could not assess
 * at all (inventory.orgwide's unassessed): a mechanism it owns for the
 * Organization (organization trail, analyzer, aggregator, GuardDuty
 * administration, a shared VPC) is then judged nowhere, and a member
 * falls back to what it can see itself.
 */
static inline int check_org_unassessed(const struct check_ctx *cx,
				       const char *id)
{
	const struct inv_orgwide *ow = cx->inv ? cx->inv->orgwide : NULL;

	for (size_t i = 0; ow && id && i < ow->unassessed.n; i++)
		if (!strcmp(ow->unassessed.v[i], id))
			return 1;
	return 0;
}

/*
 * For a message that says where something is judged ("judged in account
 * %s%s"): "" normally, or why it is judged nowhere when 'id' could not be
 * assessed in this --org run.
 */
static inline const char *check_unassessed_note(const struct check_ctx *cx,
						const char *id)
{
	return check_org_unassessed(cx, id)
		       ? " (which this --org run could not assess: see its "
			 "ERROR findings; nothing there is judged yet)"
		       : "";
}

/* The account that owns trail 't' (from its ARN) into 'buf'; NULL if none. */
static inline const char *check_trail_owner(const struct inv_trail *t,
					    char *buf, size_t size)
{
	const char *p = t->arn;

	buf[0] = '\0';
	for (int i = 0; p && i < 4; i++) {
		p = strchr(p, ':');
		p = p ? p + 1 : NULL;
	}
	if (p)
		snprintf(buf, size, "%.*s", (int)strcspn(p, ":"), p);
	return buf[0] ? buf : NULL;
}

/*
 * For the message of a finding on trail 't' judged in this account: ""
 * normally; when 't' is an organization trail another account owns and
 * this --org run could not assess that account, why it is judged here
 * from what this account sees (check_org_trail_elsewhere() found no
 * owner that read it).
 */
static inline const char *check_org_trail_fallback(const struct check_ctx *cx,
						   const struct inv_trail *t)
{
	char owner[16];

	if (!t->organization || !check_trail_owner(t, owner, sizeof(owner)) ||
	    !strcmp(owner, cx->acct->id) || !check_org_unassessed(cx, owner))
		return "";
	return " (judged here, from what this account sees: the account "
	       "that owns this organization trail could not be assessed in "
	       "this --org run)";
}

/*
 * The account's partition has no Account Management API (aws-us-gov), so
 * its alternate contacts were not asked for: a NOT_APPLICABLE finding
 * saying where they are kept, and 1; 0 otherwise.
 */
static inline int check_contacts_no_api(const struct check_ctx *cx,
					struct findings *out)
{
	const struct inv_account *a = cx->acct;

	if (!a->contacts_no_api)
		return 0;
	findings_add(out, CHECK_NA, "AWS::::Account", a->id,
		     "the AWS Account Management API has no endpoint in "
		     "partition %s, so account %s has no alternate contacts "
		     "of its own to read: set and audit them on the standard "
		     "AWS account it is associated with",
		     a->contacts_no_api, a->id);
	return 1;
}

/* Whole days between two times (floor, never negative). */
static inline long days_between(time_t from, time_t to)
{
	return to > from ? (long)((to - from) / 86400) : 0;
}

#endif
