/*
 * vzwebd: the node's HTTPS web UI and REST API (docs/web.md, docs/api.md,
 * docs/web-design.md). This process is priv, root: it reads the web
 * settings init published, makes or loads the TLS key and certificate,
 * opens the listening sockets, starts the unprivileged net process (and
 * starts it again when it dies), and runs the loop that answers net's
 * requests, runs tasks, follows changes and samples statistics.
 *
 *   vzwebd              priv (the service init supervises)
 *   vzwebd --net 3 A B  net, executed by priv: its socket on 3, listeners A and B
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "base/exit.h"
#include "base/log.h"
#include "priv/api_task.h"
#include "priv/auth.h"
#include "priv/ctstate.h"
#include "priv/dispatch.h"
#include "priv/events.h"
#include "priv/loop.h"
#include "priv/netproc.h"
#include "priv/nodeinfo.h"
#include "priv/priv.h"
#include "priv/stats.h"
#include "priv/task.h"
#include "priv/tlskey.h"
#include "priv/watch.h"
#include "priv/webconf.h"

#define LISTEN_BACKLOG 256

static int sig_fd = -1, tick_fd = -1;

/* A listening socket on addr:port (non-blocking: net accepts from epoll). */
static int listen_on(uint32_t addr, unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				  .sin_addr = { htonl(addr) } };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
	char text[INET_ADDRSTRLEN];

	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
	    setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof one) == 0 &&
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, LISTEN_BACKLOG) == 0)
		return fd;
	inet_ntop(AF_INET, &sa.sin_addr, text, sizeof text);
	log_error("listen on %s:%u: %s", text, port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The fingerprint where the operator at the serial console sees it. */
static void fingerprint_show(const struct web_listen *l)
{
	FILE *con = fopen("/dev/console", "we");

	log_info("https on port %u, certificate SHA-256 fingerprint %s", l->port,
		 tlskey_fingerprint());
	if (!con)
		return;
	fprintf(con, "vzwebd: web UI on https port %u; certificate SHA-256 fingerprint:\n"
		     "vzwebd:   %s\n", l->port, tlskey_fingerprint());
	fclose(con);
}

static void on_signal(void *arg, uint32_t events)
{
	struct signalfd_siginfo si;

	while (read(sig_fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			log_info("stopping (signal %u); tasks go on in their workers", si.ssi_signo);
			loop_stop();
		}
	}
}

/* One second's housekeeping; every STATS_PERIOD_S, a sampling round. */
static void on_tick(void *arg, uint32_t events)
{
	static unsigned ticks;
	uint64_t n;

	if (read(tick_fd, &n, sizeof n) != (ssize_t)sizeof n)
		return;
	auth_tick();
	api_task_tick();
	watch_tick();
	if (ticks++ % STATS_PERIOD_S)
		return;
	stats_sample();
	ctstate_refresh_all();
	nodeinfo_services_poll();
	stats_event();
}

static int signals_setup(void)
{
	struct itimerspec second = { { 1, 0 }, { 1, 0 } };
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	tick_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (sig_fd < 0 || tick_fd < 0 || timerfd_settime(tick_fd, 0, &second, NULL) < 0 ||
	    loop_add(sig_fd, EPOLLIN, on_signal, NULL) < 0 ||
	    loop_add(tick_fd, EPOLLIN, on_tick, NULL) < 0)
		return -1;
	return 0;
}

static int dirs_setup(void)
{
	if ((mkdir(WEB_DIR, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(WEB_RUN_DIR, 0700) < 0 && errno != EEXIST)) {
		log_error("%s, %s: %s", WEB_DIR, WEB_RUN_DIR, strerror(errno));
		return -1;
	}
	return 0;
}

static int priv_main(void)
{
	const struct nodeconf *conf;
	const struct web_listen *l;
	int fd443, fd80 = -1;

	log_open("vzwebd");
	umask(077);
	conf = webconf_load();
	if (!conf->node.web) {
		log_info("the web service is off (WEB=off)");
		return EXIT_OK;
	}
	l = &conf->node.web_listen;
	if (dirs_setup() < 0 || tlskey_init(conf->web_tls_cert, conf->web_tls_key) < 0)
		return EXIT_ERROR;
	fd443 = listen_on(l->addr, l->port);
	if (fd443 < 0)
		return EXIT_ERROR;
	if (l->port == 443)
		fd80 = listen_on(l->addr, 80);
	fingerprint_show(l);
	if (loop_init() < 0 || signals_setup() < 0 || auth_init() < 0) {
		log_error("cannot start: %s", strerror(errno));
		return EXIT_ERROR;
	}
	events_init();
	if (task_init(api_task_done) < 0)
		log_error("%s: %s; tasks are not kept", TASK_DIR, strerror(errno));
	if (watch_init() < 0)
		log_error("inotify: %s; changes made outside the API are seen only every %d s",
			  strerror(errno), STATS_PERIOD_S);
	ctstate_init();
	if (netproc_start(fd443, fd80, &dispatch_hooks) < 0) {
		log_error("net process: %s", strerror(errno));
		return EXIT_ERROR;
	}
	loop_run(NULL);
	netproc_stop();
	return EXIT_OK;
}

/* vzwebd --net 3 FD443 FD80 */
static int net_main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "vzwebd: --net is started by vzwebd itself\n");
		return EXIT_USAGE;
	}
	return web_net_main(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
}

int main(int argc, char **argv)
{
	/* No transparent huge pages for either process (net inherits it):
	   their fixed tables span aligned 2 MiB ranges of the bss, and with
	   the kernel's "always" policy the first byte written in one takes a
	   whole huge page (idle priv was 2 MiB resident for 400 KiB used).
	   Containers started from a task get the node's policy back
	   (lib/ct/ns.c). */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	if (argc > 1 && !strcmp(argv[1], "--net"))
		return net_main(argc, argv);
	if (argc > 1) {
		fprintf(stderr, "usage: vzwebd (started by init as the vzwebd service)\n");
		return EXIT_USAGE;
	}
	return priv_main();
}
