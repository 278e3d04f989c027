/*
 * sarif.c -- findings.sarif: SARIF 2.1.0 for code-scanning dashboards
 *
 * One run; its driver has one rule per selected check (help = the
 * remediation steps, helpUri = the check's documentation, properties =
 * phase, severity, frameworks, and GitHub's "security-severity" and
 * tags). One result per FAIL and per WAIVED finding: level from the
 * severity (critical/high error, medium warning, low/info note), the
 * resource as a logical location (ARN) and as a pseudo-path
 * "aws/<account>/<region>/<check>" (code-scanning services want a
 * physical location), partialFingerprints.irreadyFindingId/v1 = the
 * stable finding_id, and for WAIVED a suppression (external, accepted)
 * whose justification is the waiver. PASS, ERROR, MANUAL and
 * NOT_APPLICABLE are not results (SARIF results are problems); their
 * counts are in the run's properties. tests/t_sarif.py validates the
 * file against the SARIF 2.1.0 JSON schema.
 */
#include "check.h"
#include "interchange.h"
#include "irready.h"
#include "report.h"

#include <string.h>

#define MAX_REFS 64

static const char *sarif_level(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	case SEV_LOW:
	case SEV_INFO:
		return "note";
	default:
		BUG("unknown severity %d", (int)s);
	}
	return NULL;
}

/* GitHub code scanning's numeric severity (0.1-10), NULL for info. */
static const char *sarif_security_severity(enum severity s)
{
	static const char *const v[SEV__COUNT] = { "9.5", "8.0", "5.5", "3.0",
						   NULL };

	return (unsigned)s < SEV__COUNT ? v[s] : NULL;
}

static void sarif_text(FILE *out, const char *key, const char *text)
{
	fprintf(out, ",\"%s\":{\"text\":", key);
	json_string(out, text && *text ? text : "-");
	fputc('}', out);
}

static void sarif_rule(FILE *out, const struct check *c)
{
	struct fw_ref refs[MAX_REFS];
	size_t n = fw_refs(c->frameworks, refs, MAX_REFS);
	const char *ss = sarif_security_severity(c->severity);

	fputs("{\"id\":", out);
	json_string(out, c->id);
	fputs(",\"name\":", out);
	json_string(out, c->id);
	sarif_text(out, "shortDescription", c->title);
	sarif_text(out, "fullDescription", c->rationale);
	sarif_text(out, "help", c->remediation);
	if (c->doc_url) {
		fputs(",\"helpUri\":", out);
		json_string(out, c->doc_url);
	}
	fprintf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
		sarif_level(c->severity));
	fputs(",\"properties\":{\"phase\":", out);
	json_string(out, phase_name(c->phase));
	fputs(",\"severity\":", out);
	json_string(out, severity_name(c->severity));
	fputs(",\"frameworks\":[", out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_string(out, refs[i].ref);
	}
	fputs("],\"tags\":[\"security\",\"incident-response\",", out);
	json_string(out, phase_name(c->phase));
	fputc(']', out);
	if (ss)
		fprintf(out, ",\"security-severity\":\"%s\"", ss);
	fputs("}}", out);
}

static size_t sarif_rule_index(const struct scores *s, const struct check *c)
{
	for (size_t i = 0; i < s->nchecks; i++)
		if (s->checks[i].check == c)
			return i;
	BUG("finding of an unselected check '%s'", c->id);
	return 0;
}

static void sarif_result(FILE *out, const struct report *r,
			 const struct finding *x, int first)
{
	const char *res = x->resource_id && *x->resource_id ? x->resource_id
							    : x->account_id;

	fputs(first ? "\n{" : ",\n{", out);
	fputs("\"ruleId\":", out);
	json_string(out, x->check->id);
	fprintf(out, ",\"ruleIndex\":%zu,\"kind\":\"fail\",\"level\":\"%s\"",
		sarif_rule_index(r->scores, x->check),
		sarif_level(x->severity));
	sarif_text(out, "message", x->message);
	fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	      "{\"uri\":",
	      out);
	fputc('"', out);
	fputs("aws/", out);
	json_escape(out, x->account_id);
	fputc('/', out);
	json_escape(out, x->region);
	fputc('/', out);
	json_escape(out, x->check->id);
	fputs("\"}},\"logicalLocations\":[{\"fullyQualifiedName\":", out);
	json_string(out, res);
	fputs(",\"kind\":\"resource\"}]}]", out);
	fputs(",\"partialFingerprints\":{\"irreadyFindingId/v1\":", out);
	json_string(out, x->id);
	fputc('}', out);
	if (x->status == CHECK_WAIVED) {
		fputs(",\"suppressions\":[{\"kind\":\"external\","
		      "\"status\":\"accepted\",\"justification\":",
		      out);
		json_string(out, x->waiver ? x->waiver : "waived");
		fputs("}]", out);
	}
	fputs(",\"properties\":{\"account_id\":", out);
	json_string(out, x->account_id);
	fputs(",\"region\":", out);
	json_string(out, x->region);
	fputs(",\"resource_type\":", out);
	json_string(out, x->resource_type ? x->resource_type : "");
	fputs(",\"resource_id\":", out);
	json_string(out, x->resource_id ? x->resource_id : "");
	fputs(",\"severity\":", out);
	json_string(out, severity_name(x->severity));
	fputs(",\"status\":", out);
	json_string(out, status_name(x->status));
	fputs("}}", out);
}

int report_write_sarif(const struct report *r, FILE *out)
{
	const struct run_info *ri = r->run;
	const struct scores *s = r->scores;
	int first = 1;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	      "\"version\":\"2.1.0\",\"runs\":[{\n\"tool\":{\"driver\":{"
	      "\"name\":\"irready\",\"version\":",
	      out);
	json_string(out, ri->tool_version);
	fputs(",\"semanticVersion\":", out);
	json_string(out, ri->tool_version);
	fputs(",\"rules\":[", out);
	for (size_t i = 0; i < s->nchecks; i++) {
		fputs(i ? ",\n" : "\n", out);
		sarif_rule(out, s->checks[i].check);
	}
	fputs("]}},\n\"invocations\":[{\"executionSuccessful\":true", out);
	if (ri->started) {
		fputs(",\"startTimeUtc\":", out);
		jw_time(out, ri->started);
	}
	if (ri->finished) {
		fputs(",\"endTimeUtc\":", out);
		jw_time(out, ri->finished);
	}
	fputs("}],\n\"results\":[", out);
	for (size_t i = 0; i < r->findings->n; i++) {
		const struct finding *x = &r->findings->v[i];

		if (x->status != CHECK_FAIL && x->status != CHECK_WAIVED)
			continue;
		sarif_result(out, r, x, first);
		first = 0;
	}
	fputs("],\n\"properties\":{\"mode\":", out);
	json_string(out, ri->mode);
	fputs(",\"accounts\":[", out);
	for (size_t i = 0; i < ri->naccounts; i++) {
		if (i)
			fputc(',', out);
		json_string(out, ri->accounts[i]);
	}
	fputs("],\"regions\":[", out);
	for (size_t i = 0; i < ri->nregions; i++) {
		if (i)
			fputc(',', out);
		json_string(out, ri->regions[i]);
	}
	fputs("],\"policy\":", out);
	json_string(out, ri->policy_name);
	fputs(",\"counts\":{", out);
	for (int k = 0; k < CHECK__COUNT; k++)
		fprintf(out, "%s\"%s\":%zu", k ? "," : "",
			status_name((enum check_status)k),
			s->overall.counts[k]);
	fputs("}}}]}\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}
