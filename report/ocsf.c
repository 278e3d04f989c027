/*
 * ocsf.c -- findings as OCSF 1.3.0 Detection Findings (class_uid 2004)
 *
 * findings.ocsf.json is a JSON array with one Detection Finding per
 * finding; findings.ocsf.ndjson holds the same objects, one per line, for
 * streaming into a data lake (Amazon Security Lake, Splunk, ...). Both
 * are streamed like findings.json. The mapping (README "OCSF"):
 *
 * Detection Finding has no "compliance" attribute (only Compliance
 * Finding, 2003, has), so the framework references go into
 * unmapped.compliance, shaped like OCSF's compliance object (control,
 * standards, requirements, status_id, status, status_code), as Prowler
 * does; a consumer can lift it as is.
 *
 *   status_code        irready's status, verbatim: PASS FAIL ERROR WAIVED
 *                      MANUAL NOT_APPLICABLE
 *   status_id/status   the finding's workflow state: 3 Suppressed for
 *                      WAIVED, else 1 New
 *   unmapped.compliance.status_id  the verdict: 1 Pass (PASS), 3 Fail (FAIL,
 * and WAIVED whose own verdict was FAIL), 2 Warning (ERROR: no result, data
 * could not be collected; MANUAL: no result, awaiting attestation), 99 Other
 *                      "Not Applicable" (NOT_APPLICABLE)
 *   severity_id        info 1, low 2, medium 3, high 4, critical 5
 *
 * tests/t_ocsf.py validates every object against the vendored schema.
 */
#include "check.h"
#include "interchange.h"
#include "irready.h"
#include "report.h"

#include <string.h>

#define OCSF_VERSION "1.3.0"
#define MAX_REFS     64

static int ocsf_severity_id(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return 5;
	case SEV_HIGH:
		return 4;
	case SEV_MEDIUM:
		return 3;
	case SEV_LOW:
		return 2;
	case SEV_INFO:
		return 1;
	default:
		BUG("unknown severity %d", (int)s);
	}
	return 0;
}

static const char *const severity_caption[] = {
	"Unknown", "Informational", "Low", "Medium", "High", "Critical",
};

/* compliance.status_id and its caption for a status (see the top). */
static int ocsf_compliance_status(const struct finding *x, const char **cap)
{
	enum check_status st =
		x->status == CHECK_WAIVED ? x->verdict : x->status;

	switch (st) {
	case CHECK_PASS:
		*cap = "Pass";
		return 1;
	case CHECK_FAIL:
		*cap = "Fail";
		return 3;
	case CHECK_NA:
		*cap = "Not Applicable";
		return 99;
	case CHECK_ERROR:
	case CHECK_MANUAL:
	case CHECK_WAIVED:
		*cap = "Warning";
		return 2;
	default:
		BUG("unknown status %d", (int)st);
	}
	return 0;
}

/* 'msg' holds x->message, escaped (jw_once, interchange.h). */
static void ocsf_status_detail(FILE *out, const struct finding *x,
			       const struct jw_once *msg)
{
	switch (x->status) {
	case CHECK_ERROR:
		fputs("\"could not be assessed: the data could not be "
		      "collected\"",
		      out);
		break;
	case CHECK_MANUAL:
		fputs("\"awaiting attestation (a people/process item)\"", out);
		break;
	case CHECK_WAIVED:
		jw_string(out, x->waiver ? x->waiver : "waived");
		break;
	default:
		jw_once_put(msg, out, x->message);
	}
}

/* compliance's per-check head: control, standards and requirements. */
static void ocsf_compliance_head(FILE *out, const struct check *c)
{
	struct fw_ref refs[MAX_REFS];
	const char *stds[MAX_REFS];
	size_t n = fw_refs(c->frameworks, refs, MAX_REFS);
	size_t ns = fw_standards(refs, n, stds, MAX_REFS);

	fputs(",\"compliance\":{\"control\":", out);
	jw_string(out, c->id);
	fputs(",\"standards\":[", out);
	if (!ns)
		fputs("\"irready\"", out);
	for (size_t i = 0; i < ns; i++) {
		if (i)
			fputc(',', out);
		jw_string(out, stds[i]);
	}
	fputc(']', out);
	if (n) {
		fputs(",\"requirements\":[", out);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputc(',', out);
			jw_string(out, refs[i].ref);
		}
		fputc(']', out);
	}
}

