/*
 * The net process's sandbox, entered once, in this order: the user's ids
 * read while /etc/passwd is still in reach; chroot into the UI directory;
 * supplementary groups, gid and uid dropped for good (which also drops
 * every capability); no core dumps, not dumpable, no file writes; no new
 * privileges; then the seccomp filter, last, since the calls before it
 * are ones it refuses.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "netd.h"

static int sandbox_fail(char *err, size_t size, const char *what)
{
	snprintf(err, size, "%s: %s", what, strerror(errno));
	return -1;
}

static int sandbox_limits(char *err, size_t size)
{
	struct rlimit zero = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &zero) < 0 || setrlimit(RLIMIT_FSIZE, &zero) < 0 ||
	    setrlimit(RLIMIT_NPROC, &zero) < 0)
		return sandbox_fail(err, size, "resource limits");
	return 0;
}

int sandbox_enter(const char *root, const char *user, char *err, size_t size)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;
	char what[160];

	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		snprintf(err, size, "user %s: %s", user, errno ? strerror(errno) : "not in /etc/passwd");
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0 || gid == 0) {
		snprintf(err, size, "user %s: has uid or gid 0", user);
		return -1;
	}
	snprintf(what, sizeof what, "chroot %s", root);
	if (chroot(root) < 0 || chdir("/") < 0)
		return sandbox_fail(err, size, what);
	snprintf(what, sizeof what, "dropping to user %s (%u:%u)", user, (unsigned)uid,
		 (unsigned)gid);
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
		return sandbox_fail(err, size, what);
	if (setuid(0) == 0 || setgid(0) == 0) {
		snprintf(err, size, "%s: root could be regained", what);
		return -1;
	}
	if (sandbox_limits(err, size) < 0)
		return -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sandbox_fail(err, size, "prctl");
	return seccomp_install(err, size);
}
