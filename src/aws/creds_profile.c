/*
 * creds_profile.c -- the shared config and credentials files, and what a
 * profile configures: static keys, its providers, its role chain
 *
 * INI as Python's configparser reads it (see aws_creds.h). A profile is
 * the config file's [profile name] merged with the credentials file's
 * [name] (credentials win). creds_plan_profile() picks the provider a
 * profile configures in botocore's order; creds_plan_assume_role()
 * follows role_arn through source_profile (cycles refused) or
 * credential_source.
 */
#include "creds_internal.h"
#include "irready.h"
#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CONFIG_FILE_MAX ((size_t)4 << 20)

/* INI files, as configparser reads them */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	creds_trim_end(s);
	return s;
}

static void ini_release(struct ini *ini)
{
	for (size_t i = 0; i < ini->n; i++) {
		struct ini_section *s = &ini->sec[i];

		for (size_t j = 0; j < s->n; j++) {
			free(s->kv[j].key);
			creds_free_secret(s->kv[j].value);
		}
		free(s->kv);
		free(s->name);
	}
	free(ini->sec);
	memset(ini, 0, sizeof(*ini));
}

/*
 * Parse 'data' (modified in place) into 'ini'. Errors name the file and
 * the line number, never the line (it may hold a key).
 */
static int ini_parse(struct ini *ini, const char *path, char *data,
		     struct aws_error *err)
{
	struct ini_section *cur = NULL;
	struct ini_kv *last = NULL;
	char *line, *next;
	int lineno = 0;

	for (line = data; line; line = next) {
		char *s, *sep, *key;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		creds_trim_end(line);
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s) {
			last = NULL;
			continue;
		}
		if (*s == '#' || *s == ';')
			continue;
		if (s != line && last) {
			/* an indented line continues the value */
			char *v = xasprintf("%s\n%s", last->value, s);

			creds_free_secret(last->value);
			last->value = v;
			continue;
		}
		if (*s == '[') {
			char *end = strrchr(s, ']');

			if (!end) {
				aws_error_set(err, IRREADY_EUSAGE,
					      "InvalidConfig",
					      "cannot parse '%s' line %d: "
					      "unterminated section header",
					      path, lineno);
				return IRREADY_EUSAGE;
			}
			*end = '\0';
			ALLOC_GROW(ini->sec, ini->n + 1, ini->alloc);
			cur = &ini->sec[ini->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = xstrdup(trim(s + 1));
			last = NULL;
			continue;
		}
		sep = s + strcspn(s, "=:");
		if (!cur || !*sep) {
			aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
				      "cannot parse '%s' line %d: %s", path,
				      lineno,
				      cur ? "expected 'key = value'"
					  : "setting outside a [section]");
			return IRREADY_EUSAGE;
		}
		*sep = '\0';
		key = trim(s);
		for (char *k = key; *k; k++)
			*k = (char)tolower((unsigned char)*k);
		ALLOC_GROW(cur->kv, cur->n + 1, cur->alloc);
		last = &cur->kv[cur->n++];
		last->key = xstrdup(key);
		last->value = xstrdup(trim(sep + 1));
	}
	return 0;
}

/* Load 'path' into 'ini'; a missing file is an empty one. */
static int ini_load(struct ini *ini, const char *path, struct aws_error *err)
{
	struct strbuf sb;
	struct stat st;
	int rc;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	rc = creds_read_file(&sb, path, CONFIG_FILE_MAX);
	if (rc) {
		aws_error_set(err, IRREADY_EIO, "InvalidConfig",
			      "cannot read '%s': %s", path,
			      rc == IRREADY_ENOMEM ? "file too large"
						   : strerror(errno));
		rc = IRREADY_EIO;
		goto out;
	}
	if (sb.len)
		rc = ini_parse(ini, path, sb.buf, err);
out:
	creds_wipe_strbuf(&sb);
	return rc;
}

/* The last value of 'key' in 's', NULL when absent or empty. */
const char *creds_ini_get(const struct ini_section *s, const char *key)
{
	const char *v = NULL;

	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->kv[i].key, key))
			v = s->kv[i].value;
	return v && *v ? v : NULL;
}

/*
 * Whether config section 'sec' is "<kind> <name>" for 'name', where the
 * name may be quoted (botocore splits the header with shlex).
 */
static int section_is(const char *sec, const char *kind, const char *name)
{
	size_t k = strlen(kind), n = strlen(name);
	const char *p = sec + k;

	if (strncmp(sec, kind, k) || !isspace((unsigned char)*p))
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"' || *p == '\'')
		return !strncmp(p + 1, name, n) && p[n + 1] == *p && !p[n + 2];
	return !strcmp(p, name) && !strpbrk(name, " \t");
}

