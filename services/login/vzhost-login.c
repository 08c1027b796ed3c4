/*
 * vzhost-login [DEVICE SPEED]: the console service. Without arguments it
 * serves every port of /run/vzhost/console (init writes it from
 * SERIAL_CONSOLE / vzhost.console; if that file is missing or bad, the
 * Kconfig default port) and supervises one login per port
 * (login_supervise.h); with arguments, that one port. On a port: while
 * root has no password (its /etc/shadow entry is locked or empty), it asks
 * for one first; then it becomes busybox getty, so the normal login
 * follows. With the menu on (SERIAL_MENU, default yes) the line is marked
 * in MENU_DIR so that root's login shell there starts the console menu
 * (/etc/profile, docs/consoles.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/serial.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/backoff.h"
#include "base/exit.h"
#include "base/file.h"
#include "base/log.h"
#include "login_supervise.h"
#include "node/consolefile.h"
#include "node/pwhash.h"
#include "node/shadow.h"
#include "tty.h"

#define ETC_SHADOW "/etc/shadow"
#define GETTY "/sbin/getty"
#define MENU_DIR "/run/vzhost/menu"
#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

static void __attribute__((noreturn)) die(int code, const char *what, const char *cause)
{
	fprintf(stderr, "vzhost-login: %s: %s\n", what, cause);
	exit(code);
}

static void port_args(char **argv, struct serial_console *con)
{
	char spec[64];
	const char *err;

	snprintf(spec, sizeof spec, "%s,%s", argv[1], argv[2]);
	err = serial_parse(spec, con);
	if (err)
		die(EXIT_USAGE, spec, err);
}

/* The ports and menu setting init published; -1 (logged) if unusable. */
static int console_file_read(struct console_file *cf)
{
	char text[CONSOLE_FILE_MAX], err[CONSOLE_FILE_ERR_MAX];
	const char *why;
	unsigned line;

	if (file_read(CONSOLE_FILE, text, sizeof text) < 0) {
		log_error("%s: %s", CONSOLE_FILE, strerror(errno));
		return -1;
	}
	why = console_file_parse(text, cf, &line, err);
	if (!why)
		return 0;
	if (line)
		log_error("%s:%u: %s", CONSOLE_FILE, line, why);
	else
		log_error("%s: %s", CONSOLE_FILE, why);
	return -1;
}

static int root_has_password(void)
{
	char hash[256];
	int locked;

	if (shadow_hash_get(ETC_SHADOW, "root", hash, sizeof hash) < 0)
		return 0;
	locked = shadow_hash_locked(hash);
	explicit_bzero(hash, sizeof hash);
	return !locked;
}

/* 0 with a confirmed password in pw, -1 at end of input. */
static int password_ask(char *pw, char *again, size_t size)
{
	for (;;) {
		if (tty_read_secret("New root password: ", pw, size) < 0) {
			if (errno == ENODATA)
				return -1;
			tty_puts("Password too long. Try again.\n");
			continue;
		}
		if (strlen(pw) < PASSWORD_MIN) {
			tty_puts("Password too short (at least 8 characters). Try again.\n");
			continue;
		}
		if (tty_read_secret("Retype new root password: ", again, size) < 0 &&
		    errno == ENODATA)
			return -1;
		if (!strcmp(pw, again))
			return 0;
		tty_puts("Passwords do not match. Try again.\n");
	}
}

