#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/log.h"
#include "base/monotime.h"
#include "loop.h"
#include "netproc.h"

#define NETPROC_DELAY_MIN_MS 1000
#define NETPROC_DELAY_MAX_MS 30000
#define NETPROC_STABLE_MS 60000
#define NETPROC_RESTART_DELAY_MS 2000	/* the answer that asked for it reaches its client first */

struct netproc_msg {
	struct netproc_msg *next;
	int fd;
	size_t len;
	unsigned char buf[];
};

static struct {
	const struct netproc_hooks *hooks;
	int fd443, fd80;
	int sock, pidfd, timer;
	pid_t pid;
	int64_t started;
	int delay_ms;
	int restart_asked;		/* kill the running net when the timer fires */
	struct netproc_msg *head, **tail;
	size_t queued;
	struct wire_out out;		/* a queued message on its way */
	unsigned char in[WIRE_MSG_MAX];
} np = { .sock = -1, .pidfd = -1, .timer = -1 };

static void netproc_spawn(void);

static void queue_drop(void)
{
	struct netproc_msg *m;

	while ((m = np.head)) {
		np.head = m->next;
		if (m->fd >= 0)
			close(m->fd);
		free(m);
	}
	np.tail = &np.head;
	np.queued = 0;
}

static void netproc_kill(const char *why)
{
	if (np.pid <= 0)
		return;
	log_warn("net process %d: %s; killing it", (int)np.pid, why);
	syscall(SYS_pidfd_send_signal, np.pidfd, SIGKILL, NULL, 0);
}

static void netproc_want_out(int want)
{
	if (np.sock >= 0)
		loop_mod(np.sock, EPOLLIN | (want ? EPOLLOUT : 0));
}

/* Sends what is queued, in order, while net takes it. */
static void queue_flush(void)
{
	struct netproc_msg *m;

	while ((m = np.head)) {
		memcpy(np.out.buf, m->buf, m->len);
		np.out.len = m->len;
		np.out.failed = 0;
		if (wire_send(np.sock, &np.out, m->fd) < 0) {
			if (errno != EAGAIN)
				netproc_kill(strerror(errno));
			break;
		}
		np.head = m->next;
		np.queued -= m->len;
		if (m->fd >= 0)
			close(m->fd);
		free(m);
	}
	if (!np.head)
		np.tail = &np.head;
	netproc_want_out(np.head != NULL);
}

static int queue_add(const struct wire_out *o, int fd)
{
	struct netproc_msg *m;

	if (np.queued + o->len > NETPROC_QUEUE_MAX) {
		netproc_kill("it stopped reading its messages");
		return -1;
	}
	m = malloc(sizeof *m + o->len);
	if (!m)
		return -1;
	m->fd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : -1;
	if (fd >= 0 && m->fd < 0) {
		free(m);
		return -1;
	}
	m->next = NULL;
	m->len = o->len;
	memcpy(m->buf, o->buf, o->len);
	*np.tail = m;
	np.tail = &m->next;
	np.queued += o->len;
	netproc_want_out(1);
	return 0;
}

int netproc_send(const struct wire_out *o, int fd)
{
	if (np.sock < 0 || o->failed) {
		errno = o->failed ? EMSGSIZE : ENOTCONN;
		return -1;
	}
	if (!np.head && wire_send(np.sock, o, fd) == 0)
		return 0;
	if (np.head || errno == EAGAIN)
		return queue_add(o, fd);
	netproc_kill(strerror(errno));
	return -1;
}

static void netproc_on_sock(void *arg, uint32_t events)
{
	struct wire_msg m;
	const char *why;
	long n;
	int fd;

	if (events & EPOLLOUT)
		queue_flush();
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = wire_recv(np.sock, np.in, &fd);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n <= 0) {
		if (n < 0 && errno == EMSGSIZE) {
			netproc_kill("it sent a message too long or with too many descriptors");
			return;
		}
		loop_del(np.sock);
		close(np.sock);
		np.sock = -1;
		return;
	}
	why = wire_parse(np.in, (size_t)n, &m);
	if (why) {
		if (fd >= 0)
			close(fd);
		netproc_kill(why);
		return;
	}
	np.hooks->message(&m, fd);
}

static void netproc_timer_arm(int ms)
{
	struct itimerspec t = { .it_value = { ms / 1000, (long)(ms % 1000) * 1000000 } };

	timerfd_settime(np.timer, 0, &t, NULL);
}

