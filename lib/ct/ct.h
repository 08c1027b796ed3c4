#ifndef VZHOST_CT_H
#define VZHOST_CT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf/vzconf.h"
#include "conf/vzsize.h"

/*
 * One container: its identity, configuration, lock, runtime state and
 * lifecycle (docs/containers-design.md, docs/containers.md). Functions
 * return 0, or -1 with one line in ct->error naming the container and the
 * cause ("CT 101: /vz/private/101: No such file or directory").
 */

#define CT_RUN_DIR "/run/vzhost/ct"
#define CT_LOCK_DIR "/vz/lock"
#define CT_CGROUP_DIR "/sys/fs/cgroup/vz"
#define CT_MONITOR "/sbin/vzmon"
#define CT_PATH_MAX 512
#define CT_ERR_MAX 600
#define CT_ID_RANGE 65536		/* uids per container */
#define CT_SLOTS_MAX 1024		/* containers with an id range */
#define CT_STOP_TIMEOUT 60		/* seconds, when STOP_TIMEOUT is not set */

enum ct_layout { CT_LAYOUT_SIMFS, CT_LAYOUT_PLOOP };

struct ct {
	unsigned ctid;
	int exists;			/* CTID.conf is there */
	struct vzconf conf;		/* /etc/vz/conf/CTID.conf */
	struct vzconf global;		/* /etc/vz/vz.conf */
	char conf_path[VZCONF_NAME_MAX];
	char root[CT_PATH_MAX];		/* VE_ROOT */
	char private_dir[CT_PATH_MAX];	/* VE_PRIVATE */
	enum ct_layout layout;
	uid_t uid_base;			/* host uid of container root */
	gid_t gid_base;
	int lock_fd;			/* -1 when not locked */
	char error[CT_ERR_MAX];
};

