/*
 * test_arn.c -- ARNs in the right partition: arn_partition() for regional
 * and global resources, check_arn(), real checks run in aws-us-gov and
 * aws-cn regions, and a waiver written with a GovCloud ARN matching the
 * finding it was written for.
 */
#include "arn.h"
#include "decide.h"
#include "policy.h"

static void test_partition(void)
{
	struct inv_account a = { .id = "123456789012" };
	char buf[32];

	is_str(arn_partition(&a, "us-east-1", buf, sizeof(buf)), "aws",
	       "us-east-1: aws");
	is_str(arn_partition(&a, "eu-west-1", buf, sizeof(buf)), "aws",
	       "eu-west-1: aws");
	is_str(arn_partition(&a, "cn-north-1", buf, sizeof(buf)), "aws-cn",
	       "cn-north-1: aws-cn");
	is_str(arn_partition(&a, "cn-northwest-1", buf, sizeof(buf)), "aws-cn",
	       "cn-northwest-1: aws-cn");
	is_str(arn_partition(&a, "us-gov-west-1", buf, sizeof(buf)),
	       "aws-us-gov", "us-gov-west-1: aws-us-gov");
	is_str(arn_partition(&a, "us-gov-east-1", buf, sizeof(buf)),
	       "aws-us-gov", "us-gov-east-1: aws-us-gov");

	/* global resources: the caller's ARN, then the home region */
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws",
	       "global, nothing known: aws");
	a.home_region = "cn-northwest-1";
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws-cn",
	       "global: the home region's partition");
	is_str(arn_partition(&a, "global", buf, sizeof(buf)), "aws-cn",
	       "\"global\" is no region");
	is_str(arn_partition(&a, NULL, buf, sizeof(buf)), "aws-cn",
	       "NULL region: the home region's partition");
	a.caller_arn = "arn:aws-us-gov:sts::123456789012:assumed-role/r/s";
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws-us-gov",
	       "global: the caller ARN's partition wins");
	is_str(arn_partition(&a, "us-east-1", buf, sizeof(buf)), "aws",
	       "a region decides for a regional resource");
	a.caller_arn = "arn:aws:iam::123456789012:user/u";
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws",
	       "commercial caller ARN: aws");
	a.caller_arn = "not-an-arn";
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws-cn",
	       "malformed caller ARN: the home region");
	a.caller_arn = "arn::sts::1:x";
	is_str(arn_partition(&a, "", buf, sizeof(buf)), "aws-cn",
	       "empty partition field: the home region");
	a.caller_arn = "arn:aws-iso-b-very-long-partition-name-x:sts::1:x";
	is_str(arn_partition(&a, "", buf, 8), "aws-cn",
	       "a partition longer than the buffer is not copied");
	is_str(arn_partition(NULL, "", buf, sizeof(buf)), "aws",
	       "no account: aws");
}

static void test_check_arn(void)
{
	struct inv_account a = { .id = "123456789012",
				 .caller_arn = "arn:aws:sts::123456789012:x" };
	struct check_ctx cx = { .acct = &a };
	char buf[128];

	is_str(check_arn(&cx, buf, sizeof(buf), "ec2", "us-east-1", a.id,
			 "vpc/%s", "vpc-1"),
	       "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1",
	       "regional, commercial");
	is_str(check_arn(&cx, buf, sizeof(buf), "ec2", "us-gov-west-1", a.id,
			 "vpc/%s", "vpc-1"),
	       "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-1",
	       "regional, aws-us-gov");
	is_str(check_arn(&cx, buf, sizeof(buf), "ec2", "cn-north-1", "",
			 "snapshot/%s", "snap-1"),
	       "arn:aws-cn:ec2:cn-north-1::snapshot/snap-1",
	       "regional without an account, aws-cn");
	is_str(check_arn(&cx, buf, sizeof(buf), "s3", "", "", "%s", "bkt"),
	       "arn:aws:s3:::bkt", "global, commercial");
	a.caller_arn = "arn:aws-us-gov:iam::123456789012:user/u";
	is_str(check_arn(&cx, buf, sizeof(buf), "s3", "", "", "%s", "bkt"),
	       "arn:aws-us-gov:s3:::bkt", "global, aws-us-gov caller");
	is_str(check_arn(&cx, buf, sizeof(buf), "iam", "", a.id, "root"),
	       "arn:aws-us-gov:iam::123456789012:root",
	       "global with an account, aws-us-gov");
	a.caller_arn = NULL;
	a.home_region = "cn-north-1";
	is_str(check_arn(&cx, buf, sizeof(buf), "iam", "", a.id, "root"),
	       "arn:aws-cn:iam::123456789012:root",
	       "global, aws-cn from the home region");
	is_str(check_arn(&cx, buf, 16, "ec2", "us-east-1", a.id, "vpc/%s",
			 "vpc-1"),
	       "arn:aws:ec2:us-", "truncated to the buffer");
	is_str(check_arn(&cx, buf, 30, "ec2", "us-east-1", a.id, "vpc/%s",
			 "vpc-1"),
	       "arn:aws:ec2:us-east-1:1234567", "truncated in the prefix");
}

