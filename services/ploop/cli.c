#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void note_line(void *arg, const char *msg)
{
	fprintf(arg, "ploop: %s\n", msg);
}

void cli_ctx_init(struct ploop_disk_ctx *ctx, FILE *out)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->notes.fn = out ? note_line : NULL;
	ctx->notes.ctx = out;
}

int cli_fail(const struct ploop_disk_ctx *ctx)
{
	fprintf(stderr, "ploop: %s\n", ctx->error[0] ? ctx->error : "failed");
	return EXIT_ERROR;
}

int cli_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "ploop: %s: %s (ploop help for usage)\n", cmd, msg);
	return EXIT_USAGE;
}

const char *cli_parse_size(const char *s, uint64_t *bytes)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		goto bad;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	default: break;
	}
	if (*end || !v || v > (UINT64_MAX >> 2) >> shift)
		goto bad;
	*bytes = (uint64_t)v << shift;
	return NULL;
bad:
	return "want a positive number with an optional K, M, G or T suffix";
}

int cli_size_arg(const char *s, uint64_t *bytes)
{
	const char *why = cli_parse_size(s, bytes);

	if (!why)
		return 0;
	fprintf(stderr, "ploop: size \"%s\": %s\n", s, why);
	return EXIT_USAGE;
}

int cli_disk_dir(const char *arg, char *dir, size_t len)
{
	struct ploop_disk_ctx ctx;

	cli_ctx_init(&ctx, NULL);
	if (!ploop_disk_dir(arg, dir, len, &ctx))
		return 0;
	cli_fail(&ctx);
	return -1;
}

int cli_disk_arg(int argc, char **argv, const char *cmd, char *dir, size_t len)
{
	if (optind != argc - 1)
		return cli_usage(cmd, "one DiskDescriptor.xml expected");
	return cli_disk_dir(argv[optind], dir, len) ? EXIT_ERROR : 0;
}

int cli_json_finish(struct json *j)
{
	if (!json_finish(j))
		return EXIT_OK;
	fprintf(stderr, "ploop: standard output: %s\n", strerror(errno));
	return EXIT_ERROR;
}
