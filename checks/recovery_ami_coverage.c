/*
 * recovery_ami_coverage.c -- running instances can be rebuilt from an AMI
 *
 * Per running instance:
 *   - the AMI it was launched from must still exist (DescribeImages by id,
 *     deprecated ones included): a deregistered AMI means the instance
 *     cannot be relaunched as it was;
 *   - a tagged workload must also have a recent self-owned AMI of its own
 *     (a backup image), created no more than params.ami_max_age_days ago.
 *     "Tagged" means a tag key Workload (any value), or a tag key Backup
 *     whose value is not false/no/off/none/0 (keys compared without case).
 *     An AMI is the instance's when one of its EBS snapshots was taken
 *     from one of the instance's volumes (CreateImage, Data Lifecycle
 *     Manager and AWS Backup all produce that), or when one of its tag
 *     values is the instance id or ARN.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int tagged_workload(const struct inv_instance *in)
{
	static const char *const off[] = { "false", "no", "off", "none", "0" };

	for (size_t i = 0; i < in->ntags; i++) {
		const struct inv_tag *t = &in->tags[i];
		int skip = 0;

		if (!strcasecmp(t->key, "Workload"))
			return 1;
		if (strcasecmp(t->key, "Backup"))
			continue;
		for (size_t k = 0; k < sizeof(off) / sizeof(off[0]); k++)
			skip |= !strcasecmp(t->value, off[k]);
		if (!skip)
			return 1;
	}
	return 0;
}

static const char *snapshot_volume(const struct inv_region *r, const char *snap)
{
	for (size_t i = 0; i < r->snapshots.n; i++)
		if (!strcmp(r->snapshots.v[i].id, snap))
			return r->snapshots.v[i].volume_id;
	return NULL;
}

static int image_of(const struct inv_region *r, const struct inv_image *im,
		    const struct inv_instance *in, const char *arn)
{
	for (size_t i = 0; i < im->ntags; i++)
		if (!strcmp(im->tags[i].value, in->id) ||
		    !strcmp(im->tags[i].value, arn))
			return 1;
	for (size_t s = 0; s < im->nsnapshots; s++) {
		const char *vol = snapshot_volume(r, im->snapshot_ids[s]);

		for (size_t v = 0; vol && v < in->nvolumes; v++)
			if (!strcmp(vol, in->volume_ids[v]))
				return 1;
	}
	return 0;
}

/* The newest available self-owned AMI of the instance, or NULL. */
static const struct inv_image *backup_image(const struct inv_region *r,
					    const struct inv_instance *in,
					    const char *arn)
{
	const struct inv_image *best = NULL;

	for (size_t i = 0; i < r->images.n; i++) {
		const struct inv_image *im = &r->images.v[i];

		if (!im->state || strcasecmp(im->state, "available"))
			continue;
		if (!image_of(r, im, in, arn))
			continue;
		if (!best || im->created > best->created)
			best = im;
	}
	return best;
}