/* One VPC without flow logs in region 0, named 'region'. */
static void one_vpc(struct world *w, const char *region, const char *id)
{
	struct inv_vpc *v =
		INV_PUSH(&w->regions[0].arena[DS_VPC], w->regions[0].vpcs);

	w->regions[0].name = region;
	v->id = w_str(w, id);
	v->state = "available";
}

static void test_checks(void)
{
	struct world w;
	const struct finding *f;

	world_init(&w);
	one_vpc(&w, "us-gov-west-1", "vpc-0abc1");
	w.acct.caller_arn = "arn:aws-us-gov:sts::123456789012:assumed-role/a/b";
	decide(&w, "vpc_flow_logs_enabled");
	f = w_find(&w, "vpc-0abc1");
	is_str(f ? f->resource_id : NULL,
	       "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-0abc1",
	       "vpc_flow_logs_enabled in GovCloud: aws-us-gov ARN");
	decide(&w, "iam_root_protected");
	f = w_find(&w, ":root");
	is_str(f ? f->resource_id : NULL,
	       "arn:aws-us-gov:iam::123456789012:root",
	       "iam_root_protected (global) in GovCloud: aws-us-gov ARN");
	world_release(&w);

	world_init(&w);
	{
		struct inv_bucket *b =
			INV_PUSH(&w.acct.arena[DS_S3_BUCKETS], w.acct.buckets);

		b->name = "ev-bucket";
		b->evidence = 1;
		b->exists = 1;
		b->owned = 1;
	}
	w.acct.caller_arn = "arn:aws-us-gov:sts::123456789012:assumed-role/a/b";
	w.acct.home_region = "us-gov-west-1";
	decide(&w, "evidence_versioning");
	f = w_find(&w, "ev-bucket");
	is_str(f ? f->resource_id : NULL, "arn:aws-us-gov:s3:::ev-bucket",
	       "evidence_versioning (S3, global) in GovCloud: aws-us-gov ARN");
	world_release(&w);

	world_init(&w);
	one_vpc(&w, "cn-north-1", "vpc-0cn1");
	w.acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	decide(&w, "vpc_flow_logs_enabled");
	f = w_find(&w, "vpc-0cn1");
	is_str(f ? f->resource_id : NULL,
	       "arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-0cn1",
	       "vpc_flow_logs_enabled in China: aws-cn ARN");
	world_release(&w);

	world_init(&w);
	one_vpc(&w, "eu-west-1", "vpc-0eu1");
	decide(&w, "vpc_flow_logs_enabled");
	f = w_find(&w, "vpc-0eu1");
	is_str(f ? f->resource_id : NULL,
	       "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0eu1",
	       "vpc_flow_logs_enabled in eu-west-1: aws ARN, as before");
	decide(&w, "iam_root_protected");
	f = w_find(&w, ":root");
	is_str(f ? f->resource_id : NULL, "arn:aws:iam::123456789012:root",
	       "iam_root_protected, commercial: as before");
	world_release(&w);
}

/* A GovCloud waiver written with the real ARN covers the finding. */
static void test_waiver(void)
{
	struct world w;
	struct policy p;
	const struct finding *f;
	time_t now = NOW;

	is_int(policy_load("tests/policy/waivers-gov.json", &p), 0,
	       "waivers-gov.json loads");

	world_init(&w);
	one_vpc(&w, "us-gov-west-1", "vpc-0abc1");
	w.acct.caller_arn = "arn:aws-us-gov:sts::123456789012:assumed-role/a/b";
	decide(&w, "vpc_flow_logs_enabled");
	policy_apply_waivers(&p, &w.out, now);
	f = w_find(&w, "vpc-0abc1");
	ok(f && f->status == CHECK_WAIVED && f->verdict == CHECK_FAIL,
	   "the aws-us-gov waiver waives the GovCloud VPC's FAIL");
	is_str(f ? f->waiver : NULL,
	       "GovCloud lab VPC (alice@example.com, until 2027-03-31)",
	       "with the GovCloud waiver's text");
	world_release(&w);

	world_init(&w);
	one_vpc(&w, "cn-north-1", "vpc-0cn1");
	w.acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	decide(&w, "vpc_flow_logs_enabled");
	policy_apply_waivers(&p, &w.out, now);
	f = w_find(&w, "vpc-0cn1");
	ok(f && f->status == CHECK_FAIL,
	   "an arn:aws: waiver does not cover an aws-cn resource");
	world_release(&w);

	is_int(p.waivers[0].matched, 1, "GovCloud waiver matched one");
	is_int(p.waivers[1].matched, 0, "commercial-ARN waiver matched none");
	policy_release(&p);
}

int main(void)
{
	test_partition();
	test_check_arn();
	test_checks();
	test_waiver();
	return done_testing();
}
