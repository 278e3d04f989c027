/*
 * util.c -- error reporting, checked allocation, number and time parsing,
 * string matching
 *
 * The small helpers every other file uses. Nothing here knows about AWS.
 */
#include "irready.h"
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int log_level;

/*
 * Messages quote what AWS and recordings said: control characters are
 * shown as \xNN (text.h), so a name cannot drive the terminal.
 */
static void vemit(const char *prefix, const char *fmt, va_list ap)
{
	char small[1024], *buf = small;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf)
			vsnprintf(buf, (size_t)n + 1, fmt, aq);
		else
			buf = small; /* truncated, but said */
	}
	va_end(aq);
	fputs(prefix, stderr);
	text_fputs_terminal(n < 0 ? fmt : buf, stderr, 1);
	fputc('\n', stderr);
	if (buf != small)
		free(buf);
}

const char *irready_strerror(int rc)
{
	switch (rc) {
	case IRREADY_OK:
		return "success";
#define X(name, msg)                                                           \
	case IRREADY_E##name:                                                  \
		return msg;
		IRREADY_ERRNO_MAP(X)
#undef X
	}
	return "unknown error";
}

int error_rc(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit("irready: error: ", fmt, ap);
	va_end(ap);
	return rc;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit("irready: warning: ", fmt, ap);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 0 || log_level == 1)
		return;
	va_start(ap, fmt);
	vemit("", fmt, ap);
	va_end(ap);
}

void debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	vemit("debug: ", fmt, ap);
	va_end(ap);
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void die_oom(size_t n)
{
	fprintf(stderr, "irready: fatal: out of memory allocating %zu bytes\n",
		n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("vsnprintf failed");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int contains_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; s && *s; s++)
		if (!strncasecmp(s, needle, n))
			return 1;
	return 0;
}

int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Hand-written on purpose: strptime() has no portable way to read
 * "+00:00" or fractional seconds, mktime() reads local time (TZ), timegm()
 * is not C11/POSIX 2008, and curl_getdate() reads HTTP dates, not ISO-8601
 * (and would pull libcurl into src/base, which checks link). This parser
 * is strict: trailing bytes or out-of-range fields are an error, and an
 * AWS answer with a malformed time must become a MalformedResponse.
 */
int parse_iso8601(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	long off = 0;
	const char *p;

	if (!s || strlen(s) < 10)
		return -1;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' ||
		    digits(p + 4, 2, &mi) || p[6] != ':' ||
		    digits(p + 7, 2, &se))
			return -1;
		if (h > 23 || mi > 59 || se > 60)
			return -1;
		p += 9;
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			int sign = *p == '-' ? -1 : 1;

			if (digits(p + 1, 2, &oh))
				return -1;
			p += 3;
			if (*p == ':')
				p++;
			if (digits(p, 2, &om))
				return -1;
			p += 2;
			off = sign * (oh * 3600L + om * 60L);
		}
	}
	if (*p)
		return -1;
	*out = (time_t)(days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400L +
			h * 3600L + mi * 60L + se - off);
	return 0;
}

void format_iso8601(time_t t, char *buf, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#ifndef IRREADY_DATADIR
#define IRREADY_DATADIR "/usr/local/share/irready"
#endif

size_t data_dirs(const char *sub, const char *env_var, char dirs[][PATH_MAX],
		 size_t max)
{
	const char *env = getenv(env_var);
	char exe[PATH_MAX];
	ssize_t n;
	size_t k = 0;

	if (env && *env && k < max)
		snprintf(dirs[k++], PATH_MAX, "%.*s", PATH_MAX - 1, env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (k < max)
				snprintf(dirs[k++], PATH_MAX, "%.*s/../%s",
					 PATH_MAX - 80, exe, sub);
			if (k < max)
				snprintf(dirs[k++], PATH_MAX, "%.*s/%s",
					 PATH_MAX - 80, exe, sub);
			/* an installed tree, wherever it was unpacked */
			if (k < max)
				snprintf(dirs[k++], PATH_MAX,
					 "%.*s/../share/irready/%s",
					 PATH_MAX - 80, exe, sub);
		}
	}
	if (k < max)
		snprintf(dirs[k++], PATH_MAX, "%s/%s", IRREADY_DATADIR, sub);
	if (k < max)
		snprintf(dirs[k++], PATH_MAX, "%s", sub);
	return k;
}

long peak_rss_mib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return -1;
	return ru.ru_maxrss / 1024; /* Linux: KiB */
}

int phase_timing;
static long long phase_ns[PHASE_N];

static long long thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long phase_start(void)
{
	return phase_timing ? thread_cpu_ns() : 0;
}

void phase_end(enum phase p, long long start)
{
	if (phase_timing && start)
		__atomic_add_fetch(&phase_ns[p], thread_cpu_ns() - start,
				   __ATOMIC_RELAXED);
}

void phase_debug(void)
{
	struct rusage ru;
	double ms[PHASE_N], total, rest;

	if (!phase_timing || getrusage(RUSAGE_SELF, &ru))
		return;
	total = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	rest = total;
	for (int i = 0; i < PHASE_N; i++) {
		ms[i] = (double)__atomic_load_n(&phase_ns[i],
						__ATOMIC_RELAXED) /
			1e6;
		rest -= ms[i];
	}
	fprintf(stderr,
		"cpu split: read %.1f ms, parse %.1f ms, evaluate %.1f ms, "
		"report %.1f ms, rest %.1f ms of %.1f ms\n",
		ms[PHASE_READ], ms[PHASE_PARSE], ms[PHASE_EVALUATE],
		ms[PHASE_REPORT], rest, total);
}
