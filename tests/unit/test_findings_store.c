/*
 * test_findings_store.c -- how a findings list stores its strings (issue
 * 12, memory): repeated strings are interned once per list, a finding's own
 * strings are packed into text blocks that never move, strings set after
 * findings_add() (waivers, account names) come from the same list,
 * findings_release() frees it all, and spilled findings come back equal and
 * in order. The last test bounds the bytes per
 * finding on a set shaped like an Organization's.
 */
#include "check.h"
#include "irready.h"
#include "policy.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void context(struct findings *f, const char *check, const char *acct,
		    const char *region)
{
	f->check = check_find(check);
	f->account_id = acct;
	f->region = region;
	f->severity = f->check->severity;
}

static void test_intern(void)
{
	struct findings f;
	char buf[32];
	const char **first = xcalloc(5000, sizeof(*first));
	int same = 1, text = 1;

	findings_init(&f);
	ok(findings_intern(&f, NULL) == NULL, "NULL stays NULL");
	ok(f.text == NULL, "interning NULL allocates nothing");
	snprintf(buf, sizeof(buf), "%s", "Security");
	ok(findings_intern(&f, buf) == findings_intern(&f, "Security"),
	   "equal strings from different buffers: one pointer");
	ok(findings_intern(&f, "Security") != findings_intern(&f, "Securit"),
	   "different strings: different pointers");
	is_str(findings_intern(&f, ""), "", "the empty string interns");
	/* enough to grow the set many times over */
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "ou-%04d/Prod", i);
		first[i] = findings_intern(&f, buf);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "ou-%04d/Prod", i);
		same &= findings_intern(&f, buf) == first[i];
		text &= !strcmp(first[i], buf);
	}
	ok(same, "after the set grew, each string is still its one copy");
	ok(text, "and still reads as it was interned");
	free(first);
	findings_release(&f);
}

static void test_add_shares(void)
{
	struct findings f;
	char acct[16], region[16];
	struct finding *a, *b;

	findings_init(&f);
	/* the context in buffers that change between findings */
	snprintf(acct, sizeof(acct), "%s", "111122223333");
	snprintf(region, sizeof(region), "%s", "eu-west-1");
	context(&f, "vpc_flow_logs_enabled", acct, region);
	a = findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-1", "vpc %s",
			 "vpc-1");
	memset(acct, 'x', sizeof(acct) - 1);
	snprintf(acct, sizeof(acct), "%s", "111122223333");
	context(&f, "vpc_flow_logs_enabled", acct, "eu-west-1");
	b = findings_add(&f, CHECK_PASS, "AWS::EC2::VPC", NULL, "no %s", "id");
	a = &f.v[0]; /* the array may have moved */
	ok(a->account_id == b->account_id, "account id interned");
	ok(a->region == b->region, "region interned");
	ok(a->resource_type == b->resource_type, "resource type interned");
	ok(a->account_id != acct, "the list does not keep the caller's buffer");
	is_str(b->resource_id, "", "no resource id: \"\"");
	is_str(a->message, "vpc vpc-1", "message formatted");
	b = findings_add(&f, CHECK_NA, NULL, "vpc-2", "%s", "");
	is_str(b->resource_type, "", "no resource type: \"\"");
	is_str(b->message, "", "an empty message");
	findings_release(&f);
}

/* The message of finding 'i': lengths from 0 to ~300, crossing blocks. */
static void message_of(int i, char *buf, size_t size)
{
	size_t len = (size_t)(i * 37) % 301, n;

	snprintf(buf, size, "%d:", i);
	for (n = strlen(buf); n < len && n + 1 < size; n++)
		buf[n] = (char)('a' + (i + (int)n) % 26);
	buf[n] = '\0';
}

