#include <string.h>

#include "ct/inittab.h"

static int action_is(const char *a, size_t len, const char *want)
{
	return len == strlen(want) && !memcmp(a, want, len);
}

/* Past the n-th ':' of [p, end), or NULL if the line has fewer. */
static const char *after_colons(const char *p, const char *end, int n)
{
	const char *colon;

	while (n-- > 0) {
		colon = memchr(p, ':', (size_t)(end - p));
		if (!colon)
			return NULL;
		p = colon + 1;
	}
	return p;
}

static void boot_line(const char *line, const char *end, struct inittab_cmds *out)
{
	const char *action = after_colons(line, end, 2), *proc, *word;
	size_t n;

	if (line == end || line[0] == '#' || !action)
		return;
	proc = after_colons(action, end, 1);
	if (!proc || (!action_is(action, (size_t)(proc - 1 - action), "sysinit") &&
		      !action_is(action, (size_t)(proc - 1 - action), "wait")))
		return;
	while (proc < end && (*proc == ' ' || *proc == '\t' || *proc == '-'))
		proc++;
	for (word = proc; word < end && *word != ' ' && *word != '\t' && *word; word++)
		;
	n = (size_t)(word - proc);
	if (!n)
		return;
	if (n >= INITTAB_CMD_MAX)
		n = INITTAB_CMD_MAX - 1;
	memcpy(out->cmd[out->n], proc, n);
	out->cmd[out->n][n] = 0;
	out->n++;
}

void inittab_boot_cmds(const char *buf, size_t len, struct inittab_cmds *out)
{
	const char *p = buf, *end = buf + len, *nl;

	out->n = 0;
	while (p < end && out->n < INITTAB_CMDS_MAX) {
		nl = memchr(p, '\n', (size_t)(end - p));
		boot_line(p, nl ? nl : end, out);
		p = nl ? nl + 1 : end;
	}
}
