#ifndef VZHOST_CONSOLE_HOLDER_H
#define VZHOST_CONSOLE_HOLDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "console_proto.h"
#include "console_ring.h"

/*
 * vzconsoled's state: consoles (a pty pair and a scrollback ring each)
 * and connections (clients waiting for their hello, and viewers). All
 * of it in fixed tables: memory per console is its ring plus at most
 * HOLDER_VIEWERS_MAX viewers of about 8 KiB.
 */

#define HOLDER_CONSOLES_MAX 256
#define HOLDER_CONNS_MAX 128
#define HOLDER_VIEWERS_MAX 6
#define HOLDER_HELLO_TIMEOUT_MS 5000

/* epoll tags: what an fd is, in the high bits; its table index below. */
#define TAG_LISTEN (1ull << 32)
#define TAG_SIGNAL (2ull << 32)
#define TAG_MASTER (3ull << 32)
#define TAG_CONN (4ull << 32)

struct console {
	unsigned ctid;		/* 0: free slot */
	int master, slave, ringfd;
	size_t ring_len;
	struct console_ring ring;
	unsigned viewers;
};

struct conn {
	int fd;			/* -1: free slot */
	struct console *con;	/* NULL until the hello */
	int readonly;
	uint32_t events;
	int64_t deadline;
	uint64_t pos;
	pid_t pid;
	uid_t uid;
	size_t in_len, out_len, out_off;
	unsigned char in[CONSOLE_FRAME_MAX];
	unsigned char out[CONSOLE_FRAME_MAX + 16];
};

extern int holder_epoll;
extern size_t holder_ring_size;

/* The console of ctid, restored from init's fd store or created; NULL with errno. */
struct console *console_get(unsigned ctid);
struct console *console_by_index(size_t i);
/* Consoles init kept for us while we were down. */
void console_restore_all(void);
/* Reads what the container wrote into the ring and passes it to the viewers. */
void console_drain(struct console *c);

void conn_accept(int listen_fd);
struct conn *conn_by_index(size_t i);
void conn_event(struct conn *k, uint32_t events);
/* Passes new console output to every viewer of c. */
void conn_flush_viewers(struct console *c);
void conn_expire(int64_t now);

#endif
