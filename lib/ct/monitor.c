#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/trace.h"
#include "base/fdpass.h"
#include "base/file.h"
#include "base/log.h"

/*
 * vzmon: the parent of one container's init. The console is the slave the
 * console holder gives (lib/console/client.h; vzctl start fetches it and
 * hands it over on the ready socket, lib/ct/start.c); without a holder the
 * monitor makes a pty itself and keeps the last output in
 * /run/vzhost/ct/CTID.console. It starts the init in new namespaces,
 * restarts it when it rebooted (killed by SIGHUP from reboot(2) in its pid
 * namespace) and cleans up when it stopped.
 */

/* The rest (mount, uts, ipc, net, cgroup) the container's first process
   makes itself, from inside its cgroup (lib/ct/ns.c). */
#define CT_CLONE_FLAGS (CLONE_NEWUSER | CLONE_NEWPID)
#define CONSOLE_LOG_MAX 32768

struct monitor {
	struct ct *ct;
	uint64_t gen;		/* the instance's generation, from ct_start */
	int master, slave;	/* the console pty; slave kept so reads never see EOF */
	char console[64];	/* the slave's host path */
	int log_fd;		/* /run/vzhost/ct/CTID.console, the last output */
	pid_t init;
};

/* The slave must be the container root's, or its init cannot open it. */
static int console_own(struct monitor *m)
{
	if (fchown(m->slave, m->ct->uid_base, m->ct->gid_base + 5) < 0)
		return ct_fail(m->ct, "chown %s: %s", m->console, strerror(errno));
	return 0;
}

/* The slave's path in the node's /dev/pts: the container binds it by path
   (a bind mount's source must be in the caller's mount namespace, which
   /proc/self/fd/N of a passed descriptor is not). */
static int console_path(struct monitor *m)
{
	char link[64];
	struct stat a, b;
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", m->slave);
	n = readlink(link, m->console, sizeof m->console - 1);
	if (n <= 0 || (size_t)n >= sizeof m->console - 1)
		return -1;
	m->console[n] = 0;
	if (strncmp(m->console, "/dev/pts/", 9) || stat(m->console, &a) < 0 ||
	    fstat(m->slave, &b) < 0 || a.st_rdev != b.st_rdev)
		return -1;
	return 0;
}

/* The holder's slave as vzctl start hands it over on the ready socket
   (lib/ct/start.c): 'c' with the descriptor, 'n' when there is no holder. */
static int console_from_holder(struct monitor *m, int ready_fd)
{
	char tag = 0;
	int fd;

	if (fdpass_recv(ready_fd, &tag, &fd) < 0)
		return -1;
	if (tag != 'c' || fd < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	m->slave = fd;
	if (console_path(m) < 0) {
		close(m->slave);
		m->slave = -1;
		return -1;
	}
	return console_own(m);
}

static int console_open(struct monitor *m, int ready_fd)
{
	char path[64];

	if (console_from_holder(m, ready_fd) == 0)
		return 0;
	m->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m->master < 0 || grantpt(m->master) < 0 || unlockpt(m->master) < 0 ||
	    ptsname_r(m->master, m->console, sizeof m->console) != 0)
		return ct_fail(m->ct, "console pty: %s", strerror(errno));
	m->slave = open(m->console, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m->slave < 0)
		return ct_fail(m->ct, "%s: %s", m->console, strerror(errno));
	if (console_own(m) < 0)
		return -1;
	fcntl(m->master, F_SETFL, O_NONBLOCK);
	snprintf(path, sizeof path, "%s/%u.console", CT_RUN_DIR, m->ct->ctid);
	m->log_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	return 0;
}

static void console_drain(struct monitor *m)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(m->master, buf, sizeof buf)) > 0) {
		if (m->log_fd < 0)
			continue;
		if (lseek(m->log_fd, 0, SEEK_CUR) > CONSOLE_LOG_MAX) {
			if (ftruncate(m->log_fd, 0) < 0 || lseek(m->log_fd, 0, SEEK_SET) < 0)
				continue;
		}
		if (write(m->log_fd, buf, (size_t)n) < 0)
			continue;
	}
}

static int write_map(pid_t pid, const char *file, unsigned base)
{
	char path[64], text[64];

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	snprintf(text, sizeof text, "0 %u %u\n", base, CT_ID_RANGE);
	return file_write_string(path, text);
}

