/*
 * creds_process.c -- credential_process: run the profile's command with
 * /bin/sh -c and read Version 1 JSON credentials from its stdout
 *
 * stdout is capped at 64 KiB (the child is killed over the cap); the
 * first line of stderr goes into the error message.
 */
#include "creds_internal.h"
#include "aws_json.h"
#include "irready.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define PROCESS_OUT_MAX ((size_t)64 << 10)
#define PROCESS_ERR_MAX ((size_t)4 << 10)

static void set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl >= 0)
		fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

/*
 * Run 'cmd' with /bin/sh -c, stdout into 'out' (capped: over the cap the
 * child is killed and '*too_big' set), the start of stderr into 'errs'.
 * '*status' is the wait status. Returns 0 or IRREADY_EIO (no process).
 */
static int run_process(const char *cmd, struct strbuf *out, struct strbuf *errs,
		       int *status, int *too_big)
{
	int op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	struct pollfd pfd[2];
	char buf[4096];
	pid_t pid, w;
	int rc = 0, saved;

	*too_big = 0;
	if (pipe(op) || pipe(ep)) {
		rc = IRREADY_EIO;
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		set_cloexec(op[i]);
		set_cloexec(ep[i]);
	}
	pid = fork();
	if (pid < 0) {
		rc = IRREADY_EIO;
		goto out;
	}
	if (!pid) {
		/* the child: async-signal-safe calls only */
		if (dup2(op[1], 1) < 0 || dup2(ep[1], 2) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	op[1] = ep[1] = -1;
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				pfd[i].fd = -1;
				continue;
			}
			if (i == 1) {
				strbuf_add(errs, buf, (size_t)n);
			} else if (!*too_big &&
				   strbuf_add(out, buf, (size_t)n)) {
				*too_big = 1;
				kill(pid, SIGKILL);
			}
		}
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	while ((w = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0)
		rc = IRREADY_EIO; /* ECHILD: SIGCHLD ignored, status unknown */
out:
	saved = errno;
	for (int i = 0; i < 2; i++) {
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	errno = saved;
	return rc;
}

/*
 * How the command ended, as an error naming 's': over the output cap,
 * killed by a signal, or a non-zero exit (with stderr's first line).
 */
static int process_status(const struct creds_src *s, const struct strbuf *se,
			  int status, int too_big, struct aws_error *err)
{
	int rc = IRREADY_EIO;
	char line[200];

	if (too_big) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output over "
			      "%zu bytes",
			      s->profile, PROCESS_OUT_MAX);
		return rc;
	}
	creds_first_line(strbuf_str(se), line, sizeof(line));
	if (WIFSIGNALED(status)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): killed by "
			      "signal %d%s%s",
			      s->profile, WTERMSIG(status), *line ? ": " : "",
			      line);
		return rc;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): exited with "
			      "status %d%s%s",
			      s->profile,
			      WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			      *line ? ": " : "", line);
		return rc;
	}
	return 0;
}

/* The Version 1 JSON the command printed, into 'out'. */
static int process_json(const struct creds_src *s, const struct strbuf *so,
			struct aws_creds *out, struct aws_error *err)
{
	static const char *const names[4] = { "AccessKeyId", "SecretAccessKey",
					      "SessionToken", "Expiration" };
	cJSON *j = ajson_parse(so->buf, so->len);
	const cJSON *v;
	int rc = IRREADY_EPARSE;

	if (!j) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output is "
			      "not a JSON object",
			      s->profile);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "Version");
	if (!cJSON_IsNumber(v) || v->valuedouble != 1) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): unsupported "
			      "Version (only 1 is)",
			      s->profile);
		goto out;
	}
	if (creds_from_json(j, names, 0, "credential-process", out)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output "
			      "lacks AccessKeyId/SecretAccessKey or has a "
			      "malformed Expiration",
			      s->profile);
		goto out;
	}
	rc = 0;
out:
	if (j)
		creds_wipe_json(j);
	cJSON_Delete(j);
	return rc;
}

int creds_fetch_process(struct aws_creds_provider *p, struct creds_src *s,
			struct aws_creds *out, struct aws_error *err)
{
	struct strbuf so, se;
	int rc, status = 0, too_big;

	strbuf_init(&so, PROCESS_OUT_MAX);
	strbuf_init(&se, PROCESS_ERR_MAX);
	rc = run_process(s->command, &so, &se, &status, &too_big);
	if (rc)
		aws_error_set(err, IRREADY_EIO, "CredentialProcessError",
			      "profile '%s' (credential_process): cannot run "
			      "the command: %s",
			      s->profile, strerror(errno));
	if (!rc)
		rc = process_status(s, &se, status, too_big, err);
	if (!rc)
		rc = process_json(s, &so, out, err);
	creds_wipe_strbuf(&so);
	creds_wipe_strbuf(&se);
	return rc;
}
