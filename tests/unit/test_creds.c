/*
 * test_creds.c -- the credential chain (src/aws/creds_*.c)
 *
 * Without arguments: offline tests in throwaway HOME directories --
 * environment precedence, profile selection, the two shared files, INI
 * details, credential_process (success, failure, expiry, refresh with an
 * injected clock), the SSO token cache, source_profile loops, and that no
 * secret reaches an error message. EC2 IMDS is disabled throughout.
 *
 * With --live: the network sources against the stand-in servers that
 * tests/t_creds.py starts (URLs in IRREADY_LIVE_STS, _SSO, _CONTAINER and
 * _IMDS): AssumeRole from a source_profile with external_id, a chained
 * role, a refused role, web identity, SSO, the container agent with a
 * token file, IMDSv2, and a refresh before expiry. t_creds.py checks what
 * the servers saw.
 */
#include "aws_creds.h"
#include "irready.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every secret and token below contains "Sekr1t", so one strstr finds leaks. */
#define MARK "Sekr1t"

static const char *const env_vars[] = {
	"HOME",
	"AWS_PROFILE",
	"AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN",
	"AWS_SECURITY_TOKEN",
	"AWS_SHARED_CREDENTIALS_FILE",
	"AWS_CONFIG_FILE",
	"AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_ROLE_ARN",
	"AWS_ROLE_SESSION_NAME",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_EC2_METADATA_DISABLED",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
	"AWS_ENDPOINT_URL",
	"AWS_ENDPOINT_URL_STS",
	"AWS_ENDPOINT_URL_SSO",
	"AWS_REGION",
	"AWS_DEFAULT_REGION",
};
static char *saved_env[ARRAY_SIZE(env_vars)];
static char home[256];
static time_t fake_now;

static time_t fake_clock(void)
{
	return fake_now;
}

static void env_save(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(env_vars); i++) {
		const char *v = getenv(env_vars[i]);

		saved_env[i] = v ? xstrdup(v) : NULL;
	}
}

/* Clear everything the chain reads; IMDS stays off unless a test wants it. */
static void env_clear(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(env_vars); i++)
		unsetenv(env_vars[i]);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	if (*home)
		setenv("HOME", home, 1);
}

static void env_restore(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(env_vars); i++) {
		if (saved_env[i])
			setenv(env_vars[i], saved_env[i], 1);
		else
			unsetenv(env_vars[i]);
		free(saved_env[i]);
	}
}

