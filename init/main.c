/*
 * vzhost PID 1: mounts, configuration (cmdline, seed, data disk),
 * host name, network, services; then supervises until shutdown.
 * Every boot step logs its problems and the boot goes on: PID 1 never
 * exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "bootopt.h"
#include "cmdline.h"
#include "cgroup.h"
#include "base/file.h"
#include "identity.h"
#include "base/exit.h"
#include "base/log.h"
#include "loop.h"
#include "node/consolefile.h"
#include "base/monotime.h"
#include "mounts.h"
#include "network.h"
#include "paths.h"
#include "printk.h"
#include "provision.h"
#include "vzetc.h"
#include "rootmove.h"
#include "rootpw.h"
#include "services.h"
#include "settings.h"
#include "storage.h"
#include "supervise.h"
#include "swap.h"
#include "sysctl.h"

static struct services services;
static struct storage storage;
static struct nodeconf nodeconf;
static struct settings settings;

static void cmdline_load(struct bootopt *opt)
{
	char buf[CMDLINE_MAX + 2];
	ssize_t n = -1;
	int fd;

	memset(opt, 0, sizeof *opt);
	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf);
		close(fd);
	}
	if (n < 0) {
		log_error("cmdline: /proc/cmdline: %s; using defaults", strerror(errno));
		return;
	}
	bootopt_parse(buf, (size_t)n, opt, &log_report_warn);
}

static void kernel_setup(void)
{
	if (file_write_string("/proc/sys/kernel/printk_devkmsg", "on\n") < 0)
		log_warn("/proc/sys/kernel/printk_devkmsg: %s; init messages may be rate-limited",
			 strerror(errno));
	if (reboot(RB_DISABLE_CAD) < 0)
		log_warn("reboot(RB_DISABLE_CAD): %s", strerror(errno));
}

/* The console service's ports and menu setting (vzhost-login reads them). */
static void console_publish(const struct settings *st)
{
	struct console_file cf = { st->node.console, st->node.console_menu };
	char text[CONSOLE_FILE_MAX];
	int len = console_file_format(&cf, text, sizeof text);

	if (len < 0 || file_write_atomic(CONSOLE_FILE, text, (size_t)len, 0644) < 0)
		log_error("%s: %s", CONSOLE_FILE, strerror(errno));
}

/* The web service's settings, certificate and admin hash (vzwebd reads them). */
static void web_publish(const struct settings *st)
{
	static char text[CONF_FILE_MAX];
	int len = nodeconf_format_web(&st->node, &nodeconf, text, sizeof text);

	if (len < 0 || file_write_atomic(WEB_CONF_FILE, text, (size_t)len, 0600) < 0)
		log_error("%s: %s", WEB_CONF_FILE, strerror(errno));
}

static void services_setup(const struct settings *st, int net_dhcp)
{
	static char speed[16], ring[16];

	snprintf(speed, sizeof speed, "%u", st->node.console.port[0].speed);
	snprintf(ring, sizeof ring, "%d", CONFIG_LOG_RING_KB);
	services.vars[SVC_VAR_IFACE] = st->iface;
	services.vars[SVC_VAR_CONSOLE_DEVICE] = st->node.console.port[0].device;
	services.vars[SVC_VAR_CONSOLE_SPEED] = speed;
	services.vars[SVC_VAR_LOG_RING_KB] = ring;
	services.net_dhcp = net_dhcp;
	services_load(&services, SERVICES_DIR);
	services_start_all(&services, monotime_ms());
}

int main(void)
{
	struct bootopt opt;
	sigset_t all;

	if (getpid() != 1) {
		fprintf(stderr, "init: must run as process 1 (the kernel starts it)\n");
		return EXIT_USAGE;
	}
	rootmove_setup();
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	stdio_setup();
	mounts_setup();
	stdio_setup();
	kernel_setup();
	sysctl_setup();
	log_info("vzhost init starting (board %s)", CONFIG_BOARD);
	cgroup_setup();
	cmdline_load(&opt);
	storage_setup(&storage, &opt);
	provision_load(&storage, &nodeconf);
	settings_merge(&settings, &nodeconf, &opt);
	swap_setup(&settings.node);
	rootpw_setup(&storage, &nodeconf);
	vzetc_setup(&storage);
	identity_setup(settings.node.hostname);
	console_publish(&settings);
	web_publish(&settings);
	services_setup(&settings, network_setup(&settings));
	printk_console_apply(&settings.node);
	loop_run(&services);
}
