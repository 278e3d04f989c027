/*
 * srcdir.h -- find the repository root, and ../shared beside it, from a
 * test binary
 *
 * Tests run from any working directory: the root is $IRREADY_SRCDIR when
 * set, else the first directory holding checks/checks.def above the test
 * binary (/proc/self/exe), else above the working directory. ../shared
 * (the botocore captures) is optional: test_shared_dir() returns NULL when
 * it is absent, and the caller prints SKIPs that say so.
 */
#ifndef SRCDIR_H
#define SRCDIR_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int srcdir_is_root(const char *dir)
{
	char p[PATH_MAX + 32];
	struct stat st;

	snprintf(p, sizeof(p), "%s/checks/checks.def", dir);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Walk up from 'start' (modified in place); 1 when a root was found. */
static int srcdir_walk_up(char *start)
{
	for (;;) {
		char *slash;

		if (srcdir_is_root(start))
			return 1;
		slash = strrchr(start, '/');
		if (!slash || slash == start)
			return 0;
		*slash = '\0';
	}
}

/* The repository root as an absolute path (static storage), or NULL. */
static inline const char *test_srcdir(void)
{
	static char root[PATH_MAX];
	const char *env = getenv("IRREADY_SRCDIR");
	ssize_t n;

	if (root[0])
		return root;
	if (env && *env && realpath(env, root) && srcdir_is_root(root))
		return root;
	n = readlink("/proc/self/exe", root, sizeof(root) - 1);
	if (n > 0) {
		root[n] = '\0';
		if (srcdir_walk_up(root))
			return root;
	}
	if (getcwd(root, sizeof(root)) && srcdir_walk_up(root))
		return root;
	root[0] = '\0';
	return NULL;
}

/*
 * The directory <root>/../shared/<sub> (static storage), or NULL when
 * ../shared is absent.
 */
static inline const char *test_shared_dir(const char *sub)
{
	static char dir[PATH_MAX + 64];
	const char *root = test_srcdir();
	struct stat st;

	if (!root)
		return NULL;
	snprintf(dir, sizeof(dir), "%s/../shared/%s", root, sub);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

#endif
