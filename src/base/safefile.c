/*
 * safefile.c -- reading files from trees irready did not write (see
 * safefile.h)
 */
#include "safefile.h"
#include "irready.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

const char *safefile_strerror(enum safefile_err why)
{
	switch (why) {
	case SAFEFILE_OK:
		return "is fine";
	case SAFEFILE_MISSING:
		return "does not exist";
	case SAFEFILE_SYMLINK:
		return "is a symbolic link";
	case SAFEFILE_SPECIAL:
		return "is not a regular file";
	case SAFEFILE_TOO_LARGE:
		return "is too large";
	case SAFEFILE_IO:
		break;
	}
	return "cannot be read";
}

int safefile_read(struct strbuf *sb, const char *path, enum safefile_err *why)
{
	enum safefile_err w = SAFEFILE_OK;
	struct stat st;
	char tmp[65536];
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		w = errno == ENOENT || errno == ENOTDIR ? SAFEFILE_MISSING
		    : errno == ELOOP                    ? SAFEFILE_SYMLINK
		    : errno == ENXIO                    ? SAFEFILE_SPECIAL
							: SAFEFILE_IO;
		rc = IRREADY_EIO;
		goto out;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		w = SAFEFILE_SPECIAL;
		rc = IRREADY_EIO;
		goto out;
	}
	if (sb->max && (size_t)st.st_size > sb->max) {
		w = SAFEFILE_TOO_LARGE;
		rc = IRREADY_ENOMEM;
		goto out;
	}
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		rc = strbuf_add(sb, tmp, (size_t)n);
		if (rc) {
			w = SAFEFILE_TOO_LARGE;
			goto out;
		}
	}
	if (n < 0) {
		w = SAFEFILE_IO;
		rc = IRREADY_EIO;
	}
out:
	if (fd >= 0)
		close(fd);
	if (why)
		*why = w;
	return rc;
}
