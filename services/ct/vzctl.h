#ifndef VZHOST_VZCTL_H
#define VZHOST_VZCTL_H

#include "base/exit.h"
#include "ct/ct.h"
#include "ct/settings.h"

/*
 * vzctl: a front end over lib/ct. It turns argv into library calls and
 * the library's errors (ct->error_kind) into exit codes; the rules, the
 * checks and the work are the library's.
 */

void vzctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit code for a library failure of this kind. */
int vzctl_exit_code(enum ct_err kind);
/* ct->error on stderr; returns its exit code. */
int vzctl_fail(const struct ct *ct);
/* Opens the CT named by arg (CTID or NAME) with CT_OPEN_* flags, its
   notices on stdout; exit code (told) or 0. */
int vzctl_open(struct ct *ct, const char *arg, unsigned flags);
/* The same for a CTID. */
int vzctl_open_id(struct ct *ct, unsigned ctid, unsigned flags);

/* A setting at argv[*i] (--name VALUE or --name=VALUE, lib/ct/settings.h):
   1 taken, 0 not a setting, -exit code (told) when refused. */
int vzctl_setting(struct ct *ct, struct ct_settings *s, char **argv, int argc, int *i);

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
