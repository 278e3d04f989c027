/*
 * creds_env.c -- static credentials from the environment:
 * AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, or the
 * older AWS_SECURITY_TOKEN)
 */
#include "creds_internal.h"
#include "irready.h"

/* AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or *out NULL. */
int creds_plan_env(struct creds_src **out, struct aws_error *err)
{
	const char *ak = creds_getenv("AWS_ACCESS_KEY_ID");
	const char *sk = creds_getenv("AWS_SECRET_ACCESS_KEY");
	const char *tok = creds_getenv("AWS_SESSION_TOKEN");

	*out = NULL;
	if (!ak)
		return 0;
	if (!sk) {
		aws_error_set(err, IRREADY_EUSAGE, "PartialCredentials",
			      "AWS_ACCESS_KEY_ID is set but "
			      "AWS_SECRET_ACCESS_KEY is not");
		return IRREADY_EUSAGE;
	}
	if (!tok)
		tok = creds_getenv("AWS_SECURITY_TOKEN");
	*out = creds_src_new(SRC_STATIC, "env", NULL);
	creds_set(&(*out)->cur, ak, sk, tok, 0, "env");
	return 0;
}