static void test_growth(void)
{
	struct findings f;
	char want[512], *big = xmalloc(200001);
	const char *big_copy, *first_msg;
	int good = 1;

	findings_init(&f);
	context(&f, "kms_cmk_rotation", "111122223333", "us-east-1");
	for (int i = 0; i < 3000; i++) {
		message_of(i, want, sizeof(want));
		findings_add(&f, CHECK_FAIL, "AWS::KMS::Key", want, "%s", want);
	}
	first_msg = f.v[0].message;
	/* a message longer than a block, then more small ones after it */
	memset(big, 'k', 200000);
	big[200000] = '\0';
	big_copy =
		findings_add(&f, CHECK_FAIL, "AWS::KMS::Key", "big", "%s", big)
			->message;
	/* formatted from strings the list already holds */
	findings_add(&f, CHECK_FAIL, "AWS::KMS::Key", f.v[1].resource_id,
		     "%s|%s", f.v[1].message, f.v[2].message);
	for (int i = 0; i < 3000; i++) {
		message_of(i, want, sizeof(want));
		good &= !strcmp(f.v[i].message, want) &&
			!strcmp(f.v[i].resource_id, want);
	}
	ok(good, "3,000 messages and ids intact after the blocks grew");
	ok(f.v[0].message == first_msg, "strings do not move as blocks grow");
	ok(!strcmp(big_copy, big), "a 200,000-byte message is kept whole");
	message_of(1, want, sizeof(want));
	strcat(want, "|");
	message_of(2, want + strlen(want), sizeof(want) - strlen(want));
	is_str(f.v[3001].message, want, "formatted from the list's own text");
	findings_release(&f);
	free(big);
}

static void test_waivers(void)
{
	struct policy p;
	struct findings f;
	time_t now = 1781524800; /* 2026-06-15T12:00:00Z */

	findings_init(&f);
	if (policy_load("tests/policy/waivers.json", &p)) {
		ok(0, "tests/policy/waivers.json loads");
		return;
	}
	context(&f, "vpc_flow_logs_enabled", "333333333333", "us-west-2");
	findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-0def1", "m1");
	findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-0def2", "m2");
	findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-0abc9", "m3");
	f.v[2].waiver = findings_intern(&f, "set by hand (me, until never)");
	policy_apply_waivers(&p, &f, now);
	is_str(f.v[0].waiver, "bare ids (erin@example.com, until 2027-01-01)",
	       "waiver text set after creation");
	ok(f.v[0].waiver == f.v[1].waiver,
	   "two findings under one waiver share its text");
	is_int(f.v[1].status, CHECK_WAIVED, "both waived");
	is_str(f.v[2].waiver, "set by hand (me, until never)",
	       "a waiver text set by hand stays");
	policy_apply_waivers(&p, &f, now); /* again: nothing left to waive */
	is_str(f.v[0].waiver, "bare ids (erin@example.com, until 2027-01-01)",
	       "applying twice keeps the text");
	policy_release(&p);
	findings_release(&f); /* ASan: nothing leaked, nothing freed twice */
}

static void test_release(void)
{
	struct findings f, zero;

	memset(&zero, 0, sizeof(zero));
	findings_init(&f);
	findings_release(&f);
	ok(!memcmp(&f, &zero, sizeof(f)), "release of an empty list");
	context(&f, "kms_cmk_rotation", "111122223333", "us-east-1");
	findings_add(&f, CHECK_FAIL, "AWS::KMS::Key", "k", "m");
	f.v[0].account_name = findings_intern(&f, "prod");
	findings_release(&f);
	ok(!memcmp(&f, &zero, sizeof(f)), "release zeroes the list");
	findings_release(&f);
	ok(1, "release twice is a no-op");
	context(&f, "kms_cmk_rotation", "111122223333", "us-east-1");
	is_str(findings_add(&f, CHECK_PASS, "AWS::KMS::Key", "k2", "again")
		       ->message,
	       "again", "a released list takes findings again");
	findings_release(&f);
}

