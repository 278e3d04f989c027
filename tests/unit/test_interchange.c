/*
 * test_interchange.c -- the interchange formats' edges: ASFF text limits
 * at UTF-8 boundaries, ASFF resource types, global findings in the home
 * region, framework references, ARN partitions, --format names, the
 * per-check fragment cache (each fragment rendered once)
 */
#include "check.h"
#include "interchange.h"
#include "irready.h"
#include "report.h"
#include "tap.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static const struct check fake = {
	.id = "fake_check",
	.title = "A fake check",
	.phase = PHASE_DETECTION,
	.severity = SEV_HIGH,
	.remediation = "1. Fix it.",
	.doc_url = "https://example.com/doc",
	.frameworks = "CIS-3.0:3.7;FSBP:EC2.6;;SEC10-BP03;X-1:2",
};

/* asff_finding() of one finding, parsed; NULL if it is not JSON. */
static cJSON *asff_of(struct finding *x, const char *home)
{
	struct run_info ri = { .tool_version = "0.1.0",
			       .now = 1795824000,
			       .home_region = home };
	struct findings f = { .v = x, .n = 1 };
	struct report r = { .findings = &f, .run = &ri };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cJSON *j;

	asff_finding(out, &r, x);
	fclose(out);
	j = cJSON_Parse(buf);
	free(buf);
	return j;
}

static const char *get(const cJSON *j, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, a);

	if (b && cJSON_IsArray(v))
		v = cJSON_GetArrayItem(v, 0);
	if (b)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : "(none)";
}

