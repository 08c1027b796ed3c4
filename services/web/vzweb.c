/*
 * vzweb: the web service's command line, run as root on the node's
 * console (docs/web.md).
 *
 *   vzweb passwd    sets the web admin's password (ADMIN_PASSWORD_HASH in
 *                   /vz/etc/vzhost.conf); vzwebd then ends every session
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/exit.h"
#include "priv/password.h"

#define LINE_MAX_PW (PASSWORD_MAX + 2)

/* One line of stdin without its newline, echo off on a terminal: 0, or -1 at its end. */
static int password_read(const char *prompt, char *out, size_t size)
{
	struct termios old, quiet;
	int tty = tcgetattr(0, &old) == 0;
	char *nl;

	fputs(prompt, stderr);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	nl = fgets(out, (int)size, stdin) ? strchr(out, '\n') : NULL;
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!nl && !feof(stdin))
		return -1;
	if (nl)
		*nl = 0;
	return out[0] || nl ? 0 : -1;
}

static int cmd_passwd(void)
{
	char pw[LINE_MAX_PW], again[LINE_MAX_PW], err[256];
	const char *why;

	if (geteuid() != 0) {
		fprintf(stderr, "vzweb: passwd: run it as root on the node\n");
		return EXIT_USAGE;
	}
	if (password_read("New web admin password: ", pw, sizeof pw) < 0 ||
	    password_read("Retype new web admin password: ", again, sizeof again) < 0) {
		fprintf(stderr, "vzweb: passwd: no password given; nothing changed\n");
		return EXIT_FAILED;
	}
	if (strcmp(pw, again)) {
		fprintf(stderr, "vzweb: passwd: the two entries differ; nothing changed\n");
		return EXIT_FAILED;
	}
	if ((why = admin_password_check(pw)) || (why = admin_password_set(pw, err, sizeof err))) {
		fprintf(stderr, "vzweb: passwd: %s; nothing changed\n", why);
		explicit_bzero(pw, sizeof pw);
		explicit_bzero(again, sizeof again);
		return EXIT_FAILED;
	}
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(again, sizeof again);
	printf("web admin password set (user admin); every web session has ended\n");
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "passwd"))
		return cmd_passwd();
	fprintf(stderr, "usage: vzweb passwd    set the web admin's password\n");
	return EXIT_USAGE;
}
