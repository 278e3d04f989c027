/*
 * ebs_snapshot_public_block.c -- no EBS snapshot is public, and block
 * public access for snapshots is on
 *
 * Per region: every snapshot this account owns that anyone can restore
 * (DescribeSnapshots Owner=self RestorableBy=all) is a FAIL. Block public
 * access for snapshots (ec2:GetSnapshotBlockPublicAccessState) is a FAIL
 * when "unblocked" -- any snapshot can be made public in one call -- and
 * a PASS when block-all-sharing or block-new-sharing (which leaves
 * snapshots already public as they are: those are the FAILs above).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	/* NULL only in an inventory built without it: judge the snapshots */
	const char *bpa = r->snapshot_bpa_state;

	for (size_t i = 0; i < r->public_snapshots.n; i++) {
		const struct inv_snapshot *s = &r->public_snapshots.v[i];
		char arn[160];

		check_arn(cx, arn, sizeof(arn), "ec2", r->name, "",
			  "snapshot/%s", s->id);
		findings_add(out, CHECK_FAIL, "AWS::EC2::Snapshot", arn,
			     "snapshot %s%s%s%s in %s is public: anyone can "
			     "create a volume from it and read its data",
			     s->id, s->volume_id ? " (of " : "",
			     s->volume_id ? s->volume_id : "",
			     s->volume_id ? ")" : "", r->name);
	}
	if (bpa && !strcasecmp(bpa, "unblocked"))
		findings_add(out, CHECK_FAIL, "AWS::EC2::Snapshot", r->name,
			     "block public access for snapshots is off "
			     "(unblocked) in %s: any snapshot can be made "
			     "public in one call",
			     r->name);
	else if (r->public_snapshots.n)
		; /* the FAILs above say it all */
	else if (bpa && !r->snapshots.n)
		findings_add(out, CHECK_PASS, "AWS::EC2::Snapshot", r->name,
			     "block public access for snapshots is %s in %s "
			     "(no EBS snapshot owned there)",
			     bpa, r->name);
	else if (bpa)
		findings_add(out, CHECK_PASS, "AWS::EC2::Snapshot", r->name,
			     "block public access for snapshots is %s in %s, "
			     "and none of the %zu EBS snapshot%s owned there "
			     "is public",
			     bpa, r->name, r->snapshots.n,
			     r->snapshots.n == 1 ? "" : "s");
	else if (!r->snapshots.n)
		findings_add(out, CHECK_NA, "AWS::EC2::Snapshot", r->name,
			     "no EBS snapshots owned in %s", r->name);
	else
		findings_add(out, CHECK_PASS, "AWS::EC2::Snapshot", r->name,
			     "none of the %zu EBS snapshot%s owned in %s is "
			     "public",
			     r->snapshots.n, r->snapshots.n == 1 ? "" : "s",
			     r->name);
	return 0;
}

const struct check check_ebs_snapshot_public_block = {
	.id = "ebs_snapshot_public_block",
	.title = "No EBS snapshot is public",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_PUBLIC_SNAPSHOTS | NEED_SNAPSHOTS | NEED_SNAPSHOT_BPA,
	.guidance = "Contain: close data exposure paths before they are used",
	.rationale = "A public snapshot is a full copy of a disk that anyone "
		     "in any AWS account can restore: a common source of "
		     "leaked credentials and data, and one an intruder can "
		     "create in a single API call. Block public access for "
		     "snapshots stops it account-wide.",
	.remediation = "1. Make each public snapshot private: remove the "
		       "'all' group from its createVolumePermission.\n"
		       "2. Turn on block public access for snapshots "
		       "(block-all-sharing) in every region.\n"
		       "3. Review CloudTrail for ModifySnapshotAttribute "
		       "calls that made them public.",
	.cli_fix = "aws ec2 modify-snapshot-attribute --snapshot-id "
		   "<SNAPSHOT_ID> --attribute createVolumePermission "
		   "--operation-type remove --group-names all && aws ec2 "
		   "enable-snapshot-block-public-access --state "
		   "block-all-sharing",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/ebs/latest/userguide/"
		   "block-public-access-snapshots.html",
	.frameworks = "FSBP:EC2.1;SEC08-BP04;NIST-CSF-2.0:PR.DS-01",
	.run = run,
};
