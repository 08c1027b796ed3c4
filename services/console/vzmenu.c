/*
 * vzmenu: the console menu for a serial line (docs/consoles.md). Lists the
 * containers with state, host name and IP; a number attaches to that
 * container's console until Esc then .; s starts a host shell, r redraws,
 * w lists the recent warnings of the kernel log, q logs out. Plain text for a dumb 80x24 terminal. Made for a lossy
 * line (serial-over-LAN): blanks around a choice are ignored; anything
 * else unknown, control characters or an overlong line gets a one-line
 * hint and no action, and an empty line just prompts again, so line noise
 * never floods the terminal with redraws. A hangup (SIGHUP, end of input
 * on a hung-up line) logs out; a ^D does not.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/exit.h"
#include "base/file.h"
#include "console/client.h"
#include "ct/info.h"
#include "node/nodeconf.h"

#define CTS_MAX 17	/* rows that fit on 24 lines with the header, notes and prompt */
#define LINE_MAX_IN 64
#define WARN_WIDTH 66	/* "  last warning: " and this fit in 80 columns */
#define WARNS_MAX 20	/* w: with its header and the prompt, on 24 lines */
#define BAD_LINES_MAX 1000	/* in a row: the line is dead or mad; log out */

struct ct_row {
	unsigned ctid;
	int running;
	char hostname[32], ip[40];
};

static void to_stdout(void *ctx, const char *msg)
{
	printf("vzmenu: %s\n", msg);
}

/* The menu's columns of one container's row (lib/ct/info.h). */
static void ct_row_load(struct ct_row *r, unsigned ctid)
{
	struct ct_info info;
	struct ct ct;

	memset(r, 0, sizeof *r);
	r->ctid = ctid;
	if (ct_open(&ct, ctid, 0) == 0 && ct_info_read(&ct, &info) == 0) {
		r->running = info.state == CT_STATE_RUNNING;
		snprintf(r->hostname, sizeof r->hostname, "%s", info.hostname ? info.hostname : "-");
		snprintf(r->ip, sizeof r->ip, "%s", info.ip && *info.ip ? info.ip : "-");
		r->ip[strcspn(r->ip, " ")] = 0;
	}
	ct_close(&ct);
}

/* The CTS_MAX lowest CTIDs into rows; *total gets how many there are. */
static size_t cts_list(struct ct_row *rows, size_t *total)
{
	static struct ct_list list;
	size_t i;

	*total = 0;
	if (ct_list(&list) < 0)
		return 0;
	*total = list.total;
	for (i = 0; i < list.n && i < CTS_MAX; i++)
		ct_row_load(&rows[i], list.id[i]);
	return i;
}

/*
 * The last max warnings and errors the kernel log holds (the kernel's own
 * and the services', which init and its services log there, such as
 * "service X: crash loop"), oldest first, each with its time since boot
 * and cut to WARN_WIDTH. Records are "PRI,SEQ,USEC,FLAGS;text"; a record
 * that is not is skipped. Returns how many.
 */
static size_t kmsg_warnings(char (*out)[WARN_WIDTH], size_t max)
{
	char rec[1024], *msg, *p, ring[WARNS_MAX][WARN_WIDTH];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), i;
	unsigned long long usec;
	size_t n = 0, k;
	ssize_t r;

	if (fd < 0)
		return 0;
	if (max > WARNS_MAX)
		max = WARNS_MAX;
	for (i = 0; i < 100000; i++) {
		r = read(fd, rec, sizeof rec - 1);
		if (r < 0 && errno == EPIPE)
			continue;	/* overwritten while we read: go on with the next */
		if (r <= 0)
			break;
		rec[r] = 0;
		msg = strchr(rec, ';');
		p = strchr(rec, ',');
		if (!msg || !p || !(p = strchr(p + 1, ',')) || atoi(rec) % 8 > 4)
			continue;
		usec = strtoull(p + 1, NULL, 10);
		msg[strcspn(msg, "\n")] = 0;
		snprintf(ring[n++ % max], WARN_WIDTH, "[%llus] %s", usec / 1000000, msg + 1);
	}
	close(fd);
	for (k = 0; k < n && k < max; k++)
		memcpy(out[k], ring[(n > max ? n - max + k : k) % max], WARN_WIDTH);
	return n < max ? n : max;
}

