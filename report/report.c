/*
 * report.c -- format selection and atomic report files
 */
#include "irready.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int report_parse_formats(const char *s, unsigned *out, const char **bad)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "html", REPORT_HTML },
		{ "csv", REPORT_CSV },
		{ "json", REPORT_JSON },
		{ "junit", REPORT_JUNIT },
		{ "ocsf", REPORT_OCSF },
		{ "ocsf-ndjson", REPORT_OCSF_NDJSON },
		{ "sarif", REPORT_SARIF },
		{ "asff", REPORT_ASFF },
	};
	static char badbuf[64];
	const char *p = s;

	*out = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int found = 0;

		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (len == strlen(names[i].name) &&
			    !strncmp(p, names[i].name, len)) {
				*out |= names[i].bit;
				found = 1;
			}
		if (!found && len) {
			snprintf(badbuf, sizeof(badbuf), "%.*s",
				 (int)(len < 60 ? len : 60), p);
			*bad = badbuf;
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return *out ? 0 : -1;
}

int report_make_dirs(const char *dir)
{
	char *tmp = xstrdup(dir);
	int rc = 0;

	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (mkdir(tmp, 0777) && errno != EEXIST)
		rc = -1;
	free(tmp);
	return rc;
}

struct trampoline {
	int (*fn)(const struct report *, FILE *);
	const struct report *r;
};

static int call_report_writer(const void *ctx, FILE *out)
{
	const struct trampoline *t = ctx;

	return t->fn(t->r, out);
}

int report_write_file(const char *dir, const char *name,
		      int (*fn)(const struct report *, FILE *),
		      const struct report *r)
{
	struct trampoline t = { fn, r };

	return report_write_atomic(dir, name, call_report_writer, &t);
}

enum { IOBUF_SIZE = 1 << 16 };

int report_write_atomic(const char *dir, const char *name,
			int (*fn)(const void *ctx, FILE *), const void *ctx)
{
	char *final = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp-XXXXXX", dir, name);
	FILE *f = NULL;
	char *iobuf;
	int fd = -1, rc = 0;

	if (report_make_dirs(dir)) {
		rc = error_rc(IRREADY_EIO, "cannot create directory '%s': %s",
			      dir, strerror(errno));
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = error_rc(IRREADY_EIO, "cannot create '%s': %s", tmp,
			      strerror(errno));
		goto out;
	}
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		rc = error_rc(IRREADY_EIO, "cannot open '%s'", tmp);
		goto out;
	}
	/*
	 * only this thread writes 'f': no lock per fputc (the writers put
	 * out a report a few bytes at a time), and 64 KiB per write(2)
	 */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	iobuf = xmalloc(IOBUF_SIZE); /* (glibc ignores a size without one) */
	setvbuf(f, iobuf, _IOFBF, IOBUF_SIZE);
	rc = fn(ctx, f);
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		rc = rc ? rc : IRREADY_EIO;
	if (fclose(f))
		rc = rc ? rc : IRREADY_EIO;
	free(iobuf);
	if (rc) {
		unlink(tmp);
		rc = error_rc(IRREADY_EIO, "cannot write '%s'", final);
		goto out;
	}
	if (rename(tmp, final)) {
		unlink(tmp);
		rc = error_rc(IRREADY_EIO, "cannot rename to '%s': %s", final,
			      strerror(errno));
	}
out:
	free(final);
	free(tmp);
	return rc;
}

int report_write_all(const struct report *r, const char *dir, unsigned formats)
{
	/* as one set, with run.json last (runset.c) */
	return formats ? report_write_run(r, dir, formats) : 0;
}
