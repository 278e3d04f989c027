/*
 * irready.h -- shared enums, the error map and the version
 *
 * Every operational failure in the core is an int from IRREADY_ERRNO_MAP
 * (libuv's pattern). Audit outcomes are data (findings), never error codes.
 */
#ifndef IRREADY_H
#define IRREADY_H

#include <stddef.h>
#include <stdarg.h>
#include <limits.h>

#define IRREADY_VERSION "0.1.0"

#define IRREADY_ERRNO_MAP(X)                                                   \
	X(NOMEM, "out of memory")                                              \
	X(IO, "input/output error")                                            \
	X(USAGE, "invalid usage")                                              \
	X(HTTP, "transport error")                                             \
	X(DENIED, "access denied")                                             \
	X(THROTTLED, "request throttled")                                      \
	X(AWS, "aws service error")                                            \
	X(PARSE, "malformed response")                                         \
	X(NOTFOUND, "not found")                                               \
	X(POLICY, "policy error")

enum irready_err {
	IRREADY_OK = 0,
#define X(name, msg) IRREADY_E##name,
	IRREADY_ERRNO_MAP(X)
#undef X
};

const char *irready_strerror(int rc);

/* Print "error: <fmt>" to stderr and return 'rc' (git's error()). */
int error_rc(int rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

/* 0 = normal, 1 = --quiet (only errors), 2 = verbose */
extern int log_level;
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that aborts on failure: out of memory is not recoverable here. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Growable array helper (git's ALLOC_GROW). */
#define ALLOC_GROW(p, n, alloc)                                                \
	do {                                                                   \
		if ((n) > (alloc)) {                                           \
			size_t na_ = (alloc) ? (alloc)*2 : 16;                 \
			while (na_ < (n))                                      \
				na_ *= 2;                                      \
			(p) = xrealloc((p), na_ * sizeof(*(p)));               \
			(alloc) = na_;                                         \
		}                                                              \
	} while (0)

/* The process's peak resident set so far, in MiB (getrusage). */
long peak_rss_mib(void);

/*
 * Where a replay's CPU goes (`audit --replay` with IRREADY_CPU_SPLIT set,
 * for make bench): each phase's thread CPU time, summed over threads. Off
 * unless phase_timing is set (the clock is a system call: live runs and
 * ordinary replays do not pay it). phase_start() is 0 when off.
 */
enum phase { PHASE_READ, PHASE_PARSE, PHASE_EVALUATE, PHASE_REPORT, PHASE_N };
extern int phase_timing;
long long phase_start(void);
void phase_end(enum phase p, long long start);
/* Print the split and the rest of the process's CPU time to stderr. */
void phase_debug(void);

/* Checked integer parse: whole string, base 10; returns 0 or -1. */
int parse_long(const char *s, long *out);

/*
 * Whether 's' contains 'needle', ignoring ASCII case (strcasestr is not in
 * C11/POSIX); a NULL 's' contains nothing.
 */
int contains_ci(const char *s, const char *needle);

/*
 * Time helpers. Timestamps are seconds since the epoch (UTC).
 * parse_iso8601 accepts "2026-01-02T03:04:05Z", fractional seconds,
 * "+00:00" offsets and a bare date "2026-01-02"; returns 0 or -1.
 */
#include <time.h>
int parse_iso8601(const char *s, time_t *out);
/* Format 't' as "2026-01-02T03:04:05Z" into 'buf' (at least 21 bytes). */
void format_iso8601(time_t t, char *buf, size_t n);

/*
 * The directories that may hold irready's data folder 'sub' ("policies",
 * "frameworks"), in search order: $'env_var', beside the binary (../sub,
 * sub, ../share/irready/sub: a build tree or an installed tree wherever it
 * was unpacked), IRREADY_DATADIR/sub, ./sub. Returns how many (<= max).
 */
size_t data_dirs(const char *sub, const char *env_var, char dirs[][PATH_MAX],
		 size_t max);

#endif