static const struct ini_section *cfg_config_profile(const struct creds_cfg *c,
						    const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->config.n; i++) {
		const char *s = c->config.sec[i].name;

		if ((!strcmp(name, "default") && !strcmp(s, "default")) ||
		    section_is(s, "profile", name))
			found = &c->config.sec[i];
	}
	return found;
}

static const struct ini_section *cfg_creds_profile(const struct creds_cfg *c,
						   const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->creds.n; i++)
		if (!strcmp(c->creds.sec[i].name, name))
			found = &c->creds.sec[i];
	return found;
}

const struct ini_section *creds_cfg_sso_session(const struct creds_cfg *c,
						const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->config.n; i++)
		if (section_is(c->config.sec[i].name, "sso-session", name))
			found = &c->config.sec[i];
	return found;
}

/* A profile setting: the credentials file wins over the config file. */
const char *creds_prof_get(const struct creds_cfg *c, const char *profile,
			   const char *key)
{
	const char *v = creds_ini_get(cfg_creds_profile(c, profile), key);

	return v ? v : creds_ini_get(cfg_config_profile(c, profile), key);
}

int creds_prof_exists(const struct creds_cfg *c, const char *profile)
{
	return cfg_creds_profile(c, profile) || cfg_config_profile(c, profile);
}

static int prof_has_static(const struct creds_cfg *c, const char *profile)
{
	return creds_prof_get(c, profile, "aws_access_key_id") ||
	       creds_prof_get(c, profile, "aws_secret_access_key");
}

int creds_prof_has_role(const struct creds_cfg *c, const char *profile)
{
	return creds_prof_get(c, profile, "role_arn") &&
	       !creds_prof_get(c, profile, "web_identity_token_file");
}

void creds_cfg_release(struct creds_cfg *c)
{
	ini_release(&c->creds);
	ini_release(&c->config);
	free(c->creds_path);
	free(c->config_path);
}

int creds_cfg_load(struct creds_cfg *c, struct aws_error *err)
{
	const char *cp = creds_getenv("AWS_SHARED_CREDENTIALS_FILE");
	const char *fp = creds_getenv("AWS_CONFIG_FILE");
	int rc;

	c->creds_path = creds_expand_home(cp ? cp : "~/.aws/credentials");
	c->config_path = creds_expand_home(fp ? fp : "~/.aws/config");
	rc = ini_load(&c->creds, c->creds_path, err);
	if (!rc)
		rc = ini_load(&c->config, c->config_path, err);
	return rc;
}

/* What a profile configures */

/* Static keys of one file's section, or *out NULL. */
static int plan_static(const struct ini_section *sec, const char *profile,
		       const char *source, const char *path,
		       struct creds_src **out, struct aws_error *err)
{
	const char *ak = creds_ini_get(sec, "aws_access_key_id");
	const char *sk = creds_ini_get(sec, "aws_secret_access_key");
	const char *tok = creds_ini_get(sec, "aws_session_token");

	*out = NULL;
	if (!ak)
		return 0;
	if (!sk) {
		aws_error_set(err, IRREADY_EUSAGE, "PartialCredentials",
			      "profile '%s' in '%s' has aws_access_key_id but "
			      "no aws_secret_access_key",
			      profile, path);
		return IRREADY_EUSAGE;
	}
	if (!tok)
		tok = creds_ini_get(sec, "aws_security_token");
	*out = creds_src_new(SRC_STATIC, source, profile);
	creds_set(&(*out)->cur, ak, sk, tok, 0, source);
	return 0;
}

int creds_plan_profile(struct creds_plan *pl, const char *profile, int use_env,
		       struct creds_src **out, struct aws_error *err)
{
	const char *cmd;
	int rc;

	rc = creds_plan_web_identity(pl, profile, use_env, out, err);
	if (rc || *out)
		return rc;
	rc = creds_plan_sso(pl, profile, out, err);
	if (rc || *out)
		return rc;
	rc = plan_static(cfg_creds_profile(&pl->cfg, profile), profile,
			 "shared-credentials", pl->cfg.creds_path, out, err);
	if (rc || *out)
		return rc;
	cmd = creds_prof_get(&pl->cfg, profile, "credential_process");
	if (cmd) {
		*out = creds_src_new(SRC_PROCESS, "credential-process",
				     profile);
		(*out)->command = xstrdup(cmd);
		return 0;
	}
	return plan_static(cfg_config_profile(&pl->cfg, profile), profile,
			   "config", pl->cfg.config_path, out, err);
}

static int plan_credential_source(struct creds_plan *pl, const char *profile,
				  const char *name, struct creds_src **out,
				  struct aws_error *err)
{
	int rc = 0;