static void netproc_on_exit(void *arg, uint32_t events)
{
	siginfo_t si = { 0 };
	int64_t ran = monotime_ms() - np.started;

	waitid(P_PIDFD, (id_t)np.pidfd, &si, WEXITED | WNOHANG);
	if (si.si_code == CLD_EXITED)
		log_warn("net process %d exited with status %d", (int)np.pid, si.si_status);
	else
		log_warn("net process %d killed by signal %d", (int)np.pid, si.si_status);
	loop_del(np.pidfd);
	close(np.pidfd);
	np.pidfd = -1;
	np.pid = 0;
	if (np.sock >= 0) {
		loop_del(np.sock);
		close(np.sock);
		np.sock = -1;
	}
	queue_drop();
	np.hooks->reset();
	if (ran >= NETPROC_STABLE_MS)
		np.delay_ms = NETPROC_DELAY_MIN_MS;
	log_info("starting a new net process in %d ms", np.delay_ms);
	netproc_timer_arm(np.delay_ms);
	np.delay_ms = np.delay_ms * 2 > NETPROC_DELAY_MAX_MS ? NETPROC_DELAY_MAX_MS : np.delay_ms * 2;
}

static void netproc_on_timer(void *arg, uint32_t events)
{
	uint64_t n;

	if (read(np.timer, &n, sizeof n) != (ssize_t)sizeof n)
		return;
	if (np.restart_asked && np.pid > 0) {
		np.restart_asked = 0;
		np.delay_ms = NETPROC_DELAY_MIN_MS;
		syscall(SYS_pidfd_send_signal, np.pidfd, SIGTERM, NULL, 0);
		return;
	}
	if (np.pid == 0)
		netproc_spawn();
}

/* fd at number to (not close-on-exec), or -1 if fd is -1. */
static int fd_place(int fd, int to)
{
	if (fd < 0)
		return -1;
	if (fd == to)
		return fcntl(fd, F_SETFD, 0) < 0 ? -1 : to;
	return dup2(fd, to);
}

/*
 * The child: a fresh image of this program (execve, so nothing of priv's
 * memory, its keys, sessions or tokens, reaches net) with its end of the
 * pair on fd 3 and the listeners on 4 and 5; it dies with priv.
 */
static void netproc_child(int sock)
{
	char a443[12], a80[12];
	sigset_t none;
	int s, l443, l80;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(111);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	s = fcntl(sock, F_DUPFD_CLOEXEC, 10);
	l443 = np.fd443 >= 0 ? fcntl(np.fd443, F_DUPFD_CLOEXEC, 10) : -1;
	l80 = np.fd80 >= 0 ? fcntl(np.fd80, F_DUPFD_CLOEXEC, 10) : -1;
	if (s < 0 || fd_place(s, 3) != 3)
		_exit(111);
	l443 = fd_place(l443, 4);
	l80 = fd_place(l80, 5);
	snprintf(a443, sizeof a443, "%d", l443);
	snprintf(a80, sizeof a80, "%d", l80);
	execl("/proc/self/exe", "vzwebd", "--net", "3", a443, a80, (char *)NULL);
	_exit(127);
}

static void netproc_spawn(void)
{
	int sv[2], flags;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		log_error("net process: socketpair: %s", strerror(errno));
		netproc_timer_arm(np.delay_ms);
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		netproc_child(sv[1]);
	}
	close(sv[1]);
	np.pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pid < 0 || np.pidfd < 0) {
		log_error("net process: fork: %s", strerror(errno));
		close(sv[0]);
		netproc_timer_arm(np.delay_ms);
		return;
	}
	flags = fcntl(sv[0], F_GETFL);
	fcntl(sv[0], F_SETFL, flags | O_NONBLOCK);
	np.sock = sv[0];
	np.pid = pid;
	np.started = monotime_ms();
	loop_add(np.pidfd, EPOLLIN, netproc_on_exit, NULL);
	loop_add(np.sock, EPOLLIN, netproc_on_sock, NULL);
	log_info("net process %d started", (int)pid);
}

int netproc_start(int fd443, int fd80, const struct netproc_hooks *hooks)
{
	np.hooks = hooks;
	np.fd443 = fd443;
	np.fd80 = fd80;
	np.tail = &np.head;
	np.delay_ms = NETPROC_DELAY_MIN_MS;
	np.timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (np.timer < 0 || loop_add(np.timer, EPOLLIN, netproc_on_timer, NULL) < 0)
		return -1;
	netproc_spawn();
	return 0;
}

int netproc_pid(void)
{
	return np.pid;
}

void netproc_restart(void)
{
	np.restart_asked = 1;
	netproc_timer_arm(NETPROC_RESTART_DELAY_MS);
}

void netproc_stop(void)
{
	if (np.pid > 0)
		syscall(SYS_pidfd_send_signal, np.pidfd, SIGKILL, NULL, 0);
	np.pid = 0;
}
