/*
 * safefile.h -- reading files from trees irready did not write
 *
 * Replay recordings, policies (and what they extend) and evidence bundles
 * come from other people. A file in them is opened with
 * O_NOFOLLOW|O_NONBLOCK, so a symbolic link is refused and a FIFO cannot
 * block the open, then fstat()ed: only a regular file within the caller's
 * cap is read. Directory walks use lstat() and a depth cap.
 */
#ifndef SAFEFILE_H
#define SAFEFILE_H

#include "strbuf.h"

/*
 * Why a file could not be read, for messages: SAFEFILE_MISSING when it
 * does not exist, else a refusal.
 */
enum safefile_err {
	SAFEFILE_OK = 0,
	SAFEFILE_MISSING,   /* ENOENT / ENOTDIR */
	SAFEFILE_SYMLINK,   /* the last component is a symbolic link */
	SAFEFILE_SPECIAL,   /* a FIFO, device, socket or directory */
	SAFEFILE_TOO_LARGE, /* over sb->max */
	SAFEFILE_IO,        /* any other error */
};

/*
 * Append the regular file 'path' to 'sb' (capped by sb->max, checked
 * against st_size before reading and while reading). Returns 0, or
 * IRREADY_EIO / IRREADY_ENOMEM (too large) with '*why' (may be NULL) saying
 * which.
 */
int safefile_read(struct strbuf *sb, const char *path, enum safefile_err *why);
/*
 * safefile_read() of 'path' relative to the directory 'dirfd' (as
 * openat(2); AT_FDCWD is safefile_read()). Only the last component is
 * refused as a link: the caller vets the others.
 */
int safefile_read_at(struct strbuf *sb, int dirfd, const char *path,
		     enum safefile_err *why);
/* "is a symbolic link", ... for 'why'. */
const char *safefile_strerror(enum safefile_err why);

#endif