/* compliance's per-finding tail: the verdict. */
static void ocsf_compliance_tail(FILE *out, const struct finding *x,
				 const struct jw_once *msg)
{
	const char *cap;
	int id = ocsf_compliance_status(x, &cap);

	fprintf(out, ",\"status_id\":%d,\"status\":", id);
	jw_string(out, cap);
	fputs(",\"status_code\":", out);
	jw_string(out, status_name(x->status));
	fputs(",\"status_detail\":", out);
	ocsf_status_detail(out, x, msg);
	fputc('}', out);
}

static void ocsf_resource(FILE *out, const struct finding *x)
{
	const char *uid = x->resource_id && *x->resource_id ? x->resource_id
							    : x->account_id;
	char part[32];
	int first = 1;

	fputs(",\"resources\":[{", out);
	jw_key(out, "uid", &first);
	jw_string(out, uid);
	if (x->resource_type && *x->resource_type) {
		jw_key(out, "type", &first);
		jw_string(out, x->resource_type);
	}
	if (strcmp(x->region, "global")) {
		jw_key(out, "region", &first);
		jw_string(out, x->region);
	}
	if (arn_partition_of(uid, part, sizeof(part))) {
		jw_key(out, "cloud_partition", &first);
		jw_string(out, part);
	}
	fputs("}]", out);
}

/*
 * What a Detection Finding takes from its check (and the run) alone,
 * rendered once per check (frag_cache, interchange.h): the pieces between
 * the per-finding values, in the order ocsf_finding() writes them.
 */
enum ocsf_frag {
	OCSF_META,       /* metadata, then finding_info's "uid" key */
	OCSF_INFO,       /* the rest of finding_info */
	OCSF_REMEDIATE,  /* remediation, unmapped up to "verdict" */
	OCSF_FRAMEWORKS, /* unmapped.frameworks */
	OCSF_COMPLIANCE, /* unmapped.compliance's head */
	OCSF__NFRAGS
};

static void ocsf_render(FILE *out, const struct check *c, size_t slot,
			const void *ctx)
{
	const struct report *r = ctx;
	time_t now = r->run->now;

	switch ((enum ocsf_frag)slot) {
	case OCSF_META:
		fputs(",\"metadata\":{\"version\":\"" OCSF_VERSION "\","
		      "\"profiles\":[\"cloud\"],\"event_code\":",
		      out);
		jw_string(out, c->id);
		fputs(",\"product\":{\"name\":\"irready\",\"uid\":\"irready\","
		      "\"vendor_name\":\"irready\",\"version\":",
		      out);
		jw_string(out, r->run->tool_version);
		fputs("}}", out);
		fputs(",\"finding_info\":{\"uid\":", out);
		break;
	case OCSF_INFO:
		fputs(",\"title\":", out);
		jw_string(out, c->title);
		if (c->rationale) {
			fputs(",\"desc\":", out);
			jw_string(out, c->rationale);
		}
		fputs(",\"types\":[", out);
		jw_string(out, phase_title(c->phase));
		fputs("],\"created_time\":", out);
		jw_ms(out, now);
		fputs(",\"analytic\":{\"uid\":", out);
		jw_string(out, c->id);
		fputs(",\"name\":", out);
		jw_string(out, c->title);
		fputs(",\"type_id\":1,\"type\":\"Rule\"}}", out);
		break;
	case OCSF_REMEDIATE:
		if (c->remediation) {
			fputs(",\"remediation\":{\"desc\":", out);
			jw_string(out, c->remediation);
			if (c->doc_url) {
				fputs(",\"references\":[", out);
				jw_string(out, c->doc_url);
				fputc(']', out);
			}
			fputc('}', out);
		}
		fputs(",\"unmapped\":{\"check_id\":", out);
		jw_string(out, c->id);
		fputs(",\"phase\":", out);
		jw_string(out, phase_name(c->phase));
		fputs(",\"verdict\":", out);
		break;
	case OCSF_FRAMEWORKS:
		fputs(",\"frameworks\":", out);
		jw_string(out, c->frameworks ? c->frameworks : "");
		break;
	case OCSF_COMPLIANCE:
		ocsf_compliance_head(out, c);
		break;
	default:
		BUG("unknown OCSF fragment %zu", slot);
	}
}

