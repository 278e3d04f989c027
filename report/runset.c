/*
 * runset.c -- a run's outputs land as a set, never mixed with another run's
 *
 * Each file was already atomic (temp file, fsync, rename); a run was not:
 * killed between two files, it left a new findings.csv beside the previous
 * run's findings.json. Now every output is first written complete into a
 * staging directory inside the output directory (same file system), then:
 *
 *   1. run.json is removed: from here until step 3 the directory says "no
 *      complete run";
 *   2. each staged file is renamed into place and the directory fsynced;
 *   3. run.json is written (atomically, last) naming the run id and every
 *      file of the run with its size.
 *
 * So a reader (or an auditor) trusts the outputs only beside a run.json,
 * and only the files it lists: a run killed before step 1 leaves the
 * previous set and its run.json intact; one killed in step 2 leaves no
 * run.json. Files of formats this run did not write stay, unlisted.
 */
#include "irready.h"
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct {
	unsigned bit;
	const char *name;
	int (*fn)(const struct report *, FILE *);
} outputs[] = {
	{ REPORT_CSV, "findings.csv", report_write_csv },
	{ REPORT_JSON, "findings.json", report_write_json },
	{ REPORT_JUNIT, "junit.xml", report_write_junit },
	{ REPORT_HTML, "report.html", report_write_html },
	{ REPORT_OCSF, "findings.ocsf.json", report_write_ocsf },
	{ REPORT_OCSF_NDJSON, "findings.ocsf.ndjson",
	  report_write_ocsf_ndjson },
	{ REPORT_SARIF, "findings.sarif", report_write_sarif },
	{ REPORT_ASFF, "findings.asff.json", report_write_asff },
};

size_t report_output_names(unsigned formats, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(outputs) && n + 2 < max; i++)
		if (formats & outputs[i].bit)
			names[n++] = outputs[i].name;
	if (formats && n + 1 < max)
		names[n++] = "run.json";
	names[n] = NULL;
	return n;
}

struct run_json {
	char id[33];
	unsigned formats;
	long long bytes[ARRAY_SIZE(outputs)];
};

static int write_run_json(const void *ctx, FILE *out)
{
	const struct run_json *rj = ctx;
	int first = 1;

	fprintf(out,
		"{\"schema\":\"irready.run/1\",\"run_id\":\"%s\","
		"\"complete\":true,\"files\":[",
		rj->id);
	for (size_t i = 0; i < ARRAY_SIZE(outputs); i++) {
		if (!(rj->formats & outputs[i].bit))
			continue;
		fprintf(out, "%s{\"name\":\"%s\",\"bytes\":%lld}",
			first ? "" : ",", outputs[i].name, rj->bytes[i]);
		first = 0;
	}
	fputs("]}\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}

/* 32 hex digits from the kernel's generator (time and pid if absent). */
static void run_id(char id[33])
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(b)) {
		unsigned long long t = (unsigned long long)time(NULL);
		unsigned long long p = (unsigned long long)getpid();

		for (int i = 0; i < 8; i++) {
			b[i] = (unsigned char)(t >> (8 * i));
			b[8 + i] = (unsigned char)(p >> (8 * i));
		}
	}
	for (int i = 0; i < 16; i++)
		snprintf(id + 2 * i, 3, "%02x", b[i]);
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Remove the staging directory and whatever is left in it. */
static void remove_stage(const char *stage)
{
	DIR *d = opendir(stage);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", stage, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(stage);
}

int report_write_run(const struct report *r, const char *dir, unsigned formats)
{
	struct run_json rj = { .formats = 0 };
	char *stage = xasprintf("%s/.irready-staging-XXXXXX", dir);
	char *runjson = xasprintf("%s/run.json", dir);
	int rc = 0;

	if (report_make_dirs(dir) || !mkdtemp(stage)) {
		rc = error_rc(IRREADY_EIO, "cannot create '%s': %s", stage,
			      strerror(errno));
		goto out;
	}
	run_id(rj.id);
	/* 0. everything, complete, in the staging directory */
	for (size_t i = 0; i < ARRAY_SIZE(outputs); i++) {
		if (!(formats & outputs[i].bit))
			continue;
		if (report_write_file(stage, outputs[i].name, outputs[i].fn,
				      r)) {
			rc = IRREADY_EIO;
			goto out; /* the previous set stays as it was */
		}
	}
	/* 1. from now on the directory holds no complete run */
	if (unlink(runjson) && errno != ENOENT) {
		rc = error_rc(IRREADY_EIO, "cannot remove '%s': %s", runjson,
			      strerror(errno));
		goto out;
	}
	fsync_dir(dir);
	/* 2. the files, into place */
	for (size_t i = 0; i < ARRAY_SIZE(outputs); i++) {
		char *from, *to;
		struct stat st;

		if (!(formats & outputs[i].bit))
			continue;
		from = xasprintf("%s/%s", stage, outputs[i].name);
		to = xasprintf("%s/%s", dir, outputs[i].name);
		rj.bytes[i] = stat(from, &st) ? -1 : (long long)st.st_size;
		if (rename(from, to))
			rc = error_rc(IRREADY_EIO, "cannot rename to '%s': %s",
				      to, strerror(errno));
		else
			rj.formats |= outputs[i].bit;
		free(from);
		free(to);
		if (rc)
			goto out;
	}
	fsync_dir(dir);
	/* 3. the set is complete: say so, last */
	rc = report_write_atomic(dir, "run.json", write_run_json, &rj);
	if (!rc)
		fsync_dir(dir);
out:
	remove_stage(stage);
	free(stage);
	free(runjson);
	return rc ? IRREADY_EIO : 0;
}
