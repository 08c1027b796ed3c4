#ifndef VZHOST_TESTS_WEBCONSOLEBENCH_H
#define VZHOST_TESTS_WEBCONSOLEBENCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * A viewer of a container's console for tests/bench/web_console.sh: the
 * console holder's socket itself (a direct viewer, as vzctl console is),
 * or vzwebd's console WebSocket over TLS (as the browser is). Both read
 * output into a buffer of their own and hand it over in place.
 */

/* No byte from a viewer for this long ends the run (a lost byte must not
   hang the bench); reads wait at most VIEWER_TICK_MS at a time. */
#define VIEWER_STALL_MS 60000
#define VIEWER_TICK_MS 100

struct viewer {
	/* The next console output in place: its length; 0 when a read brought
	   only something else (a control message, a DROPPED count). */
	size_t (*read)(struct viewer *v, const unsigned char **out);
	/* One keystroke for the container. */
	void (*key)(struct viewer *v, unsigned char c);
	uint64_t dropped;		/* output the holder skipped for this viewer */
	unsigned long reads;		/* read(2) or TLS reads done */
	void *impl;
};

/* A direct viewer of ctid's console, read-only or read-write, attached
   (the holder's OK received). */
void holder_viewer_open(struct viewer *v, unsigned ctid, int ro);

/* A WebSocket viewer of ctid's console through vzwebd on 127.0.0.1:443,
   from loopback source 127.3.X.Y when source > 0 (vzwebd bounds
   connections per source), authenticated with the API token in
   $WEB_TOKEN, attached (the "attached" message received). */
void ws_viewer_open(struct viewer *v, unsigned ctid, int ro, unsigned source);
/* Takes what has arrived (waiting at most VIEWER_TICK_MS), answers pings
   and acknowledges output, for a viewer held idle: output bytes taken. */
size_t ws_viewer_service(struct viewer *v);
int ws_viewer_fd(const struct viewer *v);
/* Acknowledges what was read so far and nothing more from then on (a page
   that stopped rendering). */
void ws_viewer_stop_acks(struct viewer *v);

/* An event stream (GET /api/v1/events?types=ct) through vzwebd, from a
   source and with a token as ws_viewer_open; open once its 200 head is
   in. Its service takes (and drops) what has arrived: the bytes. */
void events_stream_open(struct viewer *v, unsigned source);
size_t events_stream_service(struct viewer *v);

/* Floors (webconsolebench_floor.c): AES-128-GCM encryption of TLS
   records for secs seconds, printing MiB/s; a TCP loopback round trip of
   one byte to an echo process, rounds times, printing "p50_us p99_us". */
int floor_gcm(double secs);
int floor_tcp(unsigned long rounds);

/* "webconsolebench: WHAT" on stderr, exit 111. */
void __attribute__((noreturn, format(printf, 1, 2))) bench_die(const char *fmt, ...);

#endif
