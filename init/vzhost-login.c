/*
 * vzhost-login DEVICE SPEED: the console service. While root has no
 * password (its /etc/shadow entry is locked or empty), it asks for one on
 * the console first; then it becomes busybox getty, so the normal login
 * follows. Without arguments, DEVICE and SPEED come from /run/vzhost/console.
 * The line is marked in MENU_DIR so that root's login shell there starts
 * the console menu (/etc/profile, docs/consoles.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "pwhash.h"
#include "serial.h"
#include "shadow.h"
#include "tty.h"

#define CONSOLE_FILE "/run/vzhost/console"
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

static void console_args(int argc, char **argv, struct serial_console *con)
{
	char text[64], spec[64];
	const char *err;

	if (argc == 3) {
		snprintf(spec, sizeof spec, "%s,%s", argv[1], argv[2]);
	} else if (argc == 1) {
		if (file_read(CONSOLE_FILE, text, sizeof text) < 0)
			die(111, CONSOLE_FILE, strerror(errno));
		text[strcspn(text, "\n")] = 0;
		snprintf(spec, sizeof spec, "%s", text);
		if (strchr(spec, ' '))
			*strchr(spec, ' ') = ',';
	} else {
		die(100, "usage", "vzhost-login [DEVICE SPEED]");
	}
	err = serial_parse(spec, con);
	if (err)
		die(100, spec, err);
	if (!con->speed)
		con->speed = CONFIG_SERIAL_CONSOLE_SPEED;
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

	if (tty_open(con->device, con->speed) < 0)
		die(111, con->device, strerror(errno));
	tty_puts("\r\n================================================================\n"
		 " This node has no root password yet. Set one now.\n"
		 " (at least 8 characters; stored as a SHA-512 hash in /etc/shadow)\n"
		 "================================================================\n");
	r = password_ask(pw, again, sizeof pw);
	explicit_bzero(again, sizeof again);
	if (r < 0) {
		explicit_bzero(pw, sizeof pw);
		die(1, con->device, "end of input while asking for the root password");
	}
	r = pwhash_sha512(pw, hash, sizeof hash);
	explicit_bzero(pw, sizeof pw);
	if (r < 0)
		die(111, "crypt", strerror(errno));
	if (shadow_hash_set(ETC_SHADOW, "root", hash) < 0)
		die(111, ETC_SHADOW, strerror(errno));
	tty_puts("root password set\n\n");
	log_info("root password set on the console %s", con->device);
}

/* A login as root on this line gets the console menu (vzmenu). */
static void menu_mark(const char *device)
{
	const char *name = strrchr(device, '/') ? strrchr(device, '/') + 1 : device;
	char path[64];

	snprintf(path, sizeof path, MENU_DIR "/%s", name);
	if ((mkdir(MENU_DIR, 0755) < 0 && errno != EEXIST) || file_write_atomic(path, "", 0, 0644) < 0)
		log_warn("%s: %s: no console menu on this line", path, strerror(errno));
}

int main(int argc, char **argv)
{
	struct serial_console con;
	char speed[16], device[SERIAL_DEV_MAX];

	log_open("vzhost-login");
	console_args(argc, argv, &con);
	if (!root_has_password())
		password_setup(&con);
	snprintf(speed, sizeof speed, "%u", con.speed);
	snprintf(device, sizeof device, "%s", con.device);
	menu_mark(device);
	execl(GETTY, "getty", "-L", speed, device, "vt100", (char *)NULL);
	die(111, GETTY, strerror(errno));
}
