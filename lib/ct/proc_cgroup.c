#include <string.h>

#include "ct/proc_cgroup.h"

/* The line starting with "0::" among the first PROC_CGROUP_MAX bytes. */
static const char *unified_line(const char *buf, size_t len, size_t *n)
{
	const char *p = buf, *end, *nl;

	if (len > PROC_CGROUP_MAX)
		len = PROC_CGROUP_MAX;
	end = buf + len;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p >= 3 && !memcmp(p, "0::", 3)) {
			*n = (size_t)(nl - p) - 3;
			return p + 3;
		}
	}
	return NULL;
}

/* '/' then components of printable bytes, none "." or "..", none empty. */
static const char *path_check(const char *p, size_t n)
{
	size_t i, start;

	if (!n || p[0] != '/')
		return "not an absolute path";
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return "a control byte in the path";
	if (n == 1)
		return NULL;
	for (start = 1; start <= n; start = i + 1) {
		for (i = start; i < n && p[i] != '/'; i++)
			;
		if (i == start)
			return "an empty path component";
		if ((i - start == 1 && p[start] == '.') ||
		    (i - start == 2 && p[start] == '.' && p[start + 1] == '.'))
			return "a . or .. path component";
	}
	return NULL;
}

/* 1 if the n bytes at p are within or a path below it. */
static int path_within(const char *p, size_t n, const char *within)
{
	size_t w = strlen(within);

	return n >= w && !memcmp(p, within, w) && (n == w || p[w] == '/');
}

static int path_deleted(const char *p, size_t n)
{
	static const char mark[] = " (deleted)";

	return n >= sizeof mark - 1 && !memcmp(p + n - (sizeof mark - 1), mark, sizeof mark - 1);
}

int proc_cgroup_parse(const char *buf, size_t len, const char *within, char *path, size_t size,
		      const char **why)
{
	size_t n = 0;
	const char *p = unified_line(buf, len, &n);

	if (!p)
		*why = "no cgroup v2 line (0::)";
	else if (path_deleted(p, n))
		*why = "the cgroup was removed";
	else if ((*why = path_check(p, n)))
		;
	else if (!path_within(p, n, within))
		*why = "not the container's cgroup";
	else if (n >= size)
		*why = "the path is too long";
	if (!p || *why)
		return -1;
	memcpy(path, p, n);
	path[n] = 0;
	return 0;
}
