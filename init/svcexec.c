#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "base/exit.h"
#include "base/log.h"
#include "base/spawn.h"
#include "svcexec.h"

#define SVC_GROUPS_MAX 32

struct creds {
	uid_t uid;
	gid_t gid;
	gid_t groups[SVC_GROUPS_MAX];
	int ngroups;
	char env_home[300];
	char env_user[48];
};

static int creds_lookup(const char *user, struct creds *c)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		if (!errno)
			errno = ENOENT;
		return -1;
	}
	c->uid = pw->pw_uid;
	c->gid = pw->pw_gid;
	c->ngroups = SVC_GROUPS_MAX;
	if (getgrouplist(user, pw->pw_gid, c->groups, &c->ngroups) < 0)
		c->ngroups = SVC_GROUPS_MAX;
	snprintf(c->env_home, sizeof c->env_home, "HOME=%s", pw->pw_dir);
	snprintf(c->env_user, sizeof c->env_user, "USER=%s", user);
	return 0;
}

static void child_fail(const char *what, const char *obj)
{
	dprintf(2, "%s %s: %s\n", what, obj, strerror(errno));
	_exit(EXIT_EXEC);
}

static void child_stdio(int out)
{
	int null;

	null = open("/dev/null", O_RDONLY | O_NOCTTY);
	if (null < 0)
		child_fail("open", "/dev/null");
	if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		child_fail("dup2", "stdio");
	if (null > 2)
		close(null);
	if (out > 2)
		close(out);
}

static void __attribute__((noreturn))
child_exec(char *const argv[], struct creds *c, int cgroup_fd, int out)
{
	static char path[] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
	char *env[] = { path, c->env_home, c->env_user, NULL };

	spawn_child_reset();
	child_stdio(out);
	if (setsid() < 0)
		child_fail("setsid", argv[0]);
	if (cgroup_fd >= 0 && write(cgroup_fd, "0", 1) < 0)
		child_fail("join cgroup for", argv[0]);
	umask(022);
	if (chdir("/") < 0)
		child_fail("chdir", "/");
	if (setgroups((size_t)c->ngroups, c->groups) < 0 || setgid(c->gid) < 0 ||
	    setuid(c->uid) < 0)
		child_fail("set credentials for", argv[0]);
	execve(argv[0], argv, env);
	child_fail("exec", argv[0]);
	_exit(EXIT_EXEC);
}

static pid_t svcexec_fork(struct service *svc, char *const argv[], struct creds *c)
{
	int pipefd[2], cgroup_fd;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	cgroup_fd = cgroup_service_open(svc->def.name);
	pid = fork();
	if (pid == 0)
		child_exec(argv, c, cgroup_fd, pipefd[1]);
	if (cgroup_fd >= 0)
		close(cgroup_fd);
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		return -1;
	}
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	svc->out_fd = pipefd[0];
	svc->out_len = 0;
	return pid;
}

pid_t svcexec_spawn(struct service *svc, const char *const vars[SVC_VAR_COUNT])
{
	char buf[SVC_CMD_MAX * 2], *argv[SVC_ARGV_MAX + 1];
	struct creds c;
	pid_t pid;

	if (svcdef_argv(&svc->def, vars, buf, sizeof buf, argv) < 0) {
		log_error("service %s: command too long after substitution", svc->def.name);
		return -1;
	}
	if (creds_lookup(svc->def.user, &c) < 0) {
		log_error("service %s: user %s: %s", svc->def.name, svc->def.user,
			  errno == ENOENT ? "no such user in /etc/passwd" : strerror(errno));
		return -1;
	}
	pid = svcexec_fork(svc, argv, &c);
	if (pid < 0)
		log_error("service %s: cannot start %s: %s", svc->def.name, argv[0],
			  strerror(errno));
	return pid;
}