/* Three findings of two accounts, with every kind of string. */
static void three(struct findings *f, const char *acct)
{
	struct finding *x;

	context(f, "vpc_flow_logs_enabled", acct, "eu-west-1");
	x = findings_add(f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-1", "m%s", acct);
	x->account_name = findings_intern(f, "Prod");
	x->ou_path = findings_intern(f, "Root/Workloads");
	x->waiver = findings_intern(f, "why (who, until 2030-01-01)");
	x->status = CHECK_WAIVED;
	findings_add(f, CHECK_PASS, NULL, NULL, "%s", "");
	context(f, "kms_cmk_rotation", acct, "global");
	findings_add(f, CHECK_ERROR, "AWS::KMS::Key",
		     "arn:aws:kms:us-east-1:1:key/k", "%0300d", 7);
}

static int same(const struct finding *a, const struct finding *b)
{
	const char *sa[] = { a->account_id,   a->region,  a->resource_type,
			     a->resource_id,  a->message, a->waiver,
			     a->account_name, a->ou_path };
	const char *sb[] = { b->account_id,   b->region,  b->resource_type,
			     b->resource_id,  b->message, b->waiver,
			     b->account_name, b->ou_path };

	for (size_t k = 0; k < ARRAY_SIZE(sa); k++)
		if (!sa[k] != !sb[k] || (sa[k] && strcmp(sa[k], sb[k])))
			return 0;
	return a->check == b->check && !strcmp(a->id, b->id) &&
	       a->status == b->status && a->verdict == b->verdict &&
	       a->severity == b->severity && a->collected_at == b->collected_at;
}

static void test_spill(void)
{
	struct findings f, want, back;
	FILE *fp = tmpfile(), *full = fopen("/dev/full", "w");
	off_t end;
	int good = 1;

	findings_init(&f);
	findings_init(&want);
	findings_init(&back);
	f.collected_at = want.collected_at = 1781524800;
	three(&f, "111111111111");
	three(&want, "111111111111");
	is_int(findings_spill(&f, fp), 0, "a batch spills");
	ok(f.n == 0 && f.v == NULL && f.text == NULL, "and leaves the list");
	is_int((long)f.collected_at, 1781524800L, "the context stays");
	three(&f, "222222222222"); /* the list takes the next batch */
	three(&want, "222222222222");
	is_int(findings_spill(&f, fp), 0, "a second batch spills");
	end = ftello(fp);
	/* a failed spill leaves the list as it was */
	three(&f, "333333333333");
	if (full) {
		setvbuf(full, NULL, _IONBF, 0);
		is_int(findings_spill(&f, full), IRREADY_EIO,
		       "a spill to a full disk fails");
		is_int(f.n, 3, "and keeps the findings in the list");
		fclose(full);
	}
	is_str(f.v[0].message, "m333333333333", "intact");
	fseeko(fp, 0, SEEK_SET);
	is_int(findings_unspill(&back, fp, end), 0, "read back");
	findings_append(&back, &f); /* the findings kept in memory, after */
	three(&want, "333333333333");
	findings_release(&f);
	is_int(back.n, want.n, "every finding back");
	for (size_t i = 0; i < back.n && i < want.n; i++)
		good &= same(&back.v[i], &want.v[i]);
	ok(good, "equal, in the order they were spilled, NULLs kept");
	ok(back.v[0].account_name == back.v[3].account_name &&
		   back.v[0].region == back.v[6].region,
	   "read back interned");
	ok(back.v[6].account_name &&
		   back.v[6].account_name == back.v[0].account_name,
	   "appended findings interned in their new list");
	findings_release(&back);
	/* a file cut short is an error, not a short list */
	fseeko(fp, 0, SEEK_SET);
	is_int(findings_unspill(&back, fp, end + 10), IRREADY_EIO,
	       "a spill file shorter than its end is an error");
	findings_release(&back);
	fclose(fp);
	findings_release(&want);
}

/*
 * Read back, the packed strings repeated across findings (a resource
 * several checks judge, a message many accounts share) are kept once:
 * equal text, one pointer; strings that only share a prefix stay apart;
 * the text held is the distinct strings', not every finding's.
 */
static void test_spill_dedup(void)
{
	struct findings f, back;
	FILE *fp = tmpfile();
	char res[32], msg[64];
	size_t every = 0, distinct = 0, text;
	int good = 1;
	off_t end;

	findings_init(&f);
	findings_init(&back);
	for (int i = 0; i < 30000; i++) {
		context(&f,
			i % 2 ? "vpc_flow_logs_enabled"
			      : "ebs_default_encryption",
			"111122223333", "eu-west-1");
		/* 10 resources, 30 messages; every 7th finding its own */
		snprintf(res, sizeof(res), "vpc-%d", i % 7 ? i % 10 : 1000 + i);
		snprintf(msg, sizeof(msg), "no flow log on vpc-%d (%d)", i % 10,
			 i % 7 ? i % 3 : i);
		findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", res, "%s", msg);
		every += strlen(res) + strlen(msg) + 2;
	}
	ok(fp && !findings_spill(&f, fp), "30,000 findings spill");
	end = ftello(fp);
	fseeko(fp, 0, SEEK_SET);
	is_int(findings_unspill(&back, fp, end), 0, "and come back");
	is_int(back.n, 30000, "every one");
	for (int i = 0; i < 30000 && (size_t)i < back.n; i++) {
		snprintf(res, sizeof(res), "vpc-%d", i % 7 ? i % 10 : 1000 + i);
		snprintf(msg, sizeof(msg), "no flow log on vpc-%d (%d)", i % 10,
			 i % 7 ? i % 3 : i);
		good &= !strcmp(back.v[i].resource_id, res) &&
			!strcmp(back.v[i].message, msg);
	}
	ok(good, "each with its own text, in order");
	ok(back.v[1].resource_id == back.v[11].resource_id &&
		   back.v[1].message == back.v[31].message,
	   "equal strings read back once");
	ok(back.v[1].resource_id != back.v[10].resource_id &&
		   strcmp(back.v[10].resource_id, "vpc-1000") &&
		   back.v[7].resource_id != back.v[1].resource_id,
	   "different strings stay apart");
	/* distinct: 10 + 4,286 own resources, 30 + 4,286 own messages */
	for (int i = 0; i < 30000; i++) {
		if (i % 7 == 0) {
			distinct += (size_t)snprintf(res, sizeof(res), "vpc-%d",
						     1000 + i) +
				    1;
			distinct +=
				(size_t)snprintf(msg, sizeof(msg),
						 "no flow log on vpc-%d (%d)",
						 i % 10, i) +
				1;
		}
	}
	text = findings_bytes(&back) - back.alloc * sizeof(*back.v);
	ok(text < every / 2 && text > distinct,
	   "text held %zu bytes: over the distinct strings' %zu, under half "
	   "of every finding's %zu",
	   text, distinct, every);
	findings_release(&f);
	findings_release(&back);
	if (fp)
		fclose(fp);
}

/*
 * 20,000 findings as an Organization gives them: 20 accounts, 17 regions,
 * a few resource types, ~60-byte ARNs and ~110-byte messages. Held bytes
 * per finding stay within the struct plus its two own strings plus a
 * little for blocks and the intern set: no allocation per string, no
 * copy per finding of what repeats.
 */
static void test_bytes(void)
{
	static const char *const types[] = { "AWS::EC2::Volume",
					     "AWS::EC2::Instance",
					     "AWS::KMS::Key",
					     "AWS::Logs::LogGroup" };
	struct findings f;
	char acct[16], region[16], arn[96];
	size_t strings = 0;
	double per, own;

	findings_init(&f);
	for (int i = 0; i < 20000; i++) {
		snprintf(acct, sizeof(acct), "1000000000%02d", i % 20);
		snprintf(region, sizeof(region), "eu-west-%d", i % 17);
		context(&f, "recovery_snapshot_coverage", acct, region);
		snprintf(arn, sizeof(arn),
			 "arn:aws:ec2:%s:%s:volume/vol-0%016x", region, acct,
			 (unsigned)i * 2654435761u);
		findings_add(&f, CHECK_FAIL, types[i % 4], arn,
			     "volume %s in %s has no snapshot within the last "
			     "7 days (the last one is %d days old)",
			     arn + strlen(arn) - 21, region, i % 90);
		f.v[f.n - 1].account_name = findings_intern(&f, "Workloads");
		f.v[f.n - 1].ou_path = findings_intern(&f, "Root/Workloads");
		strings += strlen(f.v[f.n - 1].resource_id) + 1 +
			   strlen(f.v[f.n - 1].message) + 1;
	}
	per = (double)findings_bytes(&f) / (double)f.n;
	own = (double)strings / (double)f.n;
	printf("# %zu findings: %.1f bytes each (struct %zu, own strings "
	       "%.1f, array as allocated)\n",
	       f.n, per, sizeof(struct finding), own);
	ok(sizeof(struct finding) <= 104, "struct finding is %zu bytes",
	   sizeof(struct finding));
	/* the array doubles: up to 32,768 slots for 20,000 findings */
	ok(per <= 32768.0 * sizeof(struct finding) / 20000 + own + 8,
	   "%.1f bytes per finding: no per-string overhead", per);
	findings_release(&f);
}

int main(void)
{
	test_intern();
	test_add_shares();
	test_growth();
	test_waivers();
	test_release();
	test_spill();
	test_spill_dedup();
	test_bytes();
	return done_testing();
}