/* w: the recent warnings, for a port that the kernel's console= is not. */
static void warnings_show(void)
{
	char warns[WARNS_MAX][WARN_WIDTH];
	size_t n = kmsg_warnings(warns, WARNS_MAX), i;

	printf("\r\n== last %zu warnings and errors of the kernel log (dmesg has all) ==\r\n", n);
	for (i = 0; i < n; i++)
		printf("  %s\r\n", warns[i]);
}

/* The web service's certificate, to compare with what the browser shows. */
static void web_fingerprint_show(void)
{
	char fp[128];
	ssize_t n = file_read(WEB_FP_FILE, fp, sizeof fp);
	size_t i;

	if (n <= 0)
		return;
	for (i = 0; i < (size_t)n; i++)
		if (!strchr("0123456789ABCDEFabcdef:", fp[i]))
			return;		/* not a fingerprint: show nothing */
	printf("  web UI certificate SHA-256: %.*s\r\n", (int)n, fp);
}

static void menu_draw(const struct ct_row *rows, size_t n, size_t total)
{
	char host[64] = "", warn[1][WARN_WIDTH];
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
	if (total > n)
		printf("  (%zu more not shown; vzlist -a in the host shell lists all)\r\n", total - n);
	if (kmsg_warnings(warn, 1))
		printf("  last warning: %s\r\n", warn[0]);
	web_fingerprint_show();
	printf("NO: attach (Esc . returns)  s: host shell  r: refresh  w: warnings  q: logout\r\n");
}

static void host_shell(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		setenv("VZMENU_SHELL", "1", 1);
		execl("/bin/sh", "-sh", (char *)NULL);
		_exit(EXIT_EXEC);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

/* 1 after an attach (the screen needs redrawing), 0 after a hint. */
static int choose(const char *line, const struct ct_row *rows, size_t n)
{
	struct report rep = { .fn = to_stdout };
	unsigned long i;
	char *end;

	i = strtoul(line, &end, 10);
	if (line[0] < '0' || line[0] > '9' || *end || i < 1 || i > n) {
		printf("? type a number from the list, s, r, w or q\r\n");
		return 0;
	}
	fflush(stdout);
	console_attach(rows[i - 1].ctid, 0, 1, 0, &rep);
	return 1;
}

/*
 * End of input on a terminal that has not hung up is a ^D, which a noisy
 * line makes as easily as any other byte: not a reason to log out.
 */
static int input_hung_up(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	if (!isatty(0))
		return 1;
	clearerr(stdin);
	return poll(&p, 1, 0) < 0 || (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/*
 * The next input line without its end and surrounding blanks into line:
 * 1, 0 at end of input (hangup), -1 for a ^D, a line that is too long (the
 * rest of it is read and dropped) or one that holds control characters.
 */
static int line_read(char *line, size_t size)
{
	size_t len, start, i;

	if (!fgets(line, (int)size, stdin))
		return input_hung_up() ? 0 : -1;
	len = strcspn(line, "\r\n");
	if (!line[len] && len == size - 1) {
		while (fgets(line, (int)size, stdin) && !strchr(line, '\n'))
			;
		return -1;
	}
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	line[len] = 0;
	start = strspn(line, " \t");
	memmove(line, line + start, len - start + 1);
	for (i = 0; line[i]; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			return -1;
	return 1;
}

int main(void)
{
	struct ct_row rows[CTS_MAX];
	char line[LINE_MAX_IN];
	size_t n, total;
	int r, bad = 0;

	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	n = cts_list(rows, &total);
	menu_draw(rows, n, total);
	for (;;) {
		printf("vzmenu> ");
		fflush(stdout);
		r = line_read(line, sizeof line);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (++bad > BAD_LINES_MAX)
				return 0;
			printf("? not understood; type a number from the list, s, r, w or q\r\n");
			continue;
		}
		bad = 0;
		if (!line[0])
			continue;
		if (!strcmp(line, "q"))
			return 0;
		if (!strcmp(line, "w")) {
			warnings_show();
			continue;
		}
		if (!strcmp(line, "s"))
			host_shell();
		else if (strcmp(line, "r") && !choose(line, rows, n))
			continue;
		n = cts_list(rows, &total);
		menu_draw(rows, n, total);
	}
}
