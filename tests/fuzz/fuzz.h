/*
 * fuzz.h -- shared helpers of the libFuzzer harnesses (tests/fuzz/)
 *
 * Header-only: each harness is one .c file plus this. Harnesses that need
 * files (the policy loader, the replay transport, diff and merge) write
 * the input under one private temporary directory, made under $TMPDIR
 * (run.sh points that into build-fuzz/) and removed at exit.
 *
 * Inputs that stand for several files (diff OLD NEW, merge's shards, the
 * pages of a replayed collector) are cut at FUZZ_SEP lines.
 *
 * A harness may define fuzz_gen_seeds(): with FUZZ_GEN_SEEDS=DIR in the
 * environment, LLVMFuzzerInitialize() calls it to write seeds derived from
 * the repository's fixtures into DIR, then exits (run.sh does this before
 * fuzzing).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_SEP       "\n--irready-fuzz-next--\n"
#define FUZZ_MAX_PARTS 16

struct fuzz_part {
	const char *p;
	size_t n;
};

/* Cut 'data' at FUZZ_SEP into at most 'max' parts (the last keeps the
 * rest). Returns the count, at least 1. */
static inline size_t fuzz_split(const uint8_t *data, size_t len,
				struct fuzz_part *parts, size_t max)
{
	const char *p = (const char *)data, *end = p + len;
	size_t k = 0, sl = strlen(FUZZ_SEP);

	while (k + 1 < max) {
		const char *s = memmem(p, (size_t)(end - p), FUZZ_SEP, sl);

		if (!s)
			break;
		parts[k].p = p;
		parts[k].n = (size_t)(s - p);
		k++;
		p = s + sl;
	}
	parts[k].p = p;
	parts[k].n = (size_t)(end - p);
	return k + 1;
}

/* A NUL-terminated malloc'd copy. */
static inline char *fuzz_strndup(const void *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static inline int fuzz_write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	if (n && fwrite(p, 1, n, f) != n)
		rc = -1;
	if (fclose(f))
		rc = -1;
	return rc;
}

/* mkdir -p of the directory part of 'path'. */
static inline void fuzz_mkdirs_for(const char *path)
{
	char *d = fuzz_strndup(path, strlen(path));

	for (char *s = strchr(d + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(d, 0700);
		*s = '/';
	}
	free(d);
}

static inline int fuzz_rm_one(const char *p, const struct stat *st, int flag,
			      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static char fuzz_tmp_root[4096];

static inline void fuzz_tmp_cleanup(void)
{
	if (fuzz_tmp_root[0])
		nftw(fuzz_tmp_root, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* This process's temporary directory (made on first use). */
static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_tmp_root[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(fuzz_tmp_root, sizeof(fuzz_tmp_root),
			 "%s/irready-fuzz.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_tmp_root)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(fuzz_tmp_cleanup);
	}
	return fuzz_tmp_root;
}

/* A FILE that discards what the report writers print. */
static inline FILE *fuzz_devnull(void)
{
	static FILE *f;

	if (!f && !(f = fopen("/dev/null", "w")))
		abort();
	return f;
}

/* ---- seed generation (FUZZ_GEN_SEEDS=DIR) ---- */

static inline void fuzz_seed_write(const char *dir, const char *name,
				   const void *p, size_t n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (fuzz_write_file(path, p, n))
		fprintf(stderr, "fuzz: cannot write seed %s: %s\n", path,
			strerror(errno));
}

/* The whole file, NUL-terminated; NULL when unreadable. */
static inline char *fuzz_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/*
 * Seeds from the files under 'root' (recursively) named *'suffix', as
 * FUZZ_FILES_RAW (as they are), FUZZ_FILES_ERROR (raw HTTP responses
 * whose status is not 200), or FUZZ_FILES_BODY (the body of a raw HTTP
 * response, or the whole file when it is not one) when it starts with
 * 'lead'. Each is named after its path. One process, no fork per file:
 * run.sh calls this rather than looping in sh.
 */
enum fuzz_files { FUZZ_FILES_RAW, FUZZ_FILES_ERROR, FUZZ_FILES_BODY };

static struct {
	const char *out, *suffix;
	enum fuzz_files mode;
	char lead;
	size_t n;
} fuzz_files_st;

static inline int fuzz_files_one(const char *path, const struct stat *st,
				 int flag, struct FTW *ftw)
{
	size_t len, sl = strlen(fuzz_files_st.suffix), pl = strlen(path);
	const char *p;
	char *buf, name[1024];

	(void)st;
	(void)ftw;
	if (flag != FTW_F || pl < sl ||
	    strcmp(path + pl - sl, fuzz_files_st.suffix))
		return 0;
	if (!(buf = fuzz_slurp(path, &len)))
		return 0;
	p = buf;
	if (fuzz_files_st.mode == FUZZ_FILES_ERROR &&
	    !strncmp(buf, "HTTP/", 5)) {
		const char *sp = strchr(buf, ' ');

		if (sp && !strncmp(sp + 1, "200", 3))
			goto out;
	}
	if (fuzz_files_st.mode == FUZZ_FILES_BODY &&
	    !strncmp(buf, "HTTP/", 5)) {
		const char *e = strstr(buf, "\n\n"),
			   *e2 = strstr(buf, "\r\n\r\n");

		if (e2 && (!e || e2 < e))
			p = e2 + 4;
		else if (e)
			p = e + 2;
		else
			goto out;
	}
	if (fuzz_files_st.mode == FUZZ_FILES_BODY && *p != fuzz_files_st.lead)
		goto out;
	while (!strncmp(path, "../", 3) || !strncmp(path, "./", 2))
		path += path[1] == '/' ? 2 : 3;
	snprintf(name, sizeof(name), "%s", path);
	for (char *c = name; *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '_';
	fuzz_seed_write(fuzz_files_st.out, name, p, len - (size_t)(p - buf));
	fuzz_files_st.n++;
out:
	free(buf);
	return 0;
}

static inline size_t fuzz_seed_files(const char *out, const char *root,
				     const char *suffix, enum fuzz_files mode,
				     char lead)
{
	fuzz_files_st.out = out;
	fuzz_files_st.suffix = suffix;
	fuzz_files_st.mode = mode;
	fuzz_files_st.lead = lead;
	fuzz_files_st.n = 0;
	nftw(root, fuzz_files_one, 16, FTW_PHYS);
	return fuzz_files_st.n;
}

/*
 * A harness that defines FUZZ_HAVE_GEN_SEEDS provides fuzz_gen_seeds();
 * one that defines FUZZ_HAVE_INIT provides fuzz_init(), run once before
 * the first input.
 */
#if defined(FUZZ_HAVE_GEN_SEEDS) || defined(FUZZ_HAVE_INIT)
#ifdef FUZZ_HAVE_GEN_SEEDS
static void fuzz_gen_seeds(const char *dir);
#endif
#ifdef FUZZ_HAVE_INIT
static void fuzz_init(void);
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
#ifdef FUZZ_HAVE_GEN_SEEDS
	{
		const char *dir = getenv("FUZZ_GEN_SEEDS");

		if (dir && *dir) {
			fuzz_gen_seeds(dir);
			exit(0);
		}
	}
#endif
#ifdef FUZZ_HAVE_INIT
	fuzz_init();
#endif
	return 0;
}
#endif

#endif