/* One Detection Finding, without a trailing newline. */
/* A writer's state: the per-check fragments, the message buffer. */
struct ocsf_writer {
	struct frag_cache fc;
	struct jw_once msg;
};

static void ocsf_finding(FILE *out, struct ocsf_writer *w,
			 const struct report *r, const struct finding *x)
{
	struct frag_cache *fc = &w->fc;
	const struct check *c = x->check;
	time_t now = r->run->now;
	int sev = ocsf_severity_id(x->severity);
	int waived = x->status == CHECK_WAIVED;

	fputs("{\"class_uid\":2004,\"class_name\":\"Detection Finding\","
	      "\"category_uid\":2,\"category_name\":\"Findings\","
	      "\"activity_id\":1,\"activity_name\":\"Create\","
	      "\"type_uid\":200401,\"type_name\":\"Detection Finding: "
	      "Create\",",
	      out);
	fprintf(out, "\"severity_id\":%d,\"severity\":\"%s\",", sev,
		severity_caption[sev]);
	fprintf(out, "\"status_id\":%d,\"status\":\"%s\",\"status_code\":",
		waived ? 3 : 1, waived ? "Suppressed" : "New");
	jw_string(out, status_name(x->status));
	jw_once_set(&w->msg, x->message);
	fputs(",\"status_detail\":", out);
	ocsf_status_detail(out, x, &w->msg);
	fputs(",\"message\":", out);
	jw_once_put(&w->msg, out, x->message);
	fputs(",\"time\":", out);
	jw_ms(out, now);

	frag_put(fc, out, c, OCSF_META);
	jw_string(out, x->id);
	frag_put(fc, out, c, OCSF_INFO);

	fputs(",\"cloud\":{\"provider\":\"AWS\"", out);
	if (strcmp(x->region, "global")) {
		fputs(",\"region\":", out);
		jw_string(out, x->region);
	}
	fputs(",\"account\":{\"uid\":", out);
	jw_string(out, x->account_id);
	if (x->account_name) {
		fputs(",\"name\":", out);
		jw_string(out, x->account_name);
	}
	fputs(",\"type_id\":10,\"type\":\"AWS Account\"}}", out);

	ocsf_resource(out, x);
	frag_put(fc, out, c, OCSF_REMEDIATE);
	jw_string(out, status_name(x->verdict));
	frag_put(fc, out, c, OCSF_FRAMEWORKS);
	if (x->waiver) {
		fputs(",\"waiver\":", out);
		jw_string(out, x->waiver);
	}
	if (x->collected_at) {
		fputs(",\"collected_at\":", out);
		jw_time(out, x->collected_at);
	}
	if (x->ou_path) {
		fputs(",\"ou_path\":", out);
		jw_string(out, x->ou_path);
	}
	frag_put(fc, out, c, OCSF_COMPLIANCE);
	ocsf_compliance_tail(out, x, &w->msg);
	fputs("}}", out);
}

static void ocsf_writer_init(struct ocsf_writer *w, const struct report *r)
{
	frag_cache_init(&w->fc, OCSF__NFRAGS, ocsf_render, r);
	jw_once_init(&w->msg);
}

static void ocsf_writer_release(struct ocsf_writer *w)
{
	frag_cache_release(&w->fc);
	jw_once_release(&w->msg);
}

int report_write_ocsf(const struct report *r, FILE *out)
{
	struct ocsf_writer w;

	ocsf_writer_init(&w, r);
	fputc('[', out);
	for (size_t i = 0; i < r->findings->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		ocsf_finding(out, &w, r, &r->findings->v[i]);
	}
	fputs("\n]\n", out);
	ocsf_writer_release(&w);
	return ferror(out) ? IRREADY_EIO : 0;
}

int report_write_ocsf_ndjson(const struct report *r, FILE *out)
{
	struct ocsf_writer w;

	ocsf_writer_init(&w, r);
	for (size_t i = 0; i < r->findings->n; i++) {
		ocsf_finding(out, &w, r, &r->findings->v[i]);
		fputc('\n', out);
	}
	ocsf_writer_release(&w);
	return ferror(out) ? IRREADY_EIO : 0;
}
