#ifndef VZHOST_BASE_PROGRESS_H
#define VZHOST_BASE_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The progress of a long transfer on a terminal: one line, redrawn in
 * place at most every PROGRESS_REDRAW_MS with the bytes so far (of the
 * total when known), the rate and the time left; progress_end draws it a
 * last time with the time taken and ends the line. Only for a terminal:
 * logs get a start and an end line from the caller instead.
 */

#define PROGRESS_LINE_MAX 160
#define PROGRESS_REDRAW_MS 250

struct progress {
	int fd;			/* the terminal; -1: nothing is drawn */
	const char *what;	/* what moves: a file name */
	uint64_t total;		/* 0: unknown */
	uint64_t done;
	int64_t start_ms, drawn_ms;
};

void progress_start(struct progress *p, int fd, const char *what);
/* The total once it is known. */
void progress_total(struct progress *p, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_end(struct progress *p);

/*
 * The line (pure), "what: 1.2 MiB of 4.0 MiB, 2.1 MiB/s, 2 s left" while
 * under way, "what: 4.0 MiB in 2.0 s, 2.0 MiB/s" when finished; the rate
 * and time left only once time has passed, the total only when known.
 * Its length (truncated to fit size).
 */
size_t progress_format(char *buf, size_t size, const char *what, uint64_t done, uint64_t total,
		       int64_t elapsed_ms, int finished);
/* v bytes as "512 B", "1.2 KiB", "3.4 MiB", "1.1 GiB"... */
void progress_bytes(char *buf, size_t size, uint64_t v);
/* s seconds as "12 s", "3 min 20 s", "1 h 05 min". */
void progress_seconds(char *buf, size_t size, uint64_t s);

#endif
