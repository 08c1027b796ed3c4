#ifndef VZHOST_TEST_PLOOP_UTIL_H
#define VZHOST_TEST_PLOOP_UTIL_H

/* Helpers shared by the ploop unit tests: temp paths, raw file pokes. */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/ploop.h"

/* A fresh unused path under /tmp (mkstemp, then removed so create can O_EXCL). */
static inline void tmp_path(char *buf, size_t len)
{
	int fd;

	snprintf(buf, len, "/tmp/ploop-test-XXXXXX");
	fd = mkstemp(buf);
	if (fd >= 0)
		close(fd);
	unlink(buf);
}

static inline uint64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (uint64_t)st.st_size;
}

static inline int poke(const char *path, uint64_t off, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY), r;

	if (fd < 0)
		return -1;
	r = ploop_pwrite_full(fd, buf, len, off);
	close(fd);
	return r;
}

static inline int peek(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY), r;

	if (fd < 0)
		return -1;
	r = ploop_pread_full(fd, buf, len, off);
	close(fd);
	return r;
}

static inline int poke32(const char *path, uint64_t off, uint32_t v)
{
	unsigned char b[4];

	ploop_put_le32(b, v);
	return poke(path, off, b, 4);
}

static inline uint32_t peek32(const char *path, uint64_t off)
{
	unsigned char b[4] = { 0 };

	peek(path, off, b, 4);
	return ploop_le32(b);
}

/* FNV-1a, enough to compare what was written with what is read back. */
static inline uint64_t checksum(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h = 1469598103934665603ull;

	while (len--)
		h = (h ^ *p++) * 1099511628211ull;
	return h;
}

static inline void fill_pattern(unsigned char *buf, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 9));
}

#endif
