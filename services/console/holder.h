#ifndef VZHOST_CONSOLE_HOLDER_H
#define VZHOST_CONSOLE_HOLDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "console/proto.h"
#include "console/ring.h"

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
/*
 * Backpressure: the holder stops reading a pty rather than overrun a
 * viewer that keeps up; a viewer that took nothing for this long no
 * longer holds the container back (it falls behind and gets DROPPED).
 */
#define HOLDER_STALL_MS 1000
/* Console output sent to a viewer per sendmsg, in frames straight from the ring. */
#define HOLDER_SEND_MAX (64u * 1024)
/*
 * During a flood (the pty gives HOLDER_FLOOD_READ bytes or more per read)
 * output is sent to viewers per HOLDER_SEND_MAX or after this long, not
 * per pty buffer: fewer sends and viewer wakeups per byte. Smaller output
 * (keystroke echoes, a prompt) goes out at once.
 */
#define HOLDER_FLUSH_DELAY_MS 2
#define HOLDER_FLOOD_READ 2048

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
	int paused;		/* pty not read: a viewer that keeps up is a ring behind */
	uint64_t unsent_from;	/* ring position of the first output not yet flushed */
	int64_t flush_due;	/* flood output held back until then; 0: none */
};

struct conn {
	int fd;			/* -1: free slot */
	struct console *con;	/* NULL until the hello */
	int readonly;
	uint32_t events;
	int64_t deadline;
	uint64_t pos;		/* next console byte for this viewer */
	uint64_t lost;		/* bytes skipped, not yet told (DROPPED) */
	int64_t progress_ms;	/* last time it took output or was current */
	pid_t pid;
	uid_t uid;
	size_t in_len;
	size_t frame_left;	/* payload of the DATA frame under way, from the ring */
	size_t out_len, out_off;	/* control bytes (OK, DROPPED, a header's tail) */
	unsigned char in[CONSOLE_FRAME_MAX];
	unsigned char out[32];
};

extern int holder_epoll;
extern size_t holder_ring_size;

/* The consoles (holder_console.c), below the connections. */
/* The console of ctid, restored from init's fd store or created; NULL with errno. */
struct console *console_get(unsigned ctid);
struct console *console_by_index(size_t i);
/* Its epoll tag (TAG_MASTER and its index). */
uint64_t console_tag(const struct console *c);
/* Consoles init kept for us while we were down; their pending output is
   read at the next turn of the event loop. */
void console_restore_all(void);

/* Output from pty to viewers (holder_drain.c), above consoles and connections. */
/* Reads what the container wrote into the ring and passes it to the viewers. */
void console_drain(struct console *c);
/* Reads the paused consoles whose viewers caught up or stalled; 1 if some stay paused. */
int console_resume(void);
/* Sends flood output held back past its time; ms until the next is due, or -1. */
int console_flush_due(int64_t now);

/* Connections: clients and viewers (holder_conn.c). */
void conn_accept(int listen_fd);
struct conn *conn_by_index(size_t i);
void conn_event(struct conn *k, uint32_t events);
/* Passes new console output to every viewer of c. */
void conn_flush_viewers(struct console *c);
void conn_expire(int64_t now);
/* Bytes the pty may put in c's ring without overrunning a viewer that keeps up. */
size_t conn_room(const struct console *c, int64_t now);

#endif
