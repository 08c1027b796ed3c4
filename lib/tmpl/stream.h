#ifndef VZHOST_TMPL_STREAM_H
#define VZHOST_TMPL_STREAM_H

/*
 * A tarball's bytes, decompressed: gzip, xz and zstd by a confined child
 * process (gzip -dc, xz -dc, zstd -dc --no-asyncio; lib/tmpl/sandbox.h)
 * writing into a pipe, told by the magic number; a plain tar is read as it
 * is. A decompressor that fails, dies or is killed ends the stream with
 * one message naming the tarball and the cause.
 */

#include <sys/types.h>

#include "base/report.h"
#include "tmpl/sandbox.h"

struct tmpl_stream {
	int fd;			/* what the tar reader reads */
	struct tmpl_sandbox sb;	/* the decompressor; sb.pid 0 for a plain tar or once reaped */
	const char *tool;
	int failed;		/* the decompressor did not exit 0 (and that was reported) */
	const struct report *rep;
	char path[4096];
};

int tmpl_stream_open(struct tmpl_stream *s, const char *path, const struct report *rep);
/* The same over an open file (taken over: closed by the stream); name for messages. */
int tmpl_stream_open_fd(struct tmpl_stream *s, int fd, const char *name,
			const struct report *rep);
/*
 * The tar reader's read function over a stream. At the end of the data the
 * decompressor is reaped: if it did not exit 0, the cause is reported and
 * the read fails with ECANCELED.
 */
ssize_t tmpl_stream_read(void *stream, void *buf, size_t n);
/*
 * Reads what is left (archive padding; more than 1 MiB of it is an
 * error), then reaps the decompressor: 0 if it reported success.
 * With ok = 0 (extraction failed) the decompressor is killed instead.
 */
int tmpl_stream_close(struct tmpl_stream *s, int ok, const struct report *rep);

/* The absolute path of tool in /usr/bin, /bin, /usr/sbin, /sbin; NULL if none. */
const char *tmpl_tool_path(const char *tool, char *buf, size_t len);

#endif