static void child_run(struct monitor *m, int sync_fd, int err_fd)
{
	static char path[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	static char container[] = "container=vzhost", term[] = "TERM=linux", home[] = "HOME=/root";
	static char init[] = "/sbin/init";
	char *const env[] = { path, container, term, home, NULL };
	char *const argv[] = { init, NULL };
	struct ct_child c = { m->ct->root, ct_get(m->ct, "HOSTNAME"), m->console, sync_fd, err_fd };
	char err[256];
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (ct_ns_enter_root(&c, err, sizeof err) == 0) {
		ct_trace("child: exec init");
		execve(argv[0], argv, env);
		snprintf(err, sizeof err, "exec /sbin/init: %s", strerror(errno));
	}
	if (write(err_fd, err, strlen(err)) < 0)
		_exit(127);
	_exit(127);
}

/*
 * The container's first process, in its namespaces and already in its
 * cgroup: clone3's CLONE_INTO_CGROUP puts it there as it is made, where a
 * write to cgroup.procs afterwards would migrate it, and a migration waits
 * for an RCU grace period (the biggest single cost of a start before).
 */
static pid_t monitor_clone(struct monitor *m)
{
	struct clone_args a;
	char dir[128];
	int cg;
	pid_t pid;

	if (ct_cgroup_path(m->ct->ctid, NULL, dir, sizeof dir) < 0) {
		errno = ENAMETOOLONG;
		return ct_fail(m->ct, "cgroup path too long");
	}
	cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg < 0)
		return ct_fail(m->ct, "%s: %s", dir, strerror(errno));
	memset(&a, 0, sizeof a);
	a.flags = CT_CLONE_FLAGS | CLONE_INTO_CGROUP;
	a.exit_signal = SIGCHLD;
	a.cgroup = (unsigned)cg;
	pid = (pid_t)syscall(SYS_clone3, &a, sizeof a);
	if (pid != 0)
		close(cg);
	if (pid < 0)
		return ct_fail(m->ct, "clone3 into %s: %s", dir, strerror(errno));
	return pid;
}

/* One byte from the child: it made its namespaces (0), or it failed (-1). */
static int child_step(int fd)
{
	char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

/* The cause the child wrote before it exited, into ct->error. */
static void child_failed(struct monitor *m, int errp)
{
	char err[256];
	ssize_t n = read(errp, err, sizeof err - 1);

	if (n <= 0)
		ct_fail(m->ct, "the container's setup ended early");
	else {
		err[n] = 0;
		ct_fail(m->ct, "%s", err);
	}
}

/*
 * Starts the init; 0 when it runs, -1 with the cause in ct->error. The
 * sync socket goes both ways: go (ids mapped), namespaces made, go
 * (networking set up); errp carries a failure and reaches EOF at exec.
 */
static int monitor_boot(struct monitor *m)
{
	int sync[2], errp[2];
	char err[256];
	ssize_t n;
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0 ||
	    pipe2(errp, O_CLOEXEC) < 0)
		return ct_fail(m->ct, "socketpair: %s", strerror(errno));
	child = monitor_clone(m);
	if (child < 0) {
		close(sync[0]);
		close(sync[1]);
		close(errp[0]);
		close(errp[1]);
		return -1;
	}
	if (child == 0) {
		close(sync[1]);
		close(errp[0]);
		child_run(m, sync[0], errp[1]);
	}
	close(sync[0]);
	close(errp[1]);
	ct_trace("vzmon: cloned");
	m->init = child;
	if (write_map(child, "uid_map", m->ct->uid_base) < 0 ||
	    write_map(child, "gid_map", m->ct->gid_base) < 0)
		ct_fail(m->ct, "uid/gid map: %s", strerror(errno));
	else if (ct_trace("vzmon: mapped"), write(sync[1], "g", 1) != 1 || child_step(sync[1]) < 0)
		child_failed(m, errp[0]);
	else if (ct_trace("vzmon: namespaces made"), ct_net_start(m->ct, child) < 0)
		;
	else if (ct_trace("vzmon: net up"), write(sync[1], "g", 1) == 1) {
		n = read(errp[0], err, sizeof err - 1);
		ct_trace("vzmon: child exec'd");
		close(sync[1]);
		close(errp[0]);
		if (n <= 0)
			return ct_state_write(m->ct->ctid, "pid", child) < 0
				       ? ct_fail(m->ct, "state file: %s", strerror(errno)) : 0;
		err[n] = 0;
		ct_fail(m->ct, "%s", err);
		goto fail;
	} else
		ct_fail(m->ct, "the container's setup: %s", strerror(errno));
	close(sync[1]);
	close(errp[0]);
fail:
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	m->init = 0;
	return -1;
}