static void rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		d = opendir(path);
		while (d && (e = readdir(d))) {
			char *sub;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			sub = xasprintf("%s/%s", path, e->d_name);
			rm_rf(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* A fresh, empty HOME with ~/.aws and ~/.aws/sso/cache. */
static void new_home(void)
{
	char *p;

	if (*home)
		rm_rf(home);
	snprintf(home, sizeof(home), "/tmp/irready-creds-XXXXXX");
	if (!mkdtemp(home)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
	p = xasprintf("%s/.aws", home);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/.aws/sso", home);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/.aws/sso/cache", home);
	mkdir(p, 0700);
	free(p);
	env_clear();
}

/* Write 'text' to HOME/'rel' with 'mode'; returns the full path (static). */
static const char *put(const char *rel, const char *text, int mode)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", home, rel);
	f = fopen(path, "w");
	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

static void no_secret(const struct aws_error *err, const char *what)
{
	ok(!strstr(err->message, MARK) && !strstr(err->code, MARK),
	   "%s: no secret in the error", what);
	if (strstr(err->message, MARK))
		printf("#   message: %s\n", err->message);
}

/*
 * new() + get() + free(); 'c' filled on success. Returns the first
 * non-zero code. 'source' gets the planned source.
 */
static int resolve(const char *profile, time_t (*clk)(void),
		   struct aws_creds *c, struct aws_error *err,
		   const char **source, char *region, size_t rn)
{
	struct aws_creds_opts o = { 0 };
	struct aws_creds_provider *p = NULL;
	const char *reg;
	int rc;

	o.profile = profile;
	o.clock = clk;
	memset(c, 0, sizeof(*c));
	if (source)
		*source = NULL;
	if (region)
		*region = '\0';
	rc = aws_creds_provider_new(&o, &p, err);
	if (rc)
		return rc;
	if (source)
		*source = aws_creds_provider_source(p);
	reg = aws_creds_profile_region(p);
	if (region)
		snprintf(region, rn, "%s", reg ? reg : "");
	rc = aws_creds_get(p, c, err);
	aws_creds_provider_free(p);
	return rc;
}

static void test_env(void)
{
	struct aws_creds c;
	struct aws_error err;
	const char *src;

	new_home();
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "Sekr1t-env", 1);
	setenv("AWS_SESSION_TOKEN", "TOKEN-Sekr1t-env", 1);
	is_int(resolve(NULL, NULL, &c, &err, &src, NULL, 0), 0,
	       "environment credentials resolve");
	is_str(c.access_key, "AKIDENV", "env: access key");
	is_str(c.secret_key, "Sekr1t-env", "env: secret key");
	is_str(c.session_token, "TOKEN-Sekr1t-env", "env: session token");
	is_str(c.source, "env", "env: source");
	is_int(c.expiration, 0, "env: no expiration");
	aws_creds_release(&c);
	ok(!c.access_key && !c.secret_key && !c.session_token,
	   "aws_creds_release clears the struct");

	put(".aws/credentials",
	    "[default]\naws_access_key_id = AKIDFILE\n"
	    "aws_secret_access_key = Sekr1t-file\n"
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key = Sekr1t-dev\n",
	    0600);
	resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDENV", "env beats the credentials file");
	aws_creds_release(&c);

	resolve("dev", NULL, &c, &err, &src, NULL, 0);
	is_str(c.access_key, "AKIDDEV", "an explicit --profile beats env");
	is_str(c.source, "shared-credentials", "explicit profile: source");
	aws_creds_release(&c);

	setenv("AWS_PROFILE", "dev", 1);
	resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDENV", "AWS_PROFILE does not beat env");
	aws_creds_release(&c);

	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");
	resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDDEV", "AWS_PROFILE selects the profile");
	ok(c.session_token == NULL, "no token when none is configured");
	aws_creds_release(&c);
	unsetenv("AWS_PROFILE");

	setenv("AWS_ACCESS_KEY_ID", "AKIDPARTIAL", 1);
	is_int(resolve(NULL, NULL, &c, &err, NULL, NULL, 0), IRREADY_EUSAGE,
	       "env access key without secret is an error");
	is_str(err.code, "PartialCredentials", "partial env: code");
	no_secret(&err, "partial env");
}

static void test_files(void)
{
	struct aws_creds c;
	struct aws_error err;
	const char *src;
	char region[64];
	int rc;

	new_home();
	put(".aws/credentials",
	    "# a comment\n"
	    "; another comment\n"
	    "\n"
	    "[default]\n"
	    "   Aws_Access_Key_Id   =   AKIDDEFAULT   \r\n"
	    "aws_secret_access_key: Sekr1t-default\n"
	    "  # an indented comment\n"
	    "[both]\n"
	    "aws_access_key_id = AKIDBOTHCREDS\n"
	    "aws_secret_access_key = Sekr1t-both-creds\n"
	    "[Case]\n"
	    "aws_access_key_id = AKIDCASE\n"
	    "aws_secret_access_key = Sekr1t-case\n"
	    "[profile spaced]\n"
	    "aws_access_key_id = AKIDPROFILESPACED\n"
	    "aws_secret_access_key = Sekr1t-ps\n",
	    0600);
	put(".aws/config",
	    "[default]\n"
	    "region = eu-central-1\n"
	    "[profile cfgonly]\n"
	    "region = eu-west-2\n"
	    "aws_access_key_id = AKIDCONFIG\n"
	    "aws_secret_access_key = Sekr1t-config\n"
	    "aws_session_token = TOKEN-Sekr1t-config\n"
	    "[cfgbare]\n"
	    "aws_access_key_id = AKIDBARE\n"
	    "aws_secret_access_key = Sekr1t-bare\n"
	    "[profile both]\n"
	    "region = ap-south-1\n"
	    "aws_access_key_id = AKIDBOTHCONFIG\n"
	    "aws_secret_access_key = Sekr1t-both-config\n"
	    "[profile \"quoted name\"]\n"
	    "aws_access_key_id = AKIDQUOTED\n"
	    "aws_secret_access_key = Sekr1t-quoted\n"
	    "[profile nested]\n"
	    "aws_access_key_id = AKIDNESTED\n"
	    "s3 =\n"
	    "  max_concurrent_requests = 20\n"
	    "aws_secret_access_key = Sekr1t-nested\n",
	    0600);

	rc = resolve(NULL, NULL, &c, &err, &src, region, sizeof(region));
	is_int(rc, 0, "default profile resolves");
	is_str(c.access_key, "AKIDDEFAULT",
	       "keys are case-insensitive and trimmed; ':' separates");
	is_str(c.secret_key, "Sekr1t-default", "default: secret");
	is_str(src, "shared-credentials", "default: planned source");
	is_str(region, "eu-central-1", "default: region from [default]");
	aws_creds_release(&c);

	rc = resolve("cfgonly", NULL, &c, &err, &src, region, sizeof(region));
	is_int(rc, 0, "config-only profile resolves");
	is_str(c.access_key, "AKIDCONFIG", "[profile x] in the config file");
	is_str(c.session_token, "TOKEN-Sekr1t-config", "config: token");
	is_str(c.source, "config", "config: source");
	is_str(region, "eu-west-2", "aws_creds_profile_region");
	aws_creds_release(&c);

	rc = resolve("cfgbare", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE,
	       "a config section without 'profile' is not a profile");
	is_str(err.code, "ProfileNotFound", "missing profile: code");
	ok(strstr(err.message, "'cfgbare'") != NULL,
	   "missing profile: message names it");

	rc = resolve("both", NULL, &c, &err, NULL, region, sizeof(region));
	is_str(c.access_key, "AKIDBOTHCREDS",
	       "the credentials file beats the config file");
	is_str(c.source, "shared-credentials", "both files: source");
	is_str(region, "ap-south-1", "both files: region from config");
	aws_creds_release(&c);

	rc = resolve("case", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "profile names are case-sensitive");
	rc = resolve("Case", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDCASE", "[Case] found by its exact name");
	aws_creds_release(&c);

	rc = resolve("profile spaced", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDPROFILESPACED",
	       "credentials-file sections are taken verbatim");
	aws_creds_release(&c);

	rc = resolve("quoted name", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDQUOTED", "[profile \"quoted name\"]");
	aws_creds_release(&c);

	rc = resolve("nested", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.secret_key, "Sekr1t-nested",
	       "indented sub-settings do not disturb the profile");
	aws_creds_release(&c);

	rc = resolve("nosuch", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "unknown explicit profile");
	ok(strstr(err.message, "'nosuch'") != NULL,
	   "unknown profile: message names it");

	/* custom paths with '~' */
	put("custom-creds",
	    "[default]\naws_access_key_id = AKIDCUSTOM\n"
	    "aws_secret_access_key = Sekr1t-custom\n",
	    0600);
	put("custom-config", "[profile other]\nregion = sa-east-1\n", 0600);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "~/custom-creds", 1);
	setenv("AWS_CONFIG_FILE", "~/custom-config", 1);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDCUSTOM",
	       "AWS_SHARED_CREDENTIALS_FILE with '~'");
	aws_creds_release(&c);
	rc = resolve("other", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_ENOTFOUND,
	       "AWS_CONFIG_FILE: the profile exists but has no keys");
	is_str(err.code, "NoCredentials", "no credentials: code");
	ok(strstr(err.message, "'other'") != NULL,
	   "no credentials: message names the profile");
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	unsetenv("AWS_CONFIG_FILE");

	/* nothing at all */
	new_home();
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_ENOTFOUND, "no files, no env: not found");
	is_str(err.code, "NoCredentials", "nothing: code NoCredentials");

	/* malformed and partial files never echo the line */
	put(".aws/credentials",
	    "[default]\naws_secret_access_key Sekr1t-no-equals\n", 0600);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "a line without '=' is a parse error");
	ok(strstr(err.message, "line 2") != NULL,
	   "parse error: names the line number");
	no_secret(&err, "parse error");
	put(".aws/credentials", "aws_access_key_id = AKIDORPHAN\n[default]\n",
	    0600);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "a setting before any section");
	put(".aws/credentials", "[default]\naws_access_key_id = AKIDHALF\n",
	    0600);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "access key without secret in a file");
	is_str(err.code, "PartialCredentials", "partial file: code");
}

