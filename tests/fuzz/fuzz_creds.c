/*
 * fuzz_creds.c -- the shared config and credentials files: the INI parser
 * and profile resolution of aws_creds_provider_new() (role_arn /
 * source_profile chains, sso-session, credential_process and web identity
 * planning), for the default profile and a named one
 *
 * The input is the config file, FUZZ_SEP, the credentials file, and
 * optionally FUZZ_SEP and a profile name. The environment is emptied of
 * every AWS_* variable that names credentials and instance metadata is
 * disabled, so nothing is fetched: aws_creds_get() is never called (it
 * would run a credential_process command), only the plan is made.
 */
#define FUZZ_HAVE_INIT
#define FUZZ_HAVE_GEN_SEEDS
#include "aws_creds.h"
#include "fuzz.h"

static char config[4200], creds[4200];

static const char *const unset[] = {
	"AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN",
	"AWS_SECURITY_TOKEN",
	"AWS_PROFILE",
	"AWS_DEFAULT_PROFILE",
	"AWS_ROLE_ARN",
	"AWS_ROLE_SESSION_NAME",
	"AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_REGION",
	"AWS_DEFAULT_REGION",
	"AWS_ENDPOINT_URL",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT",
};

static void fuzz_init(void)
{
	const char *t = fuzz_tmpdir();

	for (size_t i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
		unsetenv(unset[i]);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	setenv("HOME", t, 1);
	snprintf(config, sizeof(config), "%s/config", t);
	snprintf(creds, sizeof(creds), "%s/credentials", t);
	setenv("AWS_CONFIG_FILE", config, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
}

static const char *const seeds[] = {
	/* static keys in both files, comments, ':' and case, nesting */
	"[default]\nregion = eu-central-1\n[profile cfgonly]\nregion = "
	"eu-west-2\naws_access_key_id = AKIDCONFIG\naws_secret_access_key "
	"= s\naws_session_token = t\n[profile \"quoted name\"]\n"
	"aws_access_key_id = AKIDQ\naws_secret_access_key = s\n[profile "
	"nested]\naws_access_key_id = AKIDN\ns3 =\n  max_concurrent_requests "
	"= 20\naws_secret_access_key = s\n" FUZZ_SEP
	"# a comment\n; another\n\n[default]\n   Aws_Access_Key_Id   =   "
	"AKIDDEFAULT   \r\naws_secret_access_key: s\n  # indented\n[Case]\n"
	"aws_access_key_id = AKIDCASE\naws_secret_access_key = s\n" FUZZ_SEP
	"cfgonly",
	/* role chains, a cycle, an orphan */
	"[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
	"[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = "
	"base\nexternal_id = x\nrole_session_name = s\nduration_seconds = "
	"900\n[profile selfie]\nrole_arn = arn:aws:iam::1:role/S\n"
	"source_profile = selfie\naws_access_key_id = K\n"
	"aws_secret_access_key = s\n[profile narcissus]\nrole_arn = "
	"arn:aws:iam::1:role/N\nsource_profile = narcissus\n[profile orphan]"
	"\nrole_arn = arn:aws:iam::1:role/O\nsource_profile = nobody\n"
	"[profile env]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source "
	"= Environment\n" FUZZ_SEP
	"[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = "
	"s\n" FUZZ_SEP "a",
	/* SSO, credential_process, web identity */
	"[profile sso-dev]\nsso_session = corp\nsso_account_id = "
	"111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\n"
	"[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = "
	"https://corp.awsapps.com/start\n[profile legacy]\nsso_start_url = "
	"https://x.awsapps.com/start\nsso_region = us-east-1\n"
	"sso_account_id = 1\nsso_role_name = R\n[profile half]\n"
	"sso_account_id = 1\n[profile proc]\ncredential_process = /bin/false "
	"--flag\n[profile web]\nrole_arn = arn:aws:iam::1:role/W\n"
	"web_identity_token_file = /nonexistent/token\n" FUZZ_SEP FUZZ_SEP
	"sso-dev",
};

static void fuzz_gen_seeds(const char *dir)
{
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "creds-%zu", i + 1);
		fuzz_seed_write(dir, name, seeds[i], strlen(seeds[i]));
	}
}

static unsigned long sink;

static void try_profile(const char *profile)
{
	struct aws_creds_opts o = { .profile = profile };
	struct aws_creds_provider *p = NULL;
	struct aws_error err;

	if (aws_creds_provider_new(&o, &p, &err)) {
		if (strnlen(err.message, sizeof(err.message)) ==
		    sizeof(err.message))
			abort();
		return;
	}
	sink += aws_creds_provider_source(p) != NULL;
	sink += aws_creds_profile_region(p) != NULL;
	sink += aws_creds_profile_name(p) != NULL;
	aws_creds_provider_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_part parts[3];
	size_t n = fuzz_split(data, len, parts, 3);

	if (fuzz_write_file(config, parts[0].p, parts[0].n))
		abort();
	if (fuzz_write_file(creds, n > 1 ? parts[1].p : "",
			    n > 1 ? parts[1].n : 0))
		abort();
	try_profile(NULL);
	if (n > 2 && parts[2].n && parts[2].n < 256) {
		char *name = fuzz_strndup(parts[2].p, parts[2].n);

		try_profile(name);
		free(name);
	}
	return 0;
}