static void check_instance(const struct check_ctx *cx,
			   const struct inv_instance *in, struct findings *out)
{
	const struct inv_region *r = cx->region;
	long max = cx->params->ami_max_age_days;
	const struct inv_image *bk;
	char arn[160], label[256];
	long age;

	check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
		  "instance/%s", in->id);
	snprintf(label, sizeof(label), "%s%s%s%s", in->id, in->name ? " (" : "",
		 in->name ? in->name : "", in->name ? ")" : "");
	if (!in->image_id || !in->ami_found) {
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "instance %s in %s runs AMI %s, which no longer "
			     "exists: it cannot be relaunched from its image",
			     label, r->name, in->image_id ? in->image_id : "?");
		return;
	}
	if (in->ami_state && strcasecmp(in->ami_state, "available")) {
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "instance %s in %s runs AMI %s, which is %s",
			     label, r->name, in->image_id, in->ami_state);
		return;
	}
	if (!tagged_workload(in)) {
		findings_add(out, CHECK_PASS, "AWS::EC2::Instance", arn,
			     "instance %s in %s runs AMI %s%s%s%s, which still "
			     "exists",
			     label, r->name, in->image_id,
			     in->ami_name ? " (" : "",
			     in->ami_name ? in->ami_name : "",
			     in->ami_name ? ")" : "");
		return;
	}
	bk = backup_image(r, in, arn);
	if (!bk) {
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "tagged workload %s in %s has no self-owned AMI "
			     "of its own: no known-good image to rebuild it "
			     "from",
			     label, r->name);
		return;
	}
	age = days_between(bk->created, cx->now);
	if (!bk->created || age > max)
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "newest self-owned AMI of tagged workload %s in "
			     "%s is %s, %ld day%s old (limit %ld)",
			     label, r->name, bk->id, age, age == 1 ? "" : "s",
			     max);
	else
		findings_add(out, CHECK_PASS, "AWS::EC2::Instance", arn,
			     "tagged workload %s in %s runs an existing AMI "
			     "(%s) and has self-owned AMI %s, %ld day%s old "
			     "(limit %ld)",
			     label, r->name, in->image_id, bk->id, age,
			     age == 1 ? "" : "s", max);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->instances.n; i++)
		n += !strcasecmp(r->instances.v[i].state, "running");
	if (!n) {
		findings_add(out, CHECK_NA, "AWS::EC2::Instance", r->name,
			     "no running instances in %s", r->name);
		return 0;
	}
	if (r->instance_amis_failed) {
		const struct aws_error *e = &r->instance_amis_err;

		findings_add(out, CHECK_ERROR, "AWS::EC2::Instance", r->name,
			     "could not look up the AMIs of %zu running "
			     "instance%s: %s on %s in %s%s%s",
			     n, n == 1 ? "" : "s",
			     e->code[0] ? e->code : "error", e->action,
			     e->region, e->message[0] ? ": " : "", e->message);
		return 0;
	}
	for (size_t i = 0; i < r->instances.n; i++)
		if (!strcasecmp(r->instances.v[i].state, "running"))
			check_instance(cx, &r->instances.v[i], out);
	return 0;
}

const struct check check_recovery_ami_coverage = {
	.id = "recovery_ami_coverage",
	.title = "Running instances can be rebuilt from existing, recent AMIs",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_INSTANCES | NEED_IMAGES | NEED_SNAPSHOTS,
	.guidance = "Recover: keep known-good restore points for every "
		    "workload",
	.rationale = "Eradication often means replacing a compromised host "
		     "rather than cleaning it. That needs the image it was "
		     "built from, and for important workloads a recent image "
		     "of their own, taken before the compromise.",
	.remediation =
		"1. Keep (do not deregister) the AMIs your running "
		"instances were launched from, or rebuild them from a "
		"current golden image.\n"
		"2. Tag important instances (Workload=<name> or "
		"Backup=true).\n"
		"3. Create their AMIs on a schedule with Data Lifecycle "
		"Manager (AMI policy) or AWS Backup, within the policy's "
		"ami_max_age_days.",
	.cli_fix = "aws dlm create-lifecycle-policy --description "
		   "\"daily workload AMIs\" --state ENABLED "
		   "--execution-role-arn <DLM_ROLE_ARN> --policy-details "
		   "file://ami-policy.json",
	.cfn = "AmiPolicy:\n  Type: AWS::DLM::LifecyclePolicy\n"
	       "  Properties:\n    Description: daily workload AMIs\n"
	       "    State: ENABLED\n"
	       "    ExecutionRoleArn: !GetAtt DlmRole.Arn\n"
	       "    PolicyDetails:\n      PolicyType: IMAGE_MANAGEMENT\n"
	       "      ResourceTypes: [INSTANCE]\n"
	       "      TargetTags: [{Key: Backup, Value: 'true'}]\n"
	       "      Schedules:\n        - Name: daily\n"
	       "          CreateRule: {Interval: 24, IntervalUnit: HOURS}\n"
	       "          RetainRule: {Count: 14}",
	.doc_url = "https://docs.aws.amazon.com/ebs/latest/userguide/"
		   "ami-policy.html",
	.frameworks = "REL09-BP01;NIST-CSF-2.0:PR.DS-11;NIST-CSF-2.0:RC.RP-01",
	.run = run,
};