	*out = NULL;
	if (!strcmp(name, "Environment")) {
		rc = creds_plan_env(out, err);
	} else if (!strcmp(name, "EcsContainer")) {
		rc = creds_plan_container(out, err);
	} else if (!strcmp(name, "Ec2InstanceMetadata")) {
		if (!creds_imds_disabled())
			*out = creds_plan_imds();
	} else {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s': credential_source '%s' is not "
			      "valid (Environment, Ec2InstanceMetadata or "
			      "EcsContainer)",
			      profile, name);
		return IRREADY_EUSAGE;
	}
	if (!rc && !*out) {
		aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
			      "profile '%s': credential_source %s has no "
			      "credentials",
			      profile, name);
		rc = IRREADY_ENOTFOUND;
	}
	return rc;
}

/*
 * The base credentials of 'profile' from its source_profile 'sp': that
 * profile's own providers, or its role chain. Refuses a loop (except a
 * profile naming itself to use its own static keys) and chains longer
 * than MAX_CHAIN.
 */
static int plan_source_profile(struct creds_plan *pl, const char *profile,
			       const char *sp, struct creds_src **base,
			       struct aws_error *err)
{
	int rc;

	if (!creds_prof_exists(&pl->cfg, sp)) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "the source_profile '%s' of profile '%s' does "
			      "not exist",
			      sp, profile);
		return IRREADY_EUSAGE;
	}
	for (size_t i = 0; i < pl->nvisited; i++) {
		struct strbuf chain = STRBUF_INIT;

		if (strcmp(pl->visited[i], sp))
			continue;
		/* a profile may name itself to use its own static keys */
		if (!strcmp(sp, profile) && prof_has_static(&pl->cfg, sp))
			break;
		for (size_t j = 0; j < pl->nvisited; j++)
			strbuf_addf(&chain, "%s -> ", pl->visited[j]);
		strbuf_adds(&chain, sp);
		aws_error_set(err, IRREADY_EUSAGE, "InfiniteLoop",
			      "source_profile loop: %s", strbuf_str(&chain));
		strbuf_release(&chain);
		return IRREADY_EUSAGE;
	}
	if (pl->nvisited == MAX_CHAIN) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s': source_profile chain longer "
			      "than %d",
			      profile, MAX_CHAIN);
		return IRREADY_EUSAGE;
	}
	pl->visited[pl->nvisited++] = sp;
	if (!prof_has_static(&pl->cfg, sp) && creds_prof_has_role(&pl->cfg, sp))
		return creds_plan_assume_role(pl, sp, base, err);
	rc = creds_plan_profile(pl, sp, 0, base, err);
	if (!rc && !*base) {
		aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
			      "the source_profile '%s' of profile "
			      "'%s' has no credentials",
			      sp, profile);
		rc = IRREADY_ENOTFOUND;
	}
	return rc;
}

int creds_plan_assume_role(struct creds_plan *pl, const char *profile,
			   struct creds_src **out, struct aws_error *err)
{
	const char *sp = creds_prof_get(&pl->cfg, profile, "source_profile");
	const char *cs = creds_prof_get(&pl->cfg, profile, "credential_source");
	const char *dur = creds_prof_get(&pl->cfg, profile, "duration_seconds");
	struct creds_src *base = NULL, *s;
	long d = 0;
	int rc;

	*out = NULL;
	if (sp && cs) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' has both source_profile and "
			      "credential_source",
			      profile);
		return IRREADY_EUSAGE;
	}
	if (!sp && !cs) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' has role_arn but neither "
			      "source_profile nor credential_source",
			      profile);
		return IRREADY_EUSAGE;
	}
	if (cs)
		rc = plan_credential_source(pl, profile, cs, &base, err);
	else
		rc = plan_source_profile(pl, profile, sp, &base, err);
	if (rc)
		return rc;
	s = creds_src_new(SRC_ASSUME_ROLE, "assume-role", profile);
	s->role_arn = xstrdup(creds_prof_get(&pl->cfg, profile, "role_arn"));
	s->external_id = xstrdup_or_null(
		creds_prof_get(&pl->cfg, profile, "external_id"));
	s->session_name = xstrdup_or_null(
		creds_prof_get(&pl->cfg, profile, "role_session_name"));
	s->mfa_serial = xstrdup_or_null(
		creds_prof_get(&pl->cfg, profile, "mfa_serial"));
	/* botocore ignores a duration that is not an integer */
	if (dur && !parse_long(dur, &d) && d > 0 && d <= 43200)
		s->duration = (int)d;
	s->base = base;
	*out = s;
	return 0;
}
