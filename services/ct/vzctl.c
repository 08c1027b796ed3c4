/*
 * vzctl: OpenVZ's container command (docs/containers.md).
 *
 *   vzctl [--quiet|--verbose] COMMAND CTID|NAME [options]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

int vzctl_open(struct ct *ct, const char *arg, int lock, int must_exist)
{
	char err[CT_ERR_MAX];
	unsigned ctid;

	if (ct_resolve(arg, &ctid, err, sizeof err) < 0) {
		vzctl_err("%s", err);
		return VZCTL_NO_CT;
	}
	if (ct_open(ct, ctid) < 0 || (lock && ct_lock(ct) < 0)) {
		vzctl_err("%s", ct->error);
		ct_close(ct);
		return VZCTL_FAIL;
	}
	if (must_exist && !ct->exists) {
		vzctl_err("CT %u: does not exist (%s not found)", ctid, ct->conf_path);
		ct_close(ct);
		return VZCTL_NO_CT;
	}
	return 0;
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
		return argc < 2 ? VZCTL_USAGE : 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	vzctl_err("unknown command %s", argv[1]);
	fputs(usage_text, stderr);
	return VZCTL_USAGE;
}
