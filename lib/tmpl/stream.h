#ifndef VZHOST_TMPL_STREAM_H
#define VZHOST_TMPL_STREAM_H

/*
 * A tarball's bytes, decompressed: gzip, xz and zstd by a child process
 * (gzip -dc, xz -dc, zstd -dc) writing into a pipe, told by the magic
 * number; a plain tar is read as it is. The decompressor runs in its own
 * process, so a bug in it cannot touch the extraction's state.
 */

#include <sys/types.h>

#include "base/report.h"

struct tmpl_stream {
	int fd;			/* what the tar reader reads */
	pid_t pid;		/* the decompressor, 0 for a plain tar */
	const char *tool;
	int failed;		/* the decompressor exited with an error */
	char path[4096];
};

int tmpl_stream_open(struct tmpl_stream *s, const char *path, const struct report *rep);
/* The same over an open file (taken over: closed by the stream); name for messages. */
int tmpl_stream_open_fd(struct tmpl_stream *s, int fd, const char *name,
			const struct report *rep);
/* The tar reader's read function over a stream. */
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
