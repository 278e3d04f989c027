/*
 * replay_main.c -- run a fuzz harness's LLVMFuzzerTestOneInput over the
 * committed reproducers and the seeds, without libFuzzer (`make check`)
 *
 * Linked with one tests/fuzz/fuzz_<h>.c and built with the normal
 * compiler as $O/tests/fuzz/replay_<h> (FUZZ_NAME is "<h>"). It runs every
 * tests/fuzz/crashes/<h>-* file, then the seeds made from the fixtures
 * (the harness's fuzz_gen_seeds, and run.sh --seeds), each in a child process
 * with a 20-second alarm: one TAP line per reproducer, one per harness for
 * the seeds; a crash, an abort or a timeout is "not ok" with the signal.
 * Files are found from the repository root (tests/unit/srcdir.h), and
 * everything the harness writes goes under one private TMPDIR, removed at
 * the end.
 */
#include "srcdir.h"
#include "tap.h"

#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FUZZ_NAME
#error "build with -DFUZZ_NAME='\"<harness>\"'"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf ? buf : malloc(1);
}

/* Describe a child's wait status into 'buf'; 0 when it exited 0. */
static int status_str(int st, char *buf, size_t n)
{
	if (WIFEXITED(st)) {
		snprintf(buf, n, "exit %d", WEXITSTATUS(st));
		return WEXITSTATUS(st) != 0;
	}
	if (WIFSIGNALED(st)) {
		snprintf(buf, n, "killed by signal %d (%s)", WTERMSIG(st),
			 WTERMSIG(st) == SIGALRM ? "timeout"
						 : strsignal(WTERMSIG(st)));
		return 1;
	}
	snprintf(buf, n, "status %d", st);
	return 1;
}

/* Run the harness on 'path' in a child; 0 when it returned. */
static int run_input(const char *path, char *why, size_t n)
{
	pid_t pid;
	int st = 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(why, n, "fork failed");
		return 1;
	}
	if (pid == 0) {
		size_t len = 0;
		char *data = slurp(path, &len);

		if (!data)
			_exit(111);
		/* the harness's own output is noise here */
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(112);
		alarm(20);
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0) {
		snprintf(why, n, "waitpid failed");
		return 1;
	}
	return status_str(st, why, n);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of 'dir' whose names start with 'prefix', sorted. */
static size_t list_files(const char *dir, const char *prefix, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char **nv;

		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		if (asprintf(&v[n], "%s/%s", dir, de->d_name) < 0)
			break;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_names);
	*out = v;
	return n;
}

/* Seeds: a child calls LLVMFuzzerInitialize with FUZZ_GEN_SEEDS=dir. */
static int gen_seeds(const char *dir, char *why, size_t n)
{
	pid_t pid;
	int st = 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int argc = 1;
		char *argv0[] = { (char *)"replay_" FUZZ_NAME, NULL };
		char **argv = argv0;

		if (!freopen("/dev/null", "w", stdout))
			_exit(112);
		setenv("FUZZ_GEN_SEEDS", dir, 1);
		alarm(120);
		LLVMFuzzerInitialize(&argc, &argv);
		_exit(113); /* a harness with seeds exits in Initialize */
	}
	if (waitpid(pid, &st, 0) < 0)
		return 1;
	return status_str(st, why, n);
}

int main(void)
{
	const char *root = test_srcdir();
	char tmp[] = "/tmp/irready-fuzz-replay.XXXXXX";
	char *dir = NULL, *seeds = NULL, **files = NULL;
	char why[128];
	size_t n, bad = 0, nseeds = 0;

	if (!ok(root != NULL && chdir(root) == 0,
		FUZZ_NAME ": repository root found"))
		return done_testing();
	if (!ok(mkdtemp(tmp) != NULL, FUZZ_NAME ": private TMPDIR"))
		return done_testing();
	setenv("TMPDIR", tmp, 1);
	if (asprintf(&dir, "%s/tests/fuzz/crashes", root) < 0 ||
	    asprintf(&seeds, "%s/seeds", tmp) < 0)
		return 1;
	mkdir(seeds, 0700);

	/*
	 * Seeds: those the harness makes in C (fuzz_gen_seeds, in a child:
	 * it exits when done), then those run.sh makes in shell.
	 */
	if (LLVMFuzzerInitialize) {
		int rc = gen_seeds(seeds, why, sizeof(why));

		/* 113: the harness has no seed generator (no FUZZ_GEN_SEEDS) */
		if (rc && strcmp(why, "exit 113"))
			ok(0, FUZZ_NAME ": seed generation (%s)", why);
	}
	{
		char *cmd = NULL;
		int rc;

		if (asprintf(&cmd,
			     "sh tests/fuzz/run.sh --seeds %s %s/seeds-sh "
			     ">/dev/null 2>&1",
			     FUZZ_NAME, tmp) < 0)
			return 1;
		rc = system(cmd);
		ok(rc == 0, FUZZ_NAME ": run.sh --seeds (status %d)", rc);
		free(cmd);
	}
	if (LLVMFuzzerInitialize) {
		int argc = 1;
		char *argv0[] = { (char *)"replay_" FUZZ_NAME, NULL };
		char **argv = argv0;

		unsetenv("FUZZ_GEN_SEEDS");
		LLVMFuzzerInitialize(&argc, &argv);
	}
	for (int k = 0; k < 2; k++) {
		char **sv = NULL, *sd = NULL;
		size_t m;

		if (asprintf(&sd, "%s/%s", tmp, k ? "seeds-sh" : "seeds") < 0)
			return 1;
		m = list_files(sd, "", &sv);
		for (size_t i = 0; i < m; i++) {
			if (run_input(sv[i], why, sizeof(why)) && bad++ < 5)
				printf("# seed %s: %s\n", sv[i], why);
			free(sv[i]);
		}
		nseeds += m;
		free(sv);
		free(sd);
	}

	{
		char *prefix = NULL;

		if (asprintf(&prefix, "%s-", FUZZ_NAME) < 0)
			return 1;
		n = list_files(dir, prefix, &files);
		free(prefix);
	}
	for (size_t i = 0; i < n; i++) {
		int rc = run_input(files[i], why, sizeof(why));

		ok(!rc, FUZZ_NAME ": reproducer %s runs clean (%s)",
		   strrchr(files[i], '/') + 1, why);
		free(files[i]);
	}
	free(files);
	if (nseeds)
		ok(bad == 0,
		   FUZZ_NAME ": %zu seeds generated from the "
			     "fixtures run clean (%zu failed)",
		   nseeds, bad);
	if (!n && !nseeds)
		ok(0,
		   FUZZ_NAME ": has no reproducer and no seeds; nothing ran");
	printf("# %zu reproducers, %zu seeds\n", n, nseeds);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	free(seeds);
	return done_testing();
}
