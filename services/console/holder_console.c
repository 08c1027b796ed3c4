#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "holder.h"
#include "node/initfd.h"
#include "base/log.h"

static struct console consoles[HOLDER_CONSOLES_MAX];

static struct console *console_find(unsigned ctid)
{
	size_t i;

	for (i = 0; i < HOLDER_CONSOLES_MAX; i++)
		if (consoles[i].ctid == ctid)
			return &consoles[i];
	return NULL;
}

struct console *console_by_index(size_t i)
{
	return &consoles[i];
}

static void fdstore_name(unsigned ctid, char *name, size_t size)
{
	snprintf(name, size, "console-%u", ctid);
}

/* The holder keeps a slave open so the master never sees a hangup. */
static int slave_open(int master)
{
	return ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

static int ring_map(struct console *c, int create)
{
	struct stat st;
	void *mem;

	if (create) {
		c->ring_len = console_ring_bytes(holder_ring_size);
		if (ftruncate(c->ringfd, (off_t)c->ring_len) < 0)
			return -1;
	} else {
		if (fstat(c->ringfd, &st) < 0)
			return -1;
		c->ring_len = (size_t)st.st_size;
	}
	mem = mmap(NULL, c->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, c->ringfd, 0);
	if (mem == MAP_FAILED)
		return -1;
	if (create ? console_ring_init(&c->ring, mem, holder_ring_size)
		   : console_ring_attach(&c->ring, mem, c->ring_len)) {
		munmap(mem, c->ring_len);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

uint64_t console_tag(const struct console *c)
{
	return TAG_MASTER | (uint64_t)(c - consoles);
}

static int console_watch(struct console *c)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = console_tag(c) };

	if (fcntl(c->master, F_SETFL, O_RDWR | O_NONBLOCK) < 0)
		return -1;
	return epoll_ctl(holder_epoll, EPOLL_CTL_ADD, c->master, &ev);
}

static void console_forget(struct console *c)
{
	if (c->ring.hdr)
		munmap(c->ring.hdr, c->ring_len);
	if (c->slave >= 0)
		close(c->slave);
	if (c->master >= 0)
		close(c->master);
	if (c->ringfd >= 0)
		close(c->ringfd);
	memset(c, 0, sizeof *c);
}

static int console_create(struct console *c, unsigned ctid)
{
	char name[32];
	int fds[2];

	c->ctid = ctid;
	c->slave = c->ringfd = -1;
	c->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->master < 0 || unlockpt(c->master) < 0)
		return -1;
	fdstore_name(ctid, name, sizeof name);
	c->ringfd = memfd_create(name, MFD_CLOEXEC);
	if (c->ringfd < 0 || ring_map(c, 1) < 0)
		return -1;
	fds[0] = c->master;
	fds[1] = c->ringfd;
	if (initfd_put(name, fds, 2) < 0)
		log_warn("console %u: cannot leave the pty with init (%s); a restart of "
			 "vzconsoled will lose this console", ctid, strerror(errno));
	return 0;
}

static int console_adopt(struct console *c, unsigned ctid, const int *fds, int n)
{
	c->ctid = ctid;
	c->master = fds[0];
	c->ringfd = n > 1 ? fds[1] : -1;
	c->slave = -1;
	if (c->ringfd < 0 || ring_map(c, 0) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static struct console *console_slot(void)
{
	return console_find(0);
}

static struct console *console_setup(struct console *c)
{
	c->slave = slave_open(c->master);
	if (c->slave < 0 || console_watch(c) < 0) {
		console_forget(c);
		return NULL;
	}
	return c;
}

struct console *console_get(unsigned ctid)
{
	struct console *c = console_find(ctid);
	int saved;

	if (c)
		return c;
	c = console_slot();
	if (!c) {
		errno = ENOSPC;
		return NULL;
	}
	if (console_create(c, ctid) < 0) {
		saved = errno;
		console_forget(c);
		errno = saved;
		return NULL;
	}
	log_info("console %u: created (%zu KiB scrollback)", ctid, holder_ring_size / 1024);
	return console_setup(c);
}

void console_restore_all(void)
{
	char list[8192], *line, *save = NULL;
	unsigned long ctid;
	struct console *c;
	int fds[INITFD_FDS_MAX], n, restored = 0;

	if (initfd_list(list, sizeof list) < 0) {
		log_warn("cannot ask init for kept consoles: %s", strerror(errno));
		return;
	}
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "console-%lu", &ctid) != 1 || !ctid || ctid > CONSOLE_CTID_MAX)
			continue;
		n = initfd_get(line, fds);
		c = console_slot();
		if (n <= 0 || !c)
			continue;
		if (console_adopt(c, (unsigned)ctid, fds, n) < 0 || !console_setup(c)) {
			log_warn("console %lu: kept fds unusable; a new console replaces it", ctid);
			console_forget(c);
			continue;
		}
		restored++;
	}
	if (restored)
		log_info("restored %d consoles kept by init", restored);
}
