#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "node/serial.h"
#include "tty.h"

static void tty_cooked(struct termios *t, unsigned speed)
{
	speed_t code = serial_speed_code(speed);

	t->c_iflag = ICRNL | IXON | BRKINT;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = (t->c_cflag & ~(CSIZE | PARENB)) | CS8 | CREAD | CLOCAL | HUPCL;
	t->c_lflag = ICANON | ISIG | ECHO | ECHOE | ECHOK;
	if (code != B0) {
		cfsetispeed(t, code);
		cfsetospeed(t, code);
	}
}

int tty_open(const char *device, unsigned speed)
{
	struct termios t;
	char path[64];
	int fd;

	snprintf(path, sizeof path, "/dev/%s", device);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ioctl(fd, TIOCSCTTY, 0);
	if (tcgetattr(fd, &t) == 0) {
		tty_cooked(&t, speed);
		tcsetattr(fd, TCSAFLUSH, &t);
	}
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void tty_puts(const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len) {
		n = write(1, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* Reads up to end of line; -1 at end of input, 1 if the line did not fit. */
static int line_read(char *buf, size_t size)
{
	size_t len = 0;
	int overflow = 0;
	ssize_t n;
	char c;

	for (;;) {
		n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (c == '\n' || c == '\r')
			break;
		if (len + 1 < size)
			buf[len++] = c;
		else
			overflow = 1;
	}
	buf[len] = 0;
	return overflow;
}

int tty_read_secret(const char *prompt, char *buf, size_t size)
{
	struct termios saved, quiet;
	int have_termios, r;

	tty_puts(prompt);
	have_termios = tcgetattr(0, &saved) == 0;
	if (have_termios) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	r = line_read(buf, size);
	if (have_termios)
		tcsetattr(0, TCSAFLUSH, &saved);
	tty_puts("\n");
	if (r < 0) {
		errno = ENODATA;
		return -1;
	}
	if (r > 0) {
		explicit_bzero(buf, size);
		errno = E2BIG;
		return -1;
	}
	return 0;
}
