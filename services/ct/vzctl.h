#ifndef VZHOST_VZCTL_H
#define VZHOST_VZCTL_H

#include "ct/ct.h"

/* Exit codes (docs/containers.md); the OpenVZ numbers where they exist. */
enum {
	VZCTL_OK = 0,
	VZCTL_FAIL = 1,
	VZCTL_USAGE = 2,	/* VZ_INVALID_PARAMETER_SYNTAX */
	VZCTL_BAD_VALUE = 3,	/* VZ_INVALID_PARAMETER_VALUE */
	VZCTL_NO_CT = 11,	/* no such container */
	VZCTL_NOT_RUNNING = 31,	/* VZ_VE_NOT_RUNNING */
	VZCTL_RUNNING = 32,	/* VZ_VE_RUNNING */
	VZCTL_EXISTS = 44,	/* VZ_FS_PRVT_AREA_EXIST */
};

/* Options of set (and create): name, value, the config keys they change. */
#define VZCTL_CHANGES_MAX 64
struct vzctl_change {
	const char *key;
	char value[VZCONF_VALUE_MAX];
};
struct vzctl_changes {
	struct vzctl_change c[VZCTL_CHANGES_MAX];
	unsigned n;
	int save;
	int limits, disk, hostname, network, resolv;	/* what to apply to a running CT */
	int ip_saved;
	char ip_before[VZCONF_VALUE_MAX];	/* IP_ADDRESS before the first --ipadd/--ipdel */
	char netif_before[VZCONF_VALUE_MAX];	/* NETIF then */
};

void vzctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens and locks the CT named by arg (CTID or NAME); exit code or 0. */
int vzctl_open(struct ct *ct, const char *arg, int lock, int must_exist);

/* Parses one set option at argv[*i] (--opt VALUE or --opt=VALUE);
   1 parsed, 0 not a set option, -exit code on a bad value. */
int set_option_parse(struct ct *ct, char **argv, int argc, int *i, struct vzctl_changes *ch);
int set_changes_apply(struct ct *ct, const struct vzctl_changes *ch);

int cmd_create(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_restart(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_exec2(int argc, char **argv);
int cmd_enter(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_snapshot_list(int argc, char **argv);
int cmd_snapshot_switch(int argc, char **argv);
int cmd_snapshot_delete(int argc, char **argv);
int cmd_start_onboot(int argc, char **argv);
int cmd_stop_all(int argc, char **argv);

#endif
