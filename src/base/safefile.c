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

/*
 * Read 'fd' to its end straight into 'sb', which has room for the size
 * fstat() gave (one read, and one more to see the end); a file that grew
 * since is still capped by sb->max. 0, or IRREADY_ENOMEM / IRREADY_EIO.
 */
static int read_all(struct strbuf *sb, int fd, enum safefile_err *w)
{
	for (;;) {
		size_t room = sb->alloc - sb->len - 1;
		char probe, *dst = sb->buf + sb->len;
		ssize_t n;

		if (sb->max && room > sb->max - sb->len)
			room = sb->max - sb->len;
		if (!room && sb->max && sb->len >= sb->max) {
			/* at the cap: any byte more is one too many */
			dst = &probe;
			room = 1;
		} else if (!room) {
			size_t more = 65536;

			if (sb->max && more > sb->max - sb->len)
				more = sb->max - sb->len;
			if (strbuf_reserve(sb, more)) {
				*w = SAFEFILE_TOO_LARGE;
				return IRREADY_ENOMEM;
			}
			continue;
		}
		n = read(fd, dst, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*w = SAFEFILE_IO;
			return IRREADY_EIO;
		}
		if (!n)
			return 0;
		if (dst == &probe) {
			*w = SAFEFILE_TOO_LARGE;
			return IRREADY_ENOMEM;
		}
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
	}
}

int safefile_read(struct strbuf *sb, const char *path, enum safefile_err *why)
{
	return safefile_read_at(sb, AT_FDCWD, path, why);
}

int safefile_read_at(struct strbuf *sb, int dirfd, const char *path,
		     enum safefile_err *why)
{
	enum safefile_err w = SAFEFILE_OK;
	struct stat st;
	int fd, rc = 0;

	fd = openat(dirfd, path,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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
	/* the whole file and its NUL: read(2) straight into the buffer */
	if (strbuf_reserve(sb, (size_t)st.st_size)) {
		w = SAFEFILE_TOO_LARGE;
		rc = IRREADY_ENOMEM;
		goto out;
	}
	sb->buf[sb->len] = '\0';
	rc = read_all(sb, fd, &w);
out:
	if (fd >= 0)
		close(fd);
	if (why)
		*why = w;
	return rc;
}
