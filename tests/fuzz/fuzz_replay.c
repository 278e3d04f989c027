/*
 * fuzz_replay.c -- collectors end to end over the replay transport, then
 * the checks over what they collected
 *
 * The input is a dataset name on the first line ("VPC", "IAM_KEYS", ...;
 * also IDENTITY, REGIONS and ORG_ACCOUNTS for the discovery calls), then
 * the raw HTTP responses of that collector's calls, in call order,
 * separated by FUZZ_SEP. For the k-th call the harness writes the k-th
 * response as the fixture file the request names (aws_replay_path) in a
 * temporary scenario, and the real replay transport reads and parses it;
 * an empty part, or a call past the last part, has no file
 * (ReplayMissing). Datasets the collector reads (inv_needs_closure) are
 * collected first, from the same sequence. Then every check whose
 * datasets were collected runs as the runner would run it (ERROR when one
 * failed), with the default parameters.
 *
 * Seeds (FUZZ_GEN_SEEDS): every dataset of every account and region of
 * every fixtures/ scenario, recorded in call order from the real files.
 *
 * A request is refused (not written, not read) when its file name would
 * leave the scenario: a region taken from a response can hold "/" or
 * "..".
 */
#define FUZZ_HAVE_INIT
#define FUZZ_HAVE_GEN_SEEDS
#include "aws.h"
#include "check.h"
#include "inv_collect.h"
#include "irready.h"
#include "org.h"
#include "fuzz.h"

#include <dirent.h>

#define MAX_CALLS 96
#define MAX_PARTS 96
#define ACCOUNT   "123456789012"
#define HOME      "us-east-1"

static const time_t now = 1795824000; /* 2026-11-28T00:00:00Z, the fixtures' */

static const char *const ds_names[DS__COUNT] = {
#define DATASET(NAME, name) #NAME,
#include "datasets.def"
#undef DATASET
};

enum { PSEUDO_IDENTITY = DS__COUNT, PSEUDO_REGIONS, PSEUDO_ORG, NTARGETS };

static const char *target_name(int t)
{
	switch (t) {
	case PSEUDO_IDENTITY:
		return "IDENTITY";
	case PSEUDO_REGIONS:
		return "REGIONS";
	case PSEUDO_ORG:
		return "ORG_ACCOUNTS";
	}
	return ds_names[t];
}

/* "<account>/<region>/<file>" with no empty, "." or ".." component */
static int safe_rel(const char *rel)
{
	int n = 0;

	for (const char *p = rel;; n++) {
		const char *s = strchr(p, '/');
		size_t len = s ? (size_t)(s - p) : strlen(p);

		if (!len || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!s)
			break;
		p = s + 1;
	}
	return n == 2;
}

/* ---- the sequence transport ---- */

struct seq {
	struct aws_transport t;
	struct aws_transport *replay;
	const char *root;
	/* fuzzing: the parts to serve */
	const struct fuzz_part *parts;
	size_t nparts, calls;
	/* seed generation: the files served, in call order */
	struct strbuf *rec;
	int recorded;
};

static int seq_send(struct aws_transport *t, const struct aws_request *req,
		    struct aws_response *resp, struct aws_error *err)
{
	struct seq *s = (struct seq *)t;
	char *rel = aws_replay_path(req), *path;
	size_t k = s->calls++;
	int rc, wrote = 0;

	if (k >= MAX_CALLS || !safe_rel(rel)) {
		aws_error_set(err, IRREADY_EIO, "FuzzRefused",
			      "call %zu to '%s' refused", k + 1, rel);
		free(rel);
		return IRREADY_EIO;
	}
	path = xasprintf("%s/%s", s->root, rel);
	if (s->rec) {
		size_t n = 0;
		char *buf = fuzz_slurp(path, &n);

		if (k < MAX_PARTS) {
			if (k)
				strbuf_adds(s->rec, FUZZ_SEP);
			if (buf) {
				strbuf_add(s->rec, buf, n);
				s->recorded++;
			}
		}
		free(buf);
	} else if (k < s->nparts && s->parts[k].n) {
		fuzz_mkdirs_for(path);
		if (fuzz_write_file(path, s->parts[k].p, s->parts[k].n))
			abort();
		wrote = 1;
	}
	rc = s->replay->send(s->replay, req, resp, err);
	if (wrote)
		unlink(path);
	free(path);
	free(rel);
	return rc;
}

