/*
 * kms_keys_pending_deletion.c -- no customer-managed KMS key is scheduled
 * for deletion
 *
 * A key in PendingDeletion (or PendingReplicaDeletion) is FAIL: deleting
 * a key destroys every ciphertext under it, and scheduling deletion is a
 * known destructive move of an attacker or a ransom actor. An intended
 * deletion is waived in the policy by the key's ARN until its date.
 */
#include "check.h"

#include <string.h>
#include <strings.h>
#include <time.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->keys.n; i++) {
		const struct inv_kms_key *k = &r->keys.v[i];
		const char *id = k->arn ? k->arn : k->id;
		char when[32] = "";

		if (k->describe_err.code[0]) {
			n++;
			findings_add(out, CHECK_ERROR, "AWS::KMS::Key", id,
				     "key %s in %s could not be described "
				     "(%s: %s): whether it is scheduled for "
				     "deletion is unknown",
				     k->id, r->name, k->describe_err.code,
				     k->describe_err.message);
			continue;
		}
		if (!k->manager || strcasecmp(k->manager, "CUSTOMER"))
			continue;
		n++;
		if (!k->state ||
		    (strcasecmp(k->state, "PendingDeletion") &&
		     strcasecmp(k->state, "PendingReplicaDeletion"))) {
			findings_add(out, CHECK_PASS, "AWS::KMS::Key", id,
				     "key %s in %s is %s, not scheduled for "
				     "deletion",
				     k->id, r->name,
				     k->state ? k->state
					      : "in an unknown state");
			continue;
		}
		if (k->deletion_date) {
			struct tm tm;

			if (gmtime_r(&k->deletion_date, &tm))
				strftime(when, sizeof(when), "%Y-%m-%d", &tm);
		}
		findings_add(
			out, CHECK_FAIL, "AWS::KMS::Key", id,
			"key %s in %s%s%s%s is scheduled for deletion%s%s%s: "
			"data encrypted under it becomes unrecoverable",
			k->id, r->name,
			k->description && *k->description ? " (" : "",
			k->description && *k->description ? k->description : "",
			k->description && *k->description ? ")" : "",
			when[0] ? " on " : "", when,
			k->deletion_date && k->deletion_date <= cx->now
				? " (overdue)"
				: "");
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::KMS::Key", r->name,
			     "no customer-managed KMS keys in %s (%zu key%s in "
			     "total)",
			     r->name, r->keys.n, r->keys.n == 1 ? "" : "s");
	return 0;
}

const struct check check_kms_keys_pending_deletion = {
	.id = "kms_keys_pending_deletion",
	.title = "No customer-managed KMS key is pending deletion",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_KMS,
	.guidance = "Contain: stop destructive actions before they complete",
	.rationale = "Scheduling a key for deletion starts a 7-30 day clock "
		     "after which every snapshot, object and secret encrypted "
		     "under it is lost for good. Attackers use it to destroy "
		     "data and backups; during an incident every pending "
		     "deletion must be explained or cancelled in time.",
	.remediation = "1. Find who scheduled the deletion (CloudTrail "
		       "ScheduleKeyDeletion) and whether it was intended.\n"
		       "2. If not, cancel it and re-enable the key.\n"
		       "3. If it was, waive this finding in the policy by the "
		       "key's ARN until the deletion date; alarm on "
		       "ScheduleKeyDeletion events.",
	.cli_fix = "aws kms cancel-key-deletion --key-id <KEY_ID> && aws kms "
		   "enable-key --key-id <KEY_ID>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/kms/latest/developerguide/"
		   "deleting-keys.html",
	.frameworks = "FSBP:KMS.3;NIST-CSF-2.0:PR.DS-01",
	.extra_actions = NULL,
	.run = run,
};