/* A credential_process script in HOME/'name' printing 'body'. */
static const char *script(const char *name, const char *body)
{
	return put(name, body, 0755);
}

static void test_process(void)
{
	struct aws_creds_opts o = { 0 };
	struct aws_creds_provider *p = NULL;
	struct aws_creds c;
	struct aws_error err;
	char big[128];
	time_t t2030;
	int rc;

	new_home();
	script("ok.sh",
	       "#!/bin/sh\n"
	       "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
	       "\"SecretAccessKey\": \"Sekr1t-proc\", \"SessionToken\": "
	       "\"TOKEN-Sekr1t-proc\", \"Expiration\": "
	       "\"2099-01-01T00:00:00Z\"}'\n");
	script("fail.sh", "#!/bin/sh\n"
			  "echo '{\"SecretAccessKey\": \"Sekr1t-leak\"}'\n"
			  "echo 'boom: token service down' >&2\n"
			  "echo 'second line Sekr1t' >&2\n"
			  "exit 3\n");
	script("expired.sh",
	       "#!/bin/sh\n"
	       "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDOLD\", "
	       "\"SecretAccessKey\": \"Sekr1t-old\", \"Expiration\": "
	       "\"2001-01-01T00:00:00Z\"}'\n");
	script("v2.sh", "#!/bin/sh\n"
			"echo '{\"Version\": 2, \"AccessKeyId\": \"AKIDV2\", "
			"\"SecretAccessKey\": \"Sekr1t-v2\"}'\n");
	script("garbage.sh", "#!/bin/sh\necho 'Sekr1t-not-json'\n");
	script("big.sh", "#!/bin/sh\nhead -c 200000 /dev/zero | tr '\\0' x\n");
	script("count.sh",
	       "#!/bin/sh\n"
	       "f=\"$HOME/count\"\n"
	       "n=$(cat \"$f\" 2>/dev/null || echo 0)\n"
	       "n=$((n + 1))\n"
	       "echo $n > \"$f\"\n"
	       "if [ $n -ge 3 ]; then echo 'refresh refused' >&2; exit 1; fi\n"
	       "printf '{\"Version\":1,\"AccessKeyId\":\"AKIDCOUNT%s\","
	       "\"SecretAccessKey\":\"Sekr1t-count\","
	       "\"Expiration\":\"2030-01-01T00:00:00Z\"}' $n\n");
	/* run by /bin/sh -c, so $HOME expands */
	put(".aws/config",
	    "[profile ok]\ncredential_process = $HOME/ok.sh --flag\n"
	    "[profile fail]\ncredential_process = $HOME/fail.sh\n"
	    "[profile expired]\ncredential_process = $HOME/expired.sh\n"
	    "[profile v2]\ncredential_process = $HOME/v2.sh\n"
	    "[profile garbage]\ncredential_process = $HOME/garbage.sh\n"
	    "[profile big]\ncredential_process = $HOME/big.sh\n"
	    "[profile count]\ncredential_process = $HOME/count.sh\n"
	    "[profile order]\ncredential_process = $HOME/ok.sh\n"
	    "aws_access_key_id = AKIDORDERCONFIG\n"
	    "aws_secret_access_key = Sekr1t-order-config\n"
	    "[profile first]\ncredential_process = $HOME/ok.sh\n",
	    0600);
	put(".aws/credentials",
	    "[first]\naws_access_key_id = AKIDFIRSTCREDS\n"
	    "aws_secret_access_key = Sekr1t-first\n",
	    0600);

	rc = resolve("ok", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, 0, "credential_process succeeds");
	is_str(c.access_key, "AKIDPROC", "process: access key");
	is_str(c.secret_key, "Sekr1t-proc", "process: secret");
	is_str(c.session_token, "TOKEN-Sekr1t-proc", "process: token");
	is_str(c.source, "credential-process", "process: source");
	is_int(c.expiration, 4070908800LL, "process: expiration parsed");
	aws_creds_release(&c);

	resolve("order", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDPROC",
	       "credential_process beats config-file keys");
	aws_creds_release(&c);
	resolve("first", NULL, &c, &err, NULL, NULL, 0);
	is_str(c.access_key, "AKIDFIRSTCREDS",
	       "credentials-file keys beat credential_process");
	aws_creds_release(&c);

	rc = resolve("fail", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EIO, "a failing process is an error");
	is_str(err.code, "CredentialProcessError", "failing process: code");
	ok(strstr(err.message, "status 3") != NULL,
	   "failing process: exit status in the message");
	ok(strstr(err.message, "boom: token service down") != NULL,
	   "failing process: first stderr line in the message");
	ok(strstr(err.message, "second line") == NULL,
	   "failing process: only the first stderr line");
	ok(strstr(err.message, "'fail'") != NULL,
	   "failing process: names the profile");
	no_secret(&err, "failing process (stdout never shown)");

	rc = resolve("expired", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EDENIED, "expired process credentials refused");
	is_str(err.code, "ExpiredCredentials", "expired: code");
	ok(strstr(err.message, "2001-01-01T00:00:00Z") != NULL,
	   "expired: says when");
	no_secret(&err, "expired process");

	rc = resolve("v2", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EPARSE, "Version 2 is refused");
	rc = resolve("garbage", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EPARSE, "non-JSON output is refused");
	no_secret(&err, "non-JSON output");
	rc = resolve("big", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EIO, "output over 64 KiB is refused");
	snprintf(big, sizeof(big), "%zu", (size_t)64 << 10);
	ok(strstr(err.message, big) != NULL, "oversize: says the cap");

	/* refresh within five minutes of expiry, by the injected clock */
	parse_iso8601("2030-01-01T00:00:00Z", &t2030);
	o.profile = "count";
	o.clock = fake_clock;
	fake_now = t2030 - 3600;
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "count: provider");
	is_str(aws_creds_provider_source(p), "credential-process",
	       "count: planned source");
	rc = aws_creds_get(p, &c, &err);
	is_str(c.access_key, "AKIDCOUNT1", "first get runs the process");
	aws_creds_release(&c);
	fake_now = t2030 - 301;
	rc = aws_creds_get(p, &c, &err);
	is_str(c.access_key, "AKIDCOUNT1", "outside the window: cached");
	aws_creds_release(&c);
	fake_now = t2030 - 299;
	rc = aws_creds_get(p, &c, &err);
	is_str(c.access_key, "AKIDCOUNT2", "inside the window: refreshed");
	aws_creds_release(&c);
	fake_now = t2030 - 10;
	rc = aws_creds_get(p, &c, &err);
	is_int(rc, 0, "a failed refresh keeps unexpired credentials");
	is_str(c.access_key, "AKIDCOUNT2", "kept credentials");
	aws_creds_release(&c);
	fake_now = t2030 + 1;
	rc = aws_creds_get(p, &c, &err);
	is_int(rc, IRREADY_EIO, "a failed refresh after expiry is an error");
	ok(strstr(err.message, "refresh refused") != NULL,
	   "refresh failure: the process's stderr");
	aws_creds_provider_free(p);
}

