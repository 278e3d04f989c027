/*
 * asff.c -- findings.asff.json: the AWS Security Finding Format
 *
 * A JSON array of AwsSecurityFinding objects, one per finding, in the
 * shape securityhub:BatchImportFindings takes (tests/t_asff.py validates
 * every one with botocore's ParamValidator and the documented limits).
 * The mapping (README "ASFF"):
 *
 *   Id             irready/<check>/<finding_id> (stable across runs, so a
 *                  re-import updates the finding instead of adding one)
 *   ProductArn     arn:<partition>:securityhub:<region>:<account>:
 *                  product/<account>/default (the account's own custom
 *                  integration)
 *   GeneratorId    irready/<check>
 *   Compliance.Status  PASS PASSED, FAIL FAILED, ERROR NOT_AVAILABLE (the
 *                  check could not be performed), MANUAL WARNING (needs a
 *                  person's attestation), NOT_APPLICABLE NOT_AVAILABLE,
 *                  WAIVED its own verdict's
 *   Workflow.Status  WAIVED SUPPRESSED, PASS RESOLVED, else NEW
 *   Severity.Label   the severity; INFORMATIONAL for PASS (as Security Hub
 *                  does for passed controls), Original = irready's
 *   Region         the finding's region; account-wide ("global") findings
 *                  go to the home region
 *
 * Texts are cut to ASFF's limits at a UTF-8 boundary: Title 256,
 * Description 1024, Recommendation.Text 512, ProductFields values 2048,
 * at most 32 RelatedRequirements.
 */
#include "check.h"
#include "interchange.h"
#include "irready.h"
#include "report.h"

#include <string.h>

#define MAX_REFS 64

/* 's' cut to at most 'max' bytes at a UTF-8 boundary, as a JSON string. */
static void asff_text(FILE *out, const char *s, size_t max, const char *dflt)
{
	size_t len;
	char buf[2048 + 1];

	if (!s || !*s || strspn(s, " \t\r\n") == strlen(s))
		s = dflt; /* ASFF wants at least one non-space character */
	len = strlen(s);
	if (len <= max) {
		jw_string(out, s);
		return;
	}
	if (max >= sizeof(buf))
		max = sizeof(buf) - 1;
	len = max;
	while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--; /* do not split a character */
	memcpy(buf, s, len);
	buf[len] = '\0';
	jw_string(out, buf);
}