/* ---- ct_config.c: identity and configuration ---- */
/* A CTID or a NAME from some CT config; -1 (ENOENT) names the argument. */
int ct_resolve(const char *arg, unsigned *ctid, char *err, size_t errlen);
/* Loads vz.conf and CTID.conf (absent: ct->exists 0) and derives paths. */
int ct_open(struct ct *ct, unsigned ctid);
void ct_close(struct ct *ct);
const char *ct_get(const struct ct *ct, const char *key);	/* CT over vz.conf */
int ct_set(struct ct *ct, const char *key, const char *value);
int ct_save(struct ct *ct);
/* Derives root, private_dir, layout and the id base from the configs. */
int ct_paths(struct ct *ct);
/* Calls fn for every CTID.conf in /etc/vz/conf, in CTID order. */
int ct_foreach(int (*fn)(unsigned ctid, void *arg), void *arg);
/* The NAME's CTID, 0 if none; exclude is skipped (the CT being renamed). */
unsigned ct_name_owner(const char *name, unsigned exclude);
int ct_fail(struct ct *ct, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- ct_lock.c ---- */
/* Blocks until /vz/lock/CTID.lck is ours (flock LOCK_EX). */
int ct_lock(struct ct *ct);
void ct_unlock(struct ct *ct);

/* ---- ct_state.c: /run/vzhost/ct/CTID.{pid,mon} ---- */
struct ct_status {
	int exists, mounted, running;
	pid_t init_pid, monitor_pid;
};
int ct_status(struct ct *ct, struct ct_status *st);
int ct_state_write(unsigned ctid, const char *suffix, pid_t pid);
pid_t ct_state_read(unsigned ctid, const char *suffix);
void ct_state_remove(unsigned ctid, const char *suffix);
int ct_is_mounted(const char *path);

/* ---- ct_cgroup.c: /sys/fs/cgroup/vz/CTID ---- */
int ct_cgroup_create(struct ct *ct);
/* Writes every limit of the config into the cgroup (it must exist). */
int ct_cgroup_apply(struct ct *ct);
/* Only these (vzctl set without --save must not reset other unsaved limits). */
#define CT_CG_MEMORY 0x1u	/* memory.max, memory.high */
#define CT_CG_SWAP 0x2u		/* memory.swap.max */
#define CT_CG_PIDS 0x4u
#define CT_CG_CPU 0x8u
#define CT_CG_ALL 0xfu
int ct_cgroup_apply_some(struct ct *ct, unsigned what);
int ct_cgroup_kill(struct ct *ct);
/* Killed, emptied, sub-cgroups and subtree controllers gone: ready for a
   new init (reboot inside the container). */
int ct_cgroup_reset(struct ct *ct);
int ct_cgroup_remove(struct ct *ct);
/* The cgroup file's first line into buf; -1 if unreadable. */
int ct_cgroup_read(unsigned ctid, const char *file, char *buf, size_t size);
int ct_cgroup_path(unsigned ctid, const char *file, char *out, size_t size);
/* Processes in the container (cgroup pids.current), -1 if not running. */
long ct_nproc(unsigned ctid);

/* ---- ct_mount.c: the private area on VE_ROOT ---- */
int ct_mount(struct ct *ct);
int ct_umount(struct ct *ct);

/* ---- ct_start.c, ct_stop.c ---- */
#define CT_START_WAIT 0x1u	/* wait until the init has run (vzctl --wait) */
int ct_start(struct ct *ct, unsigned flags);
#define CT_STOP_FAST 0x1u
int ct_stop(struct ct *ct, unsigned flags);
/* 1 if the running init is systemd (it wants SIGRTMIN+3 to power off). */
int ct_init_is_systemd(pid_t init);

/* ---- ct_wait.c: vzctl start --wait ---- */
#define CT_WAIT_TIMEOUT 300	/* seconds */
/* Returns when the container's init has booted (docs/containers.md). */
int ct_wait_up(struct ct *ct, pid_t init, unsigned timeout);

/* ---- ct_net.c: lib/net/ctnet.h for the CT's IP_ADDRESS, NETIF, NAMESERVER ---- */
int ct_net_start(struct ct *ct, pid_t init);
int ct_net_stop(struct ct *ct);
/* One routed address added to (add 1) or removed from a running CT. */
int ct_net_ip(struct ct *ct, pid_t init, const char *ip, int add);
/* NETIF on a running CT from before (the old NETIF value) to the config's. */
int ct_net_netif(struct ct *ct, pid_t init, const char *before);
/* The CT's /etc/resolv.conf from NAMESERVER, now. */
int ct_net_resolv(struct ct *ct);

/* ---- ct_hostname.c ---- */
/*
 * HOSTNAME into the running CT: sethostname in its user and UTS namespaces
 * (entered through a pidfd of init, no /proc path), and its /etc/hostname
 * replaced inside its root (lib/base/rootfile.h). 0 without HOSTNAME.
 */
int ct_hostname_apply(struct ct *ct, pid_t init);

/* ---- ct_monitor.c: the body of vzmon (never returns on success) ---- */
int ct_monitor_run(struct ct *ct, int ready_fd);

/* ---- ct_ns.c, ct_dev.c, ct_caps.c, ct_seccomp.c: the container side ---- */
struct ct_child {
	const char *root;
	const char *hostname;
	const char *console;	/* host path of the console pty slave */
	int sync_fd;		/* read end: the monitor's go */
	int err_fd;		/* write end: a failure before exec */
};
int ct_ns_enter_root(const struct ct_child *c, char *err, size_t len);
int ct_dev_populate(const char *root, const char *console, char *err, size_t len);
int ct_caps_drop(char *err, size_t len);
int ct_seccomp_install(char *err, size_t len);

/* ---- ct_exec.c: vzctl exec/exec2/enter ---- */
/* Runs argv (NULL: /bin/sh -l) inside the running container as its root;
   returns the command's exit status (128+signal), or -1. */
int ct_exec(struct ct *ct, char *const argv[], unsigned flags);
#define CT_EXEC_SHELL 1u	/* argv[0] is a command line for /bin/sh -c */
#define CT_EXEC_PTY 2u		/* on the operator's terminal: a pty (enter) */

/* ---- ct_create.c, ct_destroy.c ---- */
struct tmpl_tls_ops;

struct ct_create_opts {
	const char *ostemplate;	/* NULL: an empty private area */
	const char *config;	/* sample name, NULL: CONFIGFILE of vz.conf */
	const char *layout;	/* "ploop", "simfs", NULL: VE_LAYOUT */
	/* a template missing from the cache comes from TEMPLATE_REPO (vz.conf) */
	const struct tmpl_tls_ops *tls;	/* https for it, NULL: refused */
	const struct report *notice;	/* told "Downloading template ..." */
};
/* The config of a new CT: the sample, VE_LAYOUT, OSTEMPLATE (ct->conf, not
   saved); the caller may then ct_set more keys before ct_create. */
int ct_create_prepare(struct ct *ct, const struct ct_create_opts *o);
/* The private area (from the template), then CTID.conf; nothing is left
   behind on failure. */
int ct_create(struct ct *ct, const struct ct_create_opts *o);
int ct_destroy(struct ct *ct);
/* rm -r of dir, not crossing mount points. */
int ct_remove_tree(const char *dir);

/* ---- ct_limits.c ---- */
/* Applies the disk size of the config to a ploop private area (grow online). */
int ct_disk_apply(struct ct *ct);
/* Bytes of DISKSPACE's limit, 0 when unlimited or unset. */
uint64_t ct_diskspace_bytes(const struct ct *ct);
/* DISKINODES' limit (the ploop filesystem's inode count at create); 0: unlimited. */
uint64_t ct_diskinodes(const struct ct *ct);

/* ---- ct_snapshot.c (ploop only) ---- */
int ct_snapshot(struct ct *ct, const char *guid, char *out_guid);
int ct_snapshot_switch(struct ct *ct, const char *guid);
int ct_snapshot_delete(struct ct *ct, const char *guid);
int ct_snapshot_list(struct ct *ct, int (*fn)(const char *guid, const char *parent, int current,
					      void *arg), void *arg);

#endif