static void sha1_hex(const char *s, char out[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(s, strlen(s), md, &n, EVP_sha1(), NULL);
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void test_sso(void)
{
	struct aws_creds c;
	struct aws_error err;
	const char *src;
	char hex[41], rel[128];
	int rc;

	new_home();
	put(".aws/config",
	    "[profile sso-dev]\n"
	    "sso_session = corp\n"
	    "sso_account_id = 111122223333\n"
	    "sso_role_name = ReadOnly\n"
	    "region = eu-west-1\n"
	    "[sso-session corp]\n"
	    "sso_start_url = https://corp.awsapps.com/start\n"
	    "sso_region = eu-west-1\n"
	    "[profile legacy]\n"
	    "sso_start_url = https://legacy.awsapps.com/start\n"
	    "sso_region = us-east-2\n"
	    "sso_account_id = 444455556666\n"
	    "sso_role_name = Audit\n"
	    "[profile half]\n"
	    "sso_account_id = 111122223333\n"
	    "[profile ghost]\n"
	    "sso_session = nosuch\n"
	    "sso_account_id = 1\n"
	    "sso_role_name = r\n"
	    "[profile clash]\n"
	    "sso_session = corp\n"
	    "sso_region = us-west-1\n"
	    "sso_account_id = 1\n"
	    "sso_role_name = r\n",
	    0600);

	rc = resolve("sso-dev", NULL, &c, &err, &src, NULL, 0);
	is_str(src, "sso", "sso profile: planned source");
	is_int(rc, IRREADY_EDENIED, "sso without a cached token");
	is_str(err.code, "SSOTokenMissing", "no token: code");
	ok(strstr(err.message, "run aws sso login --profile sso-dev") != NULL,
	   "no token: tells how to log in");

	sha1_hex("corp", hex);
	is_str(hex, "ee0bfd2552fbd840c02cc48b6e823320543c450f",
	       "sha1 helper sanity");
	snprintf(rel, sizeof(rel), ".aws/sso/cache/%s.json", hex);
	put(rel,
	    "{\"startUrl\": \"https://corp.awsapps.com/start\", "
	    "\"region\": \"eu-west-1\", \"accessToken\": \"Sekr1t-sso-token\", "
	    "\"expiresAt\": \"2020-01-01T00:00:00Z\"}",
	    0600);
	rc = resolve("sso-dev", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EDENIED, "expired SSO token refused");
	is_str(err.code, "SSOTokenExpired", "expired token: code");
	ok(strstr(err.message, "run aws sso login --profile sso-dev") != NULL,
	   "expired token: tells how to log in");
	ok(strstr(err.message, "'sso-dev'") != NULL,
	   "expired token: names the profile");
	no_secret(&err, "expired SSO token");

	sha1_hex("https://legacy.awsapps.com/start", hex);
	snprintf(rel, sizeof(rel), ".aws/sso/cache/%s.json", hex);
	put(rel,
	    "{\"accessToken\": \"Sekr1t-legacy\", "
	    "\"expiresAt\": \"2019-11-14T04:05:45UTC\"}",
	    0600);
	rc = resolve("legacy", NULL, &c, &err, NULL, NULL, 0);
	is_str(err.code, "SSOTokenExpired",
	       "legacy profile: cache keyed by start URL, 'UTC' suffix read");
	ok(strstr(err.message, "--profile legacy") != NULL,
	   "legacy: tells how to log in");

	rc = resolve("half", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "incomplete SSO profile");
	ok(strstr(err.message, "sso_start_url") &&
		   strstr(err.message, "sso_role_name"),
	   "incomplete SSO profile: lists what is missing");
	rc = resolve("ghost", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "unknown sso-session");
	ok(strstr(err.message, "'nosuch'") != NULL,
	   "unknown sso-session: named");
	rc = resolve("clash", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "sso_region differs from the sso-session");
}

static void test_roles(void)
{
	struct aws_creds_opts o = { 0 };
	struct aws_creds_provider *p = NULL;
	struct aws_creds c;
	struct aws_error err;
	const char *src;
	int rc;

	new_home();
	put(".aws/config",
	    "[profile a]\nrole_arn = arn:aws:iam::1:role/A\n"
	    "source_profile = b\n"
	    "[profile b]\nrole_arn = arn:aws:iam::1:role/B\n"
	    "source_profile = a\n"
	    "[profile selfie]\nrole_arn = arn:aws:iam::1:role/S\n"
	    "source_profile = selfie\n"
	    "aws_access_key_id = AKIDSELF\n"
	    "aws_secret_access_key = Sekr1t-self\n"
	    "[profile narcissus]\nrole_arn = arn:aws:iam::1:role/N\n"
	    "source_profile = narcissus\n"
	    "[profile orphan]\nrole_arn = arn:aws:iam::1:role/O\n"
	    "source_profile = nosuch\n"
	    "[profile both]\nrole_arn = arn:aws:iam::1:role/X\n"
	    "source_profile = selfie\ncredential_source = Environment\n"
	    "[profile neither]\nrole_arn = arn:aws:iam::1:role/X\n"
	    "[profile badsource]\nrole_arn = arn:aws:iam::1:role/X\n"
	    "credential_source = Floppy\n"
	    "[profile fromenv]\nrole_arn = arn:aws:iam::1:role/X\n"
	    "credential_source = Environment\n"
	    "[profile chain]\nrole_arn = arn:aws:iam::1:role/C\n"
	    "source_profile = selfie\n"
	    "[profile webid]\nrole_arn = arn:aws:iam::1:role/W\n"
	    "web_identity_token_file = ~/tok\n"
	    "[profile dry]\nregion = us-west-1\n"
	    "[profile dryrole]\nrole_arn = arn:aws:iam::1:role/D\n"
	    "source_profile = dry\n",
	    0600);

	rc = resolve("a", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "a source_profile loop is refused");
	is_str(err.code, "InfiniteLoop", "loop: code");
	is_str(err.message, "source_profile loop: a -> b -> a",
	       "loop: the chain is named");

	o.profile = "selfie";
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "a profile may source its own static keys");
	if (!rc)
		is_str(aws_creds_provider_source(p), "assume-role",
		       "self-sourced: assume-role planned");
	aws_creds_provider_free(p);
	p = NULL;

	o.profile = "chain";
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "a role sourced from a profile with keys + role");
	aws_creds_provider_free(p);
	p = NULL;

	rc = resolve("narcissus", NULL, &c, &err, NULL, NULL, 0);
	is_str(err.code, "InfiniteLoop",
	       "self-reference without static keys is a loop");
	rc = resolve("orphan", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "a missing source_profile");
	ok(strstr(err.message, "'nosuch'") && strstr(err.message, "'orphan'"),
	   "missing source_profile: both profiles named");
	rc = resolve("both", NULL, &c, &err, NULL, NULL, 0);
	ok(rc == IRREADY_EUSAGE && strstr(err.message, "both"),
	   "source_profile and credential_source together");
	rc = resolve("neither", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "role_arn alone");
	rc = resolve("badsource", NULL, &c, &err, NULL, NULL, 0);
	ok(rc == IRREADY_EUSAGE && strstr(err.message, "'Floppy'"),
	   "unknown credential_source");
	rc = resolve("fromenv", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_ENOTFOUND,
	       "credential_source Environment with an empty environment");
	rc = resolve("dryrole", NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_ENOTFOUND, "a source_profile without credentials");
	ok(strstr(err.message, "'dry'") != NULL,
	   "source without credentials: named");

	setenv("AWS_ACCESS_KEY_ID", "AKIDENVSRC", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "Sekr1t-envsrc", 1);
	o.profile = "fromenv";
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "credential_source Environment with keys in the env");
	if (!rc)
		is_str(aws_creds_provider_source(p), "assume-role",
		       "credential_source: assume-role planned");
	aws_creds_provider_free(p);
	p = NULL;
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");

	/* web identity: profile-configured, and env beating file keys */
	o.profile = "webid";
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(!rc && !strcmp(aws_creds_provider_source(p), "web-identity"),
	   "role_arn + web_identity_token_file is web identity");
	aws_creds_provider_free(p);
	p = NULL;

	put(".aws/credentials",
	    "[default]\naws_access_key_id = AKIDFILE\n"
	    "aws_secret_access_key = Sekr1t-file\n",
	    0600);
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token", 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::1:role/Web", 1);
	rc = resolve(NULL, NULL, &c, &err, &src, NULL, 0);
	is_str(src, "web-identity",
	       "env web identity beats credentials-file keys (botocore)");
	is_int(rc, IRREADY_EIO, "unreadable token file");
	ok(strstr(err.message, "/nonexistent/token") != NULL,
	   "unreadable token file: named");
	o.profile = "default";
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(!rc && !strcmp(aws_creds_provider_source(p), "shared-credentials"),
	   "an explicit --profile ignores env web identity");
	aws_creds_provider_free(p);
	p = NULL;
	unsetenv("AWS_ROLE_ARN");
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	ok(rc == IRREADY_EUSAGE && strstr(err.message, "AWS_ROLE_ARN"),
	   "a web identity token file without a role ARN");
	unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
}