static void seq_free(struct aws_transport *t)
{
	struct seq *s = (struct seq *)t;

	s->replay->free(s->replay);
}

static void seq_init(struct seq *s, const char *root)
{
	memset(s, 0, sizeof(*s));
	s->t.name = "fuzz-seq";
	s->t.send = seq_send;
	s->t.free = seq_free;
	s->root = root;
	s->replay = aws_replay_new(root);
}

/* ---- collection and checks ---- */

static unsigned long sink;

static void collect(struct aws_client *c, struct inv_account *a,
		    struct inv_region *r, enum inv_dataset d)
{
	int regional = inv_dataset_scope(d) == INV_REGION;
	struct inv_status *st = regional ? &r->status[d] : &a->status[d];
	struct collect_ctx cx = {
		.client = c,
		.acct = a,
		.region = regional ? r : NULL,
		.arena = regional ? &r->arena[d] : &a->arena[d],
		.err = &st->err,
		.now = now,
	};
	int rc = inv_collector(d)(&cx);

	st->state = rc ? INV_FAILED : INV_OK;
	if (strnlen(st->err.code, sizeof(st->err.code)) ==
		    sizeof(st->err.code) ||
	    strnlen(st->err.message, sizeof(st->err.message)) ==
		    sizeof(st->err.message))
		abort();
}

static int failed(const struct inv_account *a, const struct inv_region *r,
		  inv_needs needs)
{
	for (int d = 0; d < DS__COUNT; d++) {
		if (!(needs & INV_NEED(d)))
			continue;
		if (inv_dataset_scope((enum inv_dataset)d) == INV_ACCOUNT
			    ? a->status[d].state == INV_FAILED
			    : r->status[d].state == INV_FAILED)
			return 1;
	}
	return 0;
}

static void run_checks(const struct inventory *inv, struct inv_account *a,
		       struct inv_region *r, inv_needs collected)
{
	struct params params;
	struct findings f;

	params_defaults(&params);
	findings_init(&f);
	f.account_id = a->id;
	f.collected_at = now;
	for (size_t i = 0; i < check_count; i++) {
		const struct check *c = check_registry[i];
		struct check_ctx cx = {
			.inv = inv, .acct = a, .params = &params, .now = now
		};

		if (!c->needs || (c->needs & ~collected) ||
		    failed(a, r, c->needs))
			continue;
		if (c->scope == CHECK_SCOPE_REGION)
			cx.region = r;
		f.check = c;
		f.severity = c->severity;
		f.region = cx.region ? r->name : "global";
		sink += (unsigned long)c->run(&cx, &f);
	}
	for (size_t i = 0; i < f.n; i++)
		sink += strlen(f.v[i].message) + strlen(f.v[i].resource_id);
	findings_release(&f);
}

/* Run target 't' for account 'acct' in region 'home' through 'c'. */
static void run_target(struct aws_client *c, int t, const char *acct,
		       const char *home)
{
	struct inventory inv = { 0 };
	struct inv_account *a = inv_add_account(&inv);
	struct inv_region *r;
	struct collect_ctx cx = { .client = c, .err = &a->fatal, .now = now };

	inv.now = now;
	a->id = arena_strdup(&a->meta, acct);
	a->home_region = arena_strdup(&a->meta, home);
	a->assessed = 1;
	cx.acct = a;
	cx.arena = &a->meta;
	if (t == PSEUDO_IDENTITY) {
		sink += (unsigned long)inv_collect_identity(&cx);
	} else if (t == PSEUDO_REGIONS) {
		if (!inv_collect_regions(&cx))
			for (size_t i = 0; i < a->nregions; i++)
				sink += strlen(a->regions[i].name);
	} else if (t == PSEUDO_ORG) {
		struct org_accounts org = { 0 };
		struct aws_error err;

		aws_error_clear(&err);
		if (!org_list_accounts(c, acct, home, &org, &err)) {
			for (size_t i = 0; i < org.n; i++)
				sink += strlen(org.v[i].id);
			org_accounts_release(&org);
		}
	} else {
		inv_needs need = inv_needs_closure(INV_NEED(t));

		r = inv_add_region(a, home);
		for (int d = 0; d < DS__COUNT; d++)
			if (d != t && (need & INV_NEED(d)))
				collect(c, a, r, (enum inv_dataset)d);
		collect(c, a, r, (enum inv_dataset)t);
		run_checks(&inv, a, r, need);
	}
	inv_free(&inv);
}

