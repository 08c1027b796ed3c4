/*
 * vzmenu: the console menu for a serial line (docs/consoles.md). Lists the
 * containers with state, host name and IP; a number attaches to that
 * container's console until Esc then .; s starts a host shell, r redraws,
 * q logs out. Plain text for a dumb 80x24 terminal; unknown input is
 * ignored with a hint, so line noise only redraws the menu.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console_client.h"
#include "file.h"
#include "vzconf.h"

#define CTS_MAX 18	/* rows that fit on 24 lines with the header and prompt */
#define CT_RUN_DIR "/run/vzhost/ct"

struct ct_row {
	unsigned ctid;
	int running;
	char hostname[32], ip[40];
};

static void to_stdout(void *ctx, const char *msg)
{
	printf("vzmenu: %s\n", msg);
}

static int ct_running(unsigned ctid)
{
	char path[64], text[32];
	long pid;

	snprintf(path, sizeof path, CT_RUN_DIR "/%u.pid", ctid);
	if (file_read(path, text, sizeof text) < 0)
		return 0;
	pid = strtol(text, NULL, 10);
	return pid > 1 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static void ct_row_load(struct ct_row *r, unsigned ctid)
{
	struct report quiet = { 0 };
	struct vzconf c;
	char path[64];
	const char *v;

	memset(r, 0, sizeof *r);
	r->ctid = ctid;
	r->running = ct_running(ctid);
	snprintf(path, sizeof path, VZCONF_CT_DIR "/%u.conf", ctid);
	vzconf_init(&c, path);
	if (vzconf_load(&c, path, &quiet) == 0) {
		v = vzconf_get(&c, "HOSTNAME");
		snprintf(r->hostname, sizeof r->hostname, "%s", v ? v : "-");
		v = vzconf_get(&c, "IP_ADDRESS");
		snprintf(r->ip, sizeof r->ip, "%s", v && *v ? v : "-");
		r->ip[strcspn(r->ip, " ")] = 0;
	}
	vzconf_free(&c);
}

static int ct_cmp(const void *a, const void *b)
{
	const struct ct_row *x = a, *y = b;

	return x->ctid < y->ctid ? -1 : x->ctid > y->ctid;
}

static size_t cts_list(struct ct_row *rows)
{
	DIR *d = opendir(VZCONF_CT_DIR);
	struct dirent *e;
	unsigned long id;
	char *end;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < CTS_MAX) {
		id = strtoul(e->d_name, &end, 10);
		if (id && id <= 2147483647ul && !strcmp(end, ".conf"))
			ct_row_load(&rows[n++], (unsigned)id);
	}
	closedir(d);
	qsort(rows, n, sizeof *rows, ct_cmp);
	return n;
}

/* The last warning or error the kernel log holds, for the status line. */
static void kmsg_last_warning(char *out, size_t size)
{
	char rec[1024], *msg;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), i;
	ssize_t n;

	out[0] = 0;
	if (fd < 0)
		return;
	for (i = 0; i < 100000 && (n = read(fd, rec, sizeof rec - 1)) > 0; i++) {
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (msg && atoi(rec) % 8 <= 4) {
			msg[strcspn(msg, "\n")] = 0;
			snprintf(out, size, "%s", msg + 1);
		}
	}
	close(fd);
}

static void menu_draw(const struct ct_row *rows, size_t n)
{
	char host[64] = "", warn[74];
	size_t i;

	gethostname(host, sizeof host - 1);
	printf("\r\n== vzhost %s: containers ==\r\n", host);
	printf("  NO  CTID        STATE    HOSTNAME                 IP\r\n");
	for (i = 0; i < n; i++)
		printf("  %2zu  %-10u  %-7s  %-23.23s  %.20s\r\n", i + 1, rows[i].ctid,
		       rows[i].running ? "running" : "stopped", rows[i].hostname[0] ? rows[i].hostname : "-",
		       rows[i].ip[0] ? rows[i].ip : "-");
	if (!n)
		printf("  (no containers in " VZCONF_CT_DIR ")\r\n");
	kmsg_last_warning(warn, sizeof warn);
	if (warn[0])
		printf("  last warning: %s\r\n", warn);
	printf("NO: attach (Esc . returns)  s: host shell  r: refresh  q: logout\r\n");
}

static void host_shell(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		setenv("VZMENU_SHELL", "1", 1);
		execl("/bin/sh", "-sh", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
}

static void choose(const char *line, const struct ct_row *rows, size_t n)
{
	struct report rep = { .fn = to_stdout };
	unsigned long i;
	char *end;

	i = strtoul(line, &end, 10);
	if (end == line || *end || i < 1 || i > n) {
		printf("? type a number from the list, s, r or q\r\n");
		return;
	}
	fflush(stdout);
	console_attach(rows[i - 1].ctid, 0, 1, 0, &rep);
}

int main(void)
{
	struct ct_row rows[CTS_MAX];
	char line[64];
	size_t n, len;

	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	n = cts_list(rows);
	menu_draw(rows, n);
	for (;;) {
		printf("vzmenu> ");
		fflush(stdout);
		if (!fgets(line, sizeof line, stdin))
			return 0;
		len = strcspn(line, "\r\n");
		if (line[len] == 0 && len == sizeof line - 1) {
			while (fgets(line, sizeof line, stdin) && !strchr(line, '\n'))
				;
			continue;
		}
		line[len] = 0;
		if (!strcmp(line, "q"))
			return 0;
		if (!strcmp(line, "s"))
			host_shell();
		else if (line[0] && strcmp(line, "r"))
			choose(line, rows, n);
		n = cts_list(rows);
		menu_draw(rows, n);
	}
}