static void test_container(void)
{
	struct aws_creds_opts o = { 0 };
	struct aws_creds_provider *p = NULL;
	struct aws_creds c;
	struct aws_error err;
	int rc;

	new_home();
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.1.2.3/creds",
	       1);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "container full URI: plain http elsewhere");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI",
	       "http://169.254.169.254/creds", 1);
	rc = resolve(NULL, NULL, &c, &err, NULL, NULL, 0);
	is_int(rc, IRREADY_EUSAGE, "container full URI: not the IMDS address");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI",
	       "http://169.254.170.23/v1/credentials", 1);
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(!rc && !strcmp(aws_creds_provider_source(p), "container"),
	   "container full URI: the EKS Pod Identity address");
	aws_creds_provider_free(p);
	p = NULL;
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example/x",
	       1);
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(!rc && !strcmp(aws_creds_provider_source(p), "container"),
	   "container full URI: https anywhere");
	aws_creds_provider_free(p);
	p = NULL;
	unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x",
	       1);
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(!rc && !strcmp(aws_creds_provider_source(p), "container"),
	   "container relative URI");
	aws_creds_provider_free(p);
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
}

struct hammer {
	struct aws_creds_provider *p;
	int bad;
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	struct aws_creds c;
	struct aws_error err;

	for (int i = 0; i < 200; i++) {
		if (aws_creds_get(h->p, &c, &err) ||
		    strcmp(c.access_key, "AKIDTHREAD"))
			__atomic_add_fetch(&h->bad, 1, __ATOMIC_RELAXED);
		aws_creds_release(&c);
	}
	return NULL;
}