/* ---- libFuzzer ---- */

static char root[4200];

static void fuzz_init(void)
{
	snprintf(root, sizeof(root), "%s/scenario", fuzz_tmpdir());
	mkdir(root, 0700);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct fuzz_part parts[MAX_PARTS];
	const char *nl = memchr(data, '\n', len);
	struct aws_client c = { 0 };
	struct seq s;
	size_t nlen;
	int t;

	if (!nl)
		return 0;
	nlen = (size_t)(nl - (const char *)data);
	for (t = 0; t < NTARGETS; t++)
		if (strlen(target_name(t)) == nlen &&
		    !memcmp(data, target_name(t), nlen))
			break;
	if (t == NTARGETS)
		return 0;
	seq_init(&s, root);
	s.nparts = fuzz_split((const uint8_t *)nl + 1, len - nlen - 1, parts,
			      MAX_PARTS);
	s.parts = parts;
	c.transport = &s.t;
	run_target(&c, t, ACCOUNT, HOME);
	aws_client_release(&c); /* memo answers aws_call kept */
	s.t.free(&s.t);
	return 0;
}

/* ---- seeds from fixtures/ ---- */

static int is_account_dir(const char *s)
{
	if (strlen(s) != 12)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void gen_account(const char *out, const char *scn, const char *dir,
			const char *acct)
{
	char adir[4400];
	DIR *d;
	struct dirent *e;

	snprintf(adir, sizeof(adir), "%s/%s", dir, acct);
	if (!(d = opendir(adir)))
		return;
	while ((e = readdir(d))) {
		const char *region = e->d_name;

		if (region[0] == '.' || !strcmp(region, "global"))
			continue;
		for (int t = 0; t < NTARGETS; t++) {
			struct aws_client c = { 0 };
			struct strbuf rec = STRBUF_INIT;
			struct seq s;
			char name[512];

			/* account datasets once, from the home region */
			if (t < DS__COUNT &&
			    inv_dataset_scope((enum inv_dataset)t) ==
				    INV_ACCOUNT &&
			    strcmp(region, HOME))
				continue;
			seq_init(&s, dir);
			s.rec = &rec;
			strbuf_adds(&rec, target_name(t));
			strbuf_addch(&rec, '\n');
			c.transport = &s.t;
			run_target(&c, t, acct, region);
			aws_client_release(&c);
			if (s.recorded) {
				snprintf(name, sizeof(name), "%s-%s-%s-%s", scn,
					 acct, region, target_name(t));
				fuzz_seed_write(out, name, rec.buf, rec.len);
			}
			s.t.free(&s.t);
			strbuf_release(&rec);
		}
	}
	closedir(d);
}

static void fuzz_gen_seeds(const char *out)
{
	DIR *top = opendir("fixtures"), *d;
	struct dirent *e, *a;

	if (!top)
		return;
	log_level = 1; /* --quiet */
	while ((e = readdir(top))) {
		char dir[4200];

		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "fixtures/%s", e->d_name);
		if (!(d = opendir(dir)))
			continue;
		while ((a = readdir(d)))
			if (is_account_dir(a->d_name))
				gen_account(out, e->d_name, dir, a->d_name);
		closedir(d);
	}
	closedir(top);
}