/* Waits for the init to end; returns its wait status. */
static int monitor_wait(struct monitor *m, int sfd)
{
	struct pollfd p[2] = { { sfd, POLLIN, 0 }, { m->master, POLLIN, 0 } };
	nfds_t np = m->master >= 0 ? 2 : 1;
	struct signalfd_siginfo si;
	int status;

	for (;;) {
		if (poll(p, np, -1) < 0 && errno != EINTR)
			return 0;
		if (np == 2 && p[1].revents)
			console_drain(m);
		if (!(p[0].revents & POLLIN) || read(sfd, &si, sizeof si) != sizeof si)
			continue;
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			ct_cgroup_kill(m->ct);
			continue;
		}
		if (waitpid(m->init, &status, WNOHANG) == m->init) {
			ct_trace("vzmon: init ended");
			return status;
		}
	}
}

/* Undoes the start; the error that caused it stays in ct->error. */
static void monitor_cleanup(struct monitor *m)
{
	char cause[CT_ERR_MAX];

	memcpy(cause, m->ct->error, sizeof cause);
	if (ct_instance_end(m->ct, 0) < 0)
		log_warn("%s", m->ct->error);
	ct_trace("vzmon: cleanup done");
	memcpy(m->ct->error, cause, sizeof cause);
}

/*
 * The container's lock, however long its holder keeps it (a stop holds it
 * for up to STOP_TIMEOUT, and ends this instance itself meanwhile); who
 * holds it goes to the log every CT_LOCK_WAIT seconds. -1 if the lock
 * file cannot be used at all: the instance is then left for vzctl stop.
 */
static int monitor_lock(struct monitor *m)
{
	struct ct_lock_holder h;

	while (ct_lock_take(&m->ct->lock, m->ct->ctid, CT_LOCK_WAIT, &h) < 0) {
		if (errno != ETIMEDOUT) {
			log_error("CT %u: lock: %s", m->ct->ctid, strerror(errno));
			return -1;
		}
		if (h.pid)
			log_info("CT %u: waiting for its lock, held by %s (pid %d)",
				 m->ct->ctid, h.command, (int)h.pid);
		else
			log_info("CT %u: waiting for its lock", m->ct->ctid);
	}
	return 0;
}

/*
 * After the init ended: under the lock, and only while the container is
 * still this instance's (a stop, or a start that found the init gone,
 * may have ended it and begun another), a reboot starts the init again
 * and anything else ends the instance. 1 after a reboot, 0 when done.
 */
static int monitor_after_init(struct monitor *m, int status)
{
	if (monitor_lock(m) < 0)
		return 0;
	if (ct_generation(m->ct->ctid) != m->gen) {
		log_info("CT %u: ended by another command; leaving it alone", m->ct->ctid);
		return 0;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP) {
		log_info("CT %u rebooted; starting it again", m->ct->ctid);
		ct_cgroup_reset(m->ct);
		if (monitor_boot(m) == 0) {
			ct_lock_release(&m->ct->lock);
			return 1;
		}
		log_error("%s", m->ct->error);
	}
	monitor_cleanup(m);
	return 0;
}

static int monitor_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

int ct_monitor_run(struct ct *ct, int ready_fd, uint64_t gen)
{
	struct monitor m = { ct, gen, -1, -1, "", -1, 0 };
	int sfd;

	log_open("vzmon");
	ct->warn = &log_report_warn;
	sfd = monitor_signals();
	if (sfd < 0)
		return ct_fail(ct, "signalfd: %s", strerror(errno));
	ct_trace("vzmon: configs read, signals");
	if (console_open(&m, ready_fd) < 0)
		return -1;
	ct_trace("vzmon: console");
	if (ct_state_write(ct->ctid, "mon", getpid()) < 0)
		return ct_fail(ct, "state file: %s", strerror(errno));
	ct_trace("vzmon: state written");
	/* vzctl start holds the lock for this first boot and its failure */
	if (monitor_boot(&m) < 0) {
		monitor_cleanup(&m);
		return -1;
	}
	ct_trace("vzmon: init state written");
	if (write(ready_fd, "ok", 2) < 0 || close(ready_fd) < 0)
		ready_fd = -1;
	while (monitor_after_init(&m, monitor_wait(&m, sfd)))
		;
	ct_lock_release(&ct->lock);
	exit(0);
}