static void test_threads(void)
{
	struct aws_creds_opts o = { 0 };
	struct hammer h = { 0 };
	struct aws_error err;
	pthread_t t[8];

	new_home();
	setenv("AWS_ACCESS_KEY_ID", "AKIDTHREAD", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "Sekr1t-thread", 1);
	if (aws_creds_provider_new(&o, &h.p, &err)) {
		ok(0, "threads: provider");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		pthread_create(&t[i], NULL, hammer_run, &h);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		pthread_join(t[i], NULL);
	is_int(h.bad, 0, "8 threads x 200 gets agree");
	aws_creds_provider_free(h.p);
}

/* --live: against tests/t_creds.py */

#define BASE_AK   "AKIDBASEEXAMPLE"
#define BASE_SK   "BASE/Sekr1t+key"
#define AUDIT_ARN "arn:aws:iam::111122223333:role/Audit"

static time_t live_offset;

static time_t live_clock(void)
{
	return time(NULL) + live_offset;
}

static const char *need_env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		printf("Bail out! %s is not set (run tests/t_creds.py)\n",
		       name);
		exit(1);
	}
	return v;
}

static void live(void)
{
	const char *sts = need_env("IRREADY_LIVE_STS");
	const char *sso = need_env("IRREADY_LIVE_SSO");
	const char *ctr = need_env("IRREADY_LIVE_CONTAINER");
	const char *imds = need_env("IRREADY_LIVE_IMDS");
	struct aws_creds_opts o = { 0 };
	struct aws_creds_provider *p = NULL;
	struct aws_creds c, base = { 0 };
	struct aws_error err;
	char hex[41], rel[128], *url;
	time_t now = time(NULL);
	int rc;

	new_home();
	put(".aws/credentials",
	    "[base]\naws_access_key_id = " BASE_AK "\n"
	    "aws_secret_access_key = " BASE_SK "\n",
	    0600);
	put(".aws/config",
	    "[profile audit]\n"
	    "role_arn = " AUDIT_ARN "\n"
	    "source_profile = base\n"
	    "external_id = ext-123\n"
	    "role_session_name = irready-test\n"
	    "duration_seconds = 900\n"
	    "region = us-west-2\n"
	    "[profile second]\n"
	    "role_arn = arn:aws:iam::111122223333:role/Second\n"
	    "source_profile = audit\n"
	    "[profile denied]\n"
	    "role_arn = arn:aws:iam::111122223333:role/Denied\n"
	    "source_profile = base\n"
	    "[profile sso-dev]\n"
	    "sso_session = corp\n"
	    "sso_account_id = 111122223333\n"
	    "sso_role_name = ReadOnly\n"
	    "[sso-session corp]\n"
	    "sso_start_url = https://corp.awsapps.com/start\n"
	    "sso_region = eu-west-1\n",
	    0600);

	/* AssumeRole from a source_profile, with external_id */
	o.profile = "audit";
	o.endpoint_url = sts;
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "live: audit provider");
	if (!rc) {
		rc = aws_creds_get(p, &c, &err);
		is_int(rc, 0, "live: AssumeRole from source_profile");
		if (rc)
			printf("#   %s: %s\n", err.code, err.message);
		is_str(c.access_key, "ASIAAUDIT", "live: role access key");
		is_str(c.secret_key, "AUDIT/Sekr1t", "live: role secret");
		is_str(c.session_token, "AUDIT-TOKEN-Sekr1t",
		       "live: role token");
		is_str(c.source, "assume-role", "live: role source");
		ok(c.expiration > now + 3000 && c.expiration < now + 4000,
		   "live: role expiration from <Expiration>");
		aws_creds_release(&c);
		is_str(aws_creds_profile_region(p), "us-west-2",
		       "live: profile region");
	}
	aws_creds_provider_free(p);
	p = NULL;

	/* a role chained from that role */
	o.profile = "second";
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_int(rc, 0, "live: chained AssumeRole");
	is_str(c.access_key, "ASIASECOND", "live: chained role access key");
	aws_creds_release(&c);
	aws_creds_provider_free(p);
	p = NULL;

	/* a refused role */
	o.profile = "denied";
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_int(rc, IRREADY_EDENIED, "live: AccessDenied is EDENIED");
	is_str(err.code, "AccessDenied", "live: the AWS code");
	is_str(err.action, "sts:AssumeRole", "live: the action");
	ok(strstr(err.message, "'denied'") && strstr(err.message, "Denied"),
	   "live: message names the profile and role");
	no_secret(&err, "live: refused role");
	aws_creds_provider_free(p);
	p = NULL;

	/* aws_creds_assume_role directly: defaults */
	base.access_key = BASE_AK;
	base.secret_key = BASE_SK;
	rc = aws_creds_assume_role(&base, AUDIT_ARN, NULL, NULL, 0, NULL, sts,
				   &c, &err);
	is_int(rc, 0, "live: aws_creds_assume_role");
	is_str(c.access_key, "ASIAAUDIT", "live: direct assume role");
	aws_creds_release(&c);

	/* web identity from the environment, STS from AWS_ENDPOINT_URL_STS */
	o.profile = NULL;
	o.endpoint_url = NULL;
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE",
	       put("webtoken", "eyJ.web.identity.token\n", 0600), 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/WebId", 1);
	setenv("AWS_ROLE_SESSION_NAME", "webid-session", 1);
	setenv("AWS_ENDPOINT_URL_STS", sts, 1);
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_int(rc, 0, "live: web identity");
	is_str(c.access_key, "ASIAWEBID", "live: web identity access key");
	is_str(c.source, "web-identity", "live: web identity source");
	aws_creds_release(&c);
	aws_creds_provider_free(p);
	p = NULL;
	unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
	unsetenv("AWS_ROLE_ARN");
	unsetenv("AWS_ROLE_SESSION_NAME");
	unsetenv("AWS_ENDPOINT_URL_STS");

	/* SSO */
	sha1_hex("corp", hex);
	snprintf(rel, sizeof(rel), ".aws/sso/cache/%s.json", hex);
	put(rel,
	    "{\"accessToken\": \"SSO-ACCESS-TOKEN-Sekr1t\", "
	    "\"expiresAt\": \"2099-01-01T00:00:00Z\"}",
	    0600);
	setenv("AWS_ENDPOINT_URL_SSO", sso, 1);
	o.profile = "sso-dev";
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_int(rc, 0, "live: SSO");
	if (rc)
		printf("#   %s: %s\n", err.code, err.message);
	is_str(c.access_key, "ASIASSO", "live: SSO access key");
	is_str(c.session_token, "SSO-TOKEN-Sekr1t", "live: SSO session token");
	is_int(c.expiration, 4070908800LL, "live: SSO expiration (ms)");
	is_str(c.source, "sso", "live: SSO source");
	aws_creds_release(&c);
	aws_creds_provider_free(p);
	p = NULL;
	unsetenv("AWS_ENDPOINT_URL_SSO");
	o.profile = NULL;

	/* container with an authorization token file (beats the variable) */
	url = xasprintf("%s/creds", ctr);
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url, 1);
	free(url);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	       put("ctoken", "container-auth-token\n", 0600), 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token", 1);
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_int(rc, 0, "live: container");
	is_str(c.access_key, "ASIACONTAINER", "live: container access key");
	is_str(c.source, "container", "live: container source");
	aws_creds_release(&c);
	aws_creds_provider_free(p);
	p = NULL;

	/* refresh before expiry (container, injected clock) */
	url = xasprintf("%s/refresh", ctr);
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url, 1);
	free(url);
	o.clock = live_clock;
	rc = aws_creds_provider_new(&o, &p, &err);
	if (!rc)
		rc = aws_creds_get(p, &c, &err);
	is_str(c.access_key, "ASIAREFRESH1", "live: first fetch");
	aws_creds_release(&c);
	aws_creds_get(p, &c, &err);
	is_str(c.access_key, "ASIAREFRESH1", "live: cached while fresh");
	aws_creds_release(&c);
	live_offset = 3600 - 200;
	aws_creds_get(p, &c, &err);
	is_str(c.access_key, "ASIAREFRESH2",
	       "live: refreshed 200 s before expiry");
	aws_creds_release(&c);
	aws_creds_provider_free(p);
	p = NULL;
	o.clock = NULL;
	unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");

	/* IMDSv2 */
	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds, 1);
	rc = aws_creds_provider_new(&o, &p, &err);
	is_int(rc, 0, "live: IMDS provider");
	if (rc)
		printf("#   %s: %s\n", err.code, err.message);
	if (!rc) {
		is_str(aws_creds_provider_source(p), "imds",
		       "live: IMDS planned");
		rc = aws_creds_get(p, &c, &err);
		is_str(c.access_key, "ASIAIMDS", "live: IMDS access key");
		is_str(c.session_token, "IMDS-TOKEN-Sekr1t",
		       "live: IMDS token");
		is_str(c.source, "imds", "live: IMDS source");
		aws_creds_release(&c);
	}
	aws_creds_provider_free(p);
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", 1);
	rc = aws_creds_provider_new(&o, &p, &err);
	ok(rc == IRREADY_ENOTFOUND && !strcmp(err.code, "NoCredentials"),
	   "live: IMDS unreachable means no credentials");
}

int main(int argc, char **argv)
{
	int live_mode = argc > 1 && !strcmp(argv[1], "--live");

	env_save();
	if (live_mode) {
		live();
	} else {
		test_env();
		test_files();
		test_process();
		test_sso();
		test_roles();
		test_container();
		test_threads();
	}
	if (*home)
		rm_rf(home);
	env_restore();
	return done_testing();
}
