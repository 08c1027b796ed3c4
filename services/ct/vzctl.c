/*
 * vzctl: OpenVZ's container command (docs/containers.md).
 *
 *   vzctl [--quiet|--verbose] COMMAND CTID|NAME [options]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vzctl.h"

static const char usage_text[] =
	"usage: vzctl [--quiet|--verbose] COMMAND CTID|NAME [options]\n"
	"  create CTID [--ostemplate NAME] [--config SAMPLE] [--layout ploop|simfs]\n"
	"              [--diskspace N] [--diskinodes N] [--hostname H] [--ipadd IP] [--name N]\n"
	"  set CT [--ram N] [--swap N] [--diskspace N] [--diskinodes N] [--cpuunits N]\n"
	"         [--cpulimit N] [--cpus N] [--numproc N] [--hostname H] [--ipadd IP]\n"
	"         [--ipdel IP|all] [--nameserver IP] [--onboot yes|no] [--name N]\n"
	"         [--description TEXT] [--netif_add SPEC] [--netif_del IFNAME|all]\n"
	"         [--stop-timeout S] [--save]\n"
	"  start CT [--wait] | stop CT [--fast] | restart CT [--fast] | status CT\n"
	"  enter CT [--exec CMD] | exec CT CMD... | exec2 CT CMD... | console CT | attach CT\n"
	"  mount CT | umount CT | destroy CT | delete CT\n"
	"  snapshot CT [--id GUID] | snapshot-list CT | snapshot-switch CT --id GUID\n"
	"  snapshot-delete CT --id GUID\n"
	"  start-onboot | stop-all [--fast]   (node boot and shutdown)\n";

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "create", cmd_create }, { "set", cmd_set }, { "start", cmd_start },
	{ "stop", cmd_stop }, { "restart", cmd_restart }, { "status", cmd_status },
	{ "mount", cmd_mount }, { "umount", cmd_umount }, { "destroy", cmd_destroy },
	{ "delete", cmd_destroy }, { "exec", cmd_exec }, { "exec2", cmd_exec2 },
	{ "enter", cmd_enter }, { "console", cmd_console }, { "attach", cmd_console },
	{ "snapshot", cmd_snapshot }, { "snapshot-list", cmd_snapshot_list },
	{ "snapshot-switch", cmd_snapshot_switch }, { "snapshot-delete", cmd_snapshot_delete },
	{ "start-onboot", cmd_start_onboot }, { "stop-all", cmd_stop_all },
};

void vzctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("vzctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int vzctl_exit_code(enum ct_err kind)
{
	switch (kind) {
	case CT_ERR_USAGE:
		return EXIT_VZ_USAGE;
	case CT_ERR_VALUE:
		return EXIT_VZ_BAD_VALUE;
	case CT_ERR_NO_CT:
		return EXIT_VZ_NO_CT;
	case CT_ERR_NOT_RUNNING:
		return EXIT_VZ_NOT_RUNNING;
	case CT_ERR_RUNNING:
		return EXIT_VZ_RUNNING;
	case CT_ERR_EXISTS:
		return EXIT_VZ_EXISTS;
	case CT_ERR_FAIL:
	case CT_ERR_LOCKED:
		break;
	}
	return EXIT_VZ_FAIL;
}

int vzctl_fail(const struct ct *ct)
{
	vzctl_err("%s", ct->error);
	return vzctl_exit_code(ct->error_kind);
}

/* What the library says it does and did: on stdout, as OpenVZ's vzctl. */
static void notice_line(void *ctx, const char *msg)
{
	printf("%s\n", msg);
	fflush(stdout);
}

/* The phase of a long step (create): on a terminal only, so logs of
   scripted runs keep only what was done. */
static void progress_line(void *ctx, const char *msg)
{
	printf("  %s ...\n", msg);
	fflush(stdout);
}

static const struct report notice = { notice_line, NULL };
static const struct report progress = { progress_line, NULL };

int vzctl_open_id(struct ct *ct, unsigned ctid, unsigned flags)
{
	if (ct_open(ct, ctid, flags) < 0) {
		int rc = vzctl_fail(ct);

		ct_close(ct);
		return rc;
	}
	ct->notice = &notice;
	ct->progress = isatty(1) ? &progress : NULL;
	return 0;
}

int vzctl_open(struct ct *ct, const char *arg, unsigned flags)
{
	char err[CT_ERR_MAX];
	unsigned ctid;

	if (ct_resolve(arg, &ctid, err, sizeof err) < 0) {
		vzctl_err("%s", err);
		return EXIT_VZ_NO_CT;
	}
	return vzctl_open_id(ct, ctid, flags);
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && (strcmp(argv[1], "--quiet") == 0 || strcmp(argv[1], "--verbose") == 0)) {
		argv++;
		argc--;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_VZ_USAGE : 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	vzctl_err("unknown command %s", argv[1]);
	fputs(usage_text, stderr);
	return EXIT_VZ_USAGE;
}