/* "AWS::EC2::SecurityGroup" -> "AwsEc2SecurityGroup"; "" -> "Other". */
static void asff_resource_type(FILE *out, const char *t)
{
	char buf[128];
	size_t n = 0;

	if (!t || !*t) {
		fputs("\"Other\"", out);
		return;
	}
	while (*t && n + 1 < sizeof(buf)) {
		size_t len = strcspn(t, ":");
		int upper = 1;

		for (size_t i = 0; i < len; i++)
			if (t[i] >= 'a' && t[i] <= 'z')
				upper = 0;
		for (size_t i = 0; i < len && n + 1 < sizeof(buf); i++) {
			char ch = t[i];

			if (upper && i && ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			buf[n++] = ch;
		}
		t += len;
		while (*t == ':')
			t++;
	}
	buf[n] = '\0';
	jw_string(out, n ? buf : "Other");
}

static const char *asff_compliance(const struct finding *x)
{
	enum check_status st =
		x->status == CHECK_WAIVED ? x->verdict : x->status;

	switch (st) {
	case CHECK_PASS:
		return "PASSED";
	case CHECK_FAIL:
		return "FAILED";
	case CHECK_MANUAL:
		return "WARNING";
	case CHECK_ERROR:
	case CHECK_NA:
	case CHECK_WAIVED:
		return "NOT_AVAILABLE";
	default:
		BUG("unknown status %d", (int)st);
	}
	return NULL;
}

static const char *asff_severity(const struct finding *x)
{
	static const char *const label[SEV__COUNT] = {
		"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL",
	};

	if (x->status == CHECK_PASS || (unsigned)x->severity >= SEV__COUNT)
		return "INFORMATIONAL";
	return label[x->severity];
}

static const char *asff_workflow(const struct finding *x)
{
	if (x->status == CHECK_WAIVED)
		return "SUPPRESSED";
	if (x->status == CHECK_PASS)
		return "RESOLVED";
	return "NEW";
}

static void asff_field(FILE *out, const char *key, const char *value)
{
	fputc(',', out);
	jw_string(out, key);
	fputc(':', out);
	asff_text(out, value, 2048, "-");
}

/*
 * What a finding takes from its check (and the run) alone, rendered once
 * per check (frag_cache, interchange.h): the pieces between the
 * per-finding values, in the order asff_finding() writes them.
 */
enum asff_frag {
	ASFF_ID,           /* up to Id's check part and '/' */
	ASFF_GENERATOR,    /* GeneratorId, then the "AwsAccountId" key */
	ASFF_TYPES,        /* Types, CreatedAt, UpdatedAt */
	ASFF_TITLE,        /* Title, then the "Description" key */
	ASFF_REMEDIATE,    /* Remediation, ProductFields up to check_id */
	ASFF_PHASE,        /* ProductFields irready/phase */
	ASFF_FRAMEWORKS,   /* ProductFields irready/frameworks */
	ASFF_REQUIREMENTS, /* Compliance.RelatedRequirements */
	ASFF__NFRAGS
};

static void asff_render(FILE *out, const struct check *c, size_t slot,
			const void *ctx)
{
	const struct run_info *ri = ((const struct report *)ctx)->run;
	struct fw_ref refs[MAX_REFS];
	size_t nrefs;

	switch ((enum asff_frag)slot) {
	case ASFF_ID:
		fputs("{\"SchemaVersion\":\"2018-10-08\",\"Id\":\"irready/",
		      out);
		jw_escape(out, c->id);
		fputc('/', out);
		break;
	case ASFF_GENERATOR:
		fputs("/default\",\"ProductName\":\"irready\","
		      "\"CompanyName\":\"irready\",\"GeneratorId\":\"irready/",
		      out);
		jw_escape(out, c->id);
		fputs("\",\"AwsAccountId\":", out);
		break;
	case ASFF_TYPES:
		fputs(",\"Types\":[\"Software and Configuration Checks/AWS "
		      "Security Best Practices/Incident Response Readiness\"]",
		      out);
		fputs(",\"CreatedAt\":", out);
		jw_time(out, ri->now);
		fputs(",\"UpdatedAt\":", out);
		jw_time(out, ri->now);
		break;
	case ASFF_TITLE:
		fputs(",\"Title\":", out);
		asff_text(out, c->title, 256, c->id);
		fputs(",\"Description\":", out);
		break;
	case ASFF_REMEDIATE:
		if (c->remediation) {
			fputs(",\"Remediation\":{\"Recommendation\":{\"Text\":",
			      out);
			asff_text(out, c->remediation, 512, "-");
			if (c->doc_url) {
				fputs(",\"Url\":", out);
				jw_string(out, c->doc_url);
			}
			fputs("}}", out);
		}
		fputs(",\"ProductFields\":{\"ProviderName\":\"irready\"", out);
		asff_field(out, "ProviderVersion", ri->tool_version);
		asff_field(out, "irready/check_id", c->id);
		break;
	case ASFF_PHASE:
		asff_field(out, "irready/phase", phase_name(c->phase));
		break;
	case ASFF_FRAMEWORKS:
		if (c->frameworks && *c->frameworks)
			asff_field(out, "irready/frameworks", c->frameworks);
		break;
	case ASFF_REQUIREMENTS:
		nrefs = fw_refs(c->frameworks, refs, MAX_REFS);
		if (nrefs) {
			fputs(",\"RelatedRequirements\":[", out);
			for (size_t i = 0; i < nrefs && i < 32; i++) {
				if (i)
					fputc(',', out);
				jw_string(out, refs[i].ref);
			}
			fputc(']', out);
		}
		break;
	default:
		BUG("unknown ASFF fragment %zu", slot);
	}
}

static void asff_finding_cached(FILE *out, struct frag_cache *fc,
				const struct report *r, const struct finding *x)
{
	const struct run_info *ri = r->run;
	const struct check *c = x->check;
	const char *res = x->resource_id && *x->resource_id ? x->resource_id
							    : x->account_id;
	const char *region = x->region;
	char part[32];
	const char *partition = arn_partition_of(res, part, sizeof(part));

	if (!strcmp(region, "global"))
		region = ri->home_region ? ri->home_region
			 : ri->nregions  ? ri->regions[0]
					 : "us-east-1";
	if (!partition)
		partition = !strncmp(region, "cn-", 3)       ? "aws-cn"
			    : !strncmp(region, "us-gov-", 7) ? "aws-us-gov"
							     : "aws";

	frag_put(fc, out, c, ASFF_ID);
	jw_escape(out, x->id);
	fprintf(out, "\",\"ProductArn\":\"arn:%s:securityhub:", partition);
	jw_escape(out, region);
	fputc(':', out);
	jw_escape(out, x->account_id);
	fputs(":product/", out);
	jw_escape(out, x->account_id);
	frag_put(fc, out, c, ASFF_GENERATOR);
	jw_string(out, x->account_id);
	fputs(",\"Region\":", out);
	jw_string(out, region);
	frag_put(fc, out, c, ASFF_TYPES);
	fprintf(out, ",\"Severity\":{\"Label\":\"%s\",\"Original\":\"%s\"}",
		asff_severity(x), severity_name(x->severity));
	frag_put(fc, out, c, ASFF_TITLE);
	asff_text(out, x->message, 1024, c->title);
	frag_put(fc, out, c, ASFF_REMEDIATE);
	asff_field(out, "irready/finding_id", x->id);
	frag_put(fc, out, c, ASFF_PHASE);
	asff_field(out, "irready/status", status_name(x->status));
	frag_put(fc, out, c, ASFF_FRAMEWORKS);
	if (x->waiver)
		asff_field(out, "irready/waiver", x->waiver);
	fputs("},\"Resources\":[{\"Type\":", out);
	asff_resource_type(out, x->resource_type);
	fputs(",\"Id\":", out);
	jw_string(out, res);
	fprintf(out, ",\"Partition\":\"%s\",\"Region\":", partition);
	jw_string(out, region);
	fputs("}],\"Compliance\":{\"Status\":", out);
	jw_string(out, asff_compliance(x));
	frag_put(fc, out, c, ASFF_REQUIREMENTS);
	fprintf(out,
		"},\"Workflow\":{\"Status\":\"%s\"},\"RecordState\":"
		"\"ACTIVE\"}",
		asff_workflow(x));
}

void asff_finding(FILE *out, const struct report *r, const struct finding *x)
{
	/* one finding (export.c's batches): render, nothing to cache */
	struct frag_cache direct = { .render = asff_render,
				     .ctx = r,
				     .nslots = ASFF__NFRAGS };

	asff_finding_cached(out, &direct, r, x);
}

int report_write_asff(const struct report *r, FILE *out)
{
	struct frag_cache fc;

	frag_cache_init(&fc, ASFF__NFRAGS, asff_render, r);
	fputc('[', out);
	for (size_t i = 0; i < r->findings->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		asff_finding_cached(out, &fc, r, &r->findings->v[i]);
	}
	fputs("\n]\n", out);
	frag_cache_release(&fc);
	return ferror(out) ? IRREADY_EIO : 0;
}
