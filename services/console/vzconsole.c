/*
 * vzconsole [-r] [-q] CTID: attach this terminal to a container's console
 * (the holder, vzconsoled, keeps it). Esc then . at the start of a line
 * detaches. -r watches read-only; -q prints no banner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/exit.h"
#include "console/client.h"
#include "console/proto.h"

static void to_stderr(void *ctx, const char *msg)
{
	fprintf(stderr, "vzconsole: %s\n", msg);
}

static const char *ctid_parse(const char *s, unsigned *ctid)
{
	unsigned long v;
	char *end;

	v = strtoul(s, &end, 10);
	if (!*s || *end || !v || v > CONSOLE_CTID_MAX)
		return "not a container id (1-2147483647)";
	*ctid = (unsigned)v;
	return NULL;
}

int main(int argc, char **argv)
{
	struct report rep = { .fn = to_stderr };
	unsigned flags = 0, ctid;
	const char *why;
	int c;

	while ((c = getopt(argc, argv, "rq")) != -1) {
		if (c == 'r')
			flags |= CONSOLE_ATTACH_READONLY;
		else if (c == 'q')
			flags |= CONSOLE_ATTACH_QUIET;
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	why = ctid_parse(argv[optind], &ctid);
	if (why) {
		fprintf(stderr, "vzconsole: %s: %s\n", argv[optind], why);
		return EXIT_USAGE;
	}
	return console_attach(ctid, 0, 1, flags, &rep) < 0 ? EXIT_FAILED : EXIT_OK;
usage:
	fprintf(stderr, "usage: vzconsole [-r] [-q] CTID\n");
	return EXIT_USAGE;
}