static void password_setup(const struct serial_console *con)
{
	char pw[PASSWORD_MAX], again[PASSWORD_MAX], hash[256];
	int r;

	tty_puts("\r\n================================================================\n"
		 " This node has no root password yet. Set one now.\n"
		 " (at least 8 characters; stored as a SHA-512 hash in /etc/shadow)\n"
		 "================================================================\n");
	r = password_ask(pw, again, sizeof pw);
	explicit_bzero(again, sizeof again);
	if (r < 0) {
		explicit_bzero(pw, sizeof pw);
		die(EXIT_FAILED, con->device, "end of input while asking for the root password");
	}
	if (root_has_password()) {
		explicit_bzero(pw, sizeof pw);
		tty_puts("root password was set on another console meanwhile; not changed\n\n");
		return;
	}
	r = pwhash_sha512(pw, hash, sizeof hash);
	explicit_bzero(pw, sizeof pw);
	if (r < 0)
		die(EXIT_ERROR, "crypt", strerror(errno));
	if (shadow_hash_set(ETC_SHADOW, "root", hash) < 0)
		die(EXIT_ERROR, ETC_SHADOW, strerror(errno));
	tty_puts("root password set\n\n");
	log_info("root password set on the console %s", con->device);
}

/* A login as root on this line gets the console menu (vzmenu), or not. */
static void menu_mark(const char *device, int menu)
{
	char path[64];

	snprintf(path, sizeof path, MENU_DIR "/%s", device);
	if (!menu) {
		if (unlink(path) < 0 && errno != ENOENT)
			log_warn("%s: %s: the console menu stays on for this line", path, strerror(errno));
		return;
	}
	if ((mkdir(MENU_DIR, 0755) < 0 && errno != EEXIST) || file_write_atomic(path, "", 0, 0644) < 0)
		log_warn("%s: %s: no console menu on this line", path, strerror(errno));
}

/* Why /dev/DEVICE cannot carry a login, or NULL. */
static const char *port_unusable(const char *path)
{
	struct serial_struct ss;
	const char *why = NULL;
	int fd;

	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return strerror(errno);
	if (!isatty(fd))
		why = "not a terminal";
	else if (ioctl(fd, TIOCGSERIAL, &ss) == 0 && ss.type == PORT_UNKNOWN)
		why = "no UART at this port";
	close(fd);
	return why;
}

/* A port that cannot carry a login fails here, with the reason logged. */
static void port_check(const struct serial_console *con)
{
	char path[32];
	const char *why;

	snprintf(path, sizeof path, "/dev/%s", con->device);
	why = port_unusable(path);
	if (!why)
		return;
	log_error("console %s: %s: %s; retrying every %d s", con->device, path, why,
		  BACKOFF_MAX_MS / 1000);
	exit(EXIT_PORT_ABSENT);
}

static void __attribute__((noreturn)) port_serve(const struct serial_console *con, int menu)
{
	char speed[16];

	port_check(con);
	if (!root_has_password()) {
		if (tty_open(con->device, con->speed) < 0)
			die(EXIT_ERROR, con->device, strerror(errno));
		password_setup(con);
	}
	snprintf(speed, sizeof speed, "%u", con->speed);
	menu_mark(con->device, menu);
	execl(GETTY, "getty", "-L", speed, con->device, "vt100", (char *)NULL);
	die(EXIT_ERROR, GETTY, strerror(errno));
}

int main(int argc, char **argv)
{
	struct console_file cf;

	log_open("vzhost-login");
	if (argc == 3) {
		port_args(argv, &cf.ports.port[0]);
		if (!cf.ports.port[0].speed)
			cf.ports.port[0].speed = CONFIG_SERIAL_CONSOLE_SPEED;
		port_serve(&cf.ports.port[0], 1);
	}
	if (argc != 1)
		die(EXIT_USAGE, "usage", "vzhost-login [DEVICE SPEED]");
	if (console_file_read(&cf) < 0) {
		log_error("console: serving the default port %s with the menu on",
			  CONFIG_SERIAL_CONSOLE_DEVICE);
		snprintf(cf.ports.port[0].device, sizeof cf.ports.port[0].device, "%s",
			 CONFIG_SERIAL_CONSOLE_DEVICE);
		cf.ports.port[0].speed = CONFIG_SERIAL_CONSOLE_SPEED;
		cf.ports.n = 1;
		cf.menu = 1;
	}
	login_supervise(&cf.ports, cf.menu, port_serve);
}