static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80             ? 0
			: (*p & 0xE0) == 0xC0 ? 1
			: (*p & 0xF0) == 0xE0 ? 2
			: (*p & 0xF8) == 0xF0 ? 3
					      : -1;

		if (n < 0)
			return 0;
		p++;
		while (n--)
			if ((*p++ & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* frag_cache: how often each (check, slot) was rendered. */
static int renders[4];

static void count_render(FILE *out, const struct check *c, size_t slot,
			 const void *ctx)
{
	renders[slot]++;
	fprintf(out, "<%s:%zu:%s>", c->id, slot, (const char *)ctx);
}

/* What frag_put() wrote for checks 'v[0..n)' x slots 0..1, as a string. */
static char *frag_run(struct frag_cache *fc, const struct check *const *v,
		      size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 2; k++)
			frag_put(fc, m, v[i], k);
	fclose(m);
	return buf;
}

int main(void)
{
	static const struct {
		const char *cfn, *asff;
	} types[] = {
		{ "AWS::EC2::SecurityGroup", "AwsEc2SecurityGroup" },
		{ "AWS::::Account", "AwsAccount" },
		{ "AWS::CloudTrail::Trail", "AwsCloudTrailTrail" },
		{ "AWS::S3::Bucket", "AwsS3Bucket" },
		{ "", "Other" },
	};
	char msg[1201 * 2];
	struct finding x = { .id = "0123456789abcdef",
			     .check = &fake,
			     .account_id = "111122223333",
			     .region = "global",
			     .status = CHECK_FAIL,
			     .verdict = CHECK_FAIL,
			     .severity = SEV_HIGH,
			     .resource_type = "AWS::::Account",
			     .resource_id = "111122223333",
			     .message = msg };
	struct fw_ref refs[8];
	const char *stds[8];
	size_t n, ns;
	char part[32];
	unsigned bits;
	const char *bad = NULL;
	cJSON *j;

	/* 600 two-byte characters: 1200 bytes, over Description's 1024 */
	for (int i = 0; i < 600; i++)
		memcpy(msg + 2 * i, "\xc3\xa9", 2);
	msg[1200] = '\0';
	j = asff_of(&x, "eu-west-1");
	ok(j != NULL, "asff_finding writes JSON");
	ok(strlen(get(j, "Description", NULL)) <= 1024 &&
		   strlen(get(j, "Description", NULL)) >= 1022,
	   "Description cut to 1024 bytes (%zu)",
	   strlen(get(j, "Description", NULL)));
	ok(utf8_valid(get(j, "Description", NULL)),
	   "the cut falls on a UTF-8 boundary");
	is_str(get(j, "Region", NULL), "eu-west-1",
	       "a global finding goes to the home region");
	is_str(get(j, "ProductArn", NULL),
	       "arn:aws:securityhub:eu-west-1:111122223333:product/"
	       "111122223333/default",
	       "ProductArn");
	is_str(get(j, "Id", NULL), "irready/fake_check/0123456789abcdef",
	       "Id = irready/<check>/<finding_id>");
	is_str(get(j, "Compliance", "Status"), "FAILED", "FAIL is FAILED");
	is_str(get(j, "Workflow", "Status"), "NEW", "FAIL is NEW");
	cJSON_Delete(j);

	msg[0] = ' ';
	msg[1] = '\0';
	j = asff_of(&x, NULL);
	is_str(get(j, "Description", NULL), "A fake check",
	       "a blank message falls back to the title (ASFF wants \\S)");
	is_str(get(j, "Region", NULL), "us-east-1",
	       "without a home region or regions: us-east-1");
	cJSON_Delete(j);

	x.status = CHECK_WAIVED;
	x.waiver = "lab (alice, until 2027-01-01)";
	x.region = "cn-north-1";
	x.resource_id = "arn:aws-cn:ec2:cn-north-1:111122223333:vpc/vpc-1";
	j = asff_of(&x, NULL);
	is_str(get(j, "Workflow", "Status"), "SUPPRESSED", "WAIVED");
	is_str(get(j, "Compliance", "Status"), "FAILED",
	       "WAIVED keeps its verdict's compliance");
	is_str(get(j, "Resources", "Partition"), "aws-cn",
	       "partition from the ARN");
	cJSON_Delete(j);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		x.resource_type = (char *)types[i].cfn;
		j = asff_of(&x, NULL);
		is_str(get(j, "Resources", "Type"), types[i].asff,
		       "resource type '%s'", types[i].cfn);
		cJSON_Delete(j);
	}

	n = fw_refs(fake.frameworks, refs, 8);
	is_int((int)n, 4, "four references (the empty item skipped)");
	is_str(refs[0].standard, "CIS AWS Foundations Benchmark v3.0.0", "CIS");
	is_str(refs[2].standard, "AWS Well-Architected Framework", "SEC10");
	is_str(refs[3].standard, "X-1", "unknown: the part before ':'");
	ns = fw_standards(refs, n, stds, 8);
	is_int((int)ns, 4, "distinct standards");
	is_int((int)fw_refs(fake.frameworks, refs, 2), 2, "'max' is kept");
	is_int((int)fw_refs(NULL, refs, 8), 0, "NULL frameworks");

	is_str(arn_partition_of("arn:aws-us-gov:s3:::b", part, sizeof(part)),
	       "aws-us-gov", "arn_partition_of");
	ok(!arn_partition_of("vpc-1", part, sizeof(part)), "not an ARN");
	ok(!arn_partition_of("arn:", part, sizeof(part)), "a bare 'arn:'");

	ok(report_parse_formats("ocsf,ocsf-ndjson,sarif,asff", &bits, &bad) ==
			   0 &&
		   bits == (REPORT_OCSF | REPORT_OCSF_NDJSON | REPORT_SARIF |
			    REPORT_ASFF),
	   "the interchange --format names");
	ok(report_parse_formats("ocsf-json", &bits, &bad) == -1 &&
		   !strcmp(bad, "ocsf-json"),
	   "ocsf-json is not a format");
	{
		const struct check *a = check_registry[0],
				   *b = check_registry[1];
		const struct check *seq[] = { a, a, b, a, &fake, &fake };
		struct frag_cache fc, direct = { .render = count_render,
						 .ctx = "run",
						 .nslots = 2 };
		char *want = xasprintf(
			"<%s:0:run><%s:1:run><%s:0:run><%s:1:run>"
			"<%s:0:run><%s:1:run><%s:0:run><%s:1:run>"
			"<fake_check:0:run><fake_check:1:run>"
			"<fake_check:0:run><fake_check:1:run>",
			a->id, a->id, a->id, a->id, b->id, b->id, a->id, a->id);
		char *got;

		frag_cache_init(&fc, 2, count_render, "run");
		got = frag_run(&fc, seq, ARRAY_SIZE(seq));
		is_str(got, want, "frag_put writes what render writes");
		/* a: slots 0 and 1 once; b: once; fake (unregistered): twice */
		ok(renders[0] == 4 && renders[1] == 4,
		   "each registered (check, slot) is rendered once, an "
		   "unregistered check every time (%d, %d)",
		   renders[0], renders[1]);
		free(got);
		frag_cache_release(&fc);
		renders[0] = renders[1] = 0;
		got = frag_run(&direct, seq, ARRAY_SIZE(seq));
		is_str(got, want, "an uninitialised cache renders directly");
		ok(renders[0] == 6 && renders[1] == 6,
		   "... every time (%d, %d)", renders[0], renders[1]);
		free(got);
		free(want);
	}
	{
		/* jw_string/jw_escape: the shared escaper's bytes, faster */
		static const char *const v[] = {
			"arn:aws:s3:::bucket/key",
			"plain text, 'quoted' (1/2)",
			"a \"quote\"",
			"back\\slash",
			"<tag>&amp;",
			"tab\there",
			"caf\xc3\xa9",
			"line\u2028sep",
			"",
			"~{}[]|^`",
		};
		int same = 1;

		for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
			char *a = NULL, *b = NULL;
			size_t na = 0, nb = 0;
			FILE *ma = open_memstream(&a, &na);
			FILE *mb = open_memstream(&b, &nb);

			jw_string(ma, v[i]);
			jw_escape(ma, v[i]);
			json_string(mb, v[i]);
			json_escape(mb, v[i]);
			fclose(ma);
			fclose(mb);
			if (na != nb || memcmp(a, b, na)) {
				printf("# '%s': '%s' vs '%s'\n", v[i], a, b);
				same = 0;
			}
			free(a);
			free(b);
		}
		ok(same, "jw_string/jw_escape write what json_string/"
			 "json_escape write");
	}
	return done_testing();
}
