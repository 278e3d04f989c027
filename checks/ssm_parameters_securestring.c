/*
 * ssm_parameters_securestring.c -- parameters whose names look secret are
 * SecureString
 *
 * A name looks secret when one of its word parts is key, license,
 * password, passwd, token, secret or credential (or their plural with
 * "s"), ignoring case. Word parts are split at every character that is
 * not a letter or digit, between a lower-case and an upper-case letter,
 * before the last capital of a run of capitals followed by a lower-case
 * letter ("APIKey" is API + Key), and between letters and digits. So
 * "/prod/db/password", "GithubToken" and "api_key2" look secret;
 * "monkey-count" and "keyboard-layout" do not.
 */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const secret_words[] = { "key",       "license", "password",
					    "passwd",    "token",   "secret",
					    "credential" };

static int secret_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(secret_words) / sizeof(*secret_words);
	     i++) {
		size_t m = strlen(secret_words[i]);

		if ((n == m ||
		     (n == m + 1 && tolower((unsigned char)w[m]) == 's')) &&
		    !strncasecmp(w, secret_words[i], m))
			return 1;
	}
	return 0;
}

/* Whether a boundary falls between s[i - 1] and s[i] (both alnum). */
static int boundary(const char *s, size_t i)
{
	int a = (unsigned char)s[i - 1], b = (unsigned char)s[i];

	if (isdigit(a) != isdigit(b))
		return 1;
	if (islower(a) && isupper(b))
		return 1;
	return isupper(a) && isupper(b) && islower((unsigned char)s[i + 1]);
}

/* The first secret-looking word part of 'name' into 'word', or 0. */
static int looks_secret(const char *name, char *word, size_t size)
{
	size_t start = 0, i = 0;

	for (;; i++) {
		int end = !name[i] || !isalnum((unsigned char)name[i]) ||
			  (i > start && boundary(name, i));

		if (!end)
			continue;
		if (i > start && secret_word(name + start, i - start)) {
			snprintf(word, size, "%.*s", (int)(i - start),
				 name + start);
			return 1;
		}
		if (!name[i])
			return 0;
		start = isalnum((unsigned char)name[i]) ? i : i + 1;
	}
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->ssm_parameters.n; i++) {
		const struct inv_ssm_parameter *p = &r->ssm_parameters.v[i];
		char word[64], arn[1200];

		if (!looks_secret(p->name, word, sizeof(word)))
			continue;
		n++;
		check_arn(cx, arn, sizeof(arn), "ssm", r->name, cx->acct->id,
			  "parameter/%s",
			  p->name[0] == '/' ? p->name + 1 : p->name);
		if (!strcasecmp(p->type, "SecureString"))
			findings_add(out, CHECK_PASS, "AWS::SSM::Parameter",
				     arn,
				     "parameter %s in %s is a SecureString%s%s",
				     p->name, r->name,
				     p->key_id ? " encrypted with " : "",
				     p->key_id ? p->key_id : "");
		else
			findings_add(out, CHECK_FAIL, "AWS::SSM::Parameter",
				     arn,
				     "parameter %s in %s looks secret (\"%s\") "
				     "but is a plain %s: anyone with "
				     "ssm:GetParameter reads it, and it shows "
				     "in CloudTrail and console history",
				     p->name, r->name, word, p->type);
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::SSM::Parameter", r->name,
			     "no parameter in %s has a secret-looking name "
			     "(%zu parameter%s)",
			     r->name, r->ssm_parameters.n,
			     r->ssm_parameters.n == 1 ? "" : "s");
	return 0;
}

const struct check check_ssm_parameters_securestring = {
	.id = "ssm_parameters_securestring",
	.title = "Secret-looking SSM parameters are SecureString",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_SSM_PARAMETERS,
	.guidance = "Prepare: keep secrets where access to them is "
		    "controlled and logged",
	.rationale = "A password or token in a plain String parameter is "
		     "readable by every principal with ssm:GetParameter, "
		     "without KMS permissions, and ends up in deployment "
		     "logs. After a compromise responders must assume it "
		     "leaked; as a SecureString its reads need kms:Decrypt "
		     "and leave a KMS trail.",
	.remediation = "1. Re-create the parameter as a SecureString (with a "
		       "customer-managed KMS key if access must be "
		       "restricted): put-parameter --type SecureString "
		       "--overwrite.\n"
		       "2. Rotate the secret, since its plain value may have "
		       "been read.\n"
		       "3. Prefer Secrets Manager for credentials that need "
		       "rotation.",
	.cli_fix = "aws ssm put-parameter --name <NAME> --type SecureString "
		   "--value <VALUE> --overwrite",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/systems-manager/latest/"
		   "userguide/sysman-paramstore-securestring.html",
	.frameworks = "SEC02-BP03;NIST-CSF-2.0:PR.DS-01",
	.extra_actions = NULL,
	.run = run,
};
