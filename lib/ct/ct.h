#ifndef VZHOST_CT_H
#define VZHOST_CT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/report.h"
#include "conf/vzconf.h"
#include "conf/vzsize.h"
#include "ct/lock.h"

/*
 * One container: its identity, configuration, lock, runtime state and
 * lifecycle (docs/containers-design.md, docs/containers.md). Every front
 * end (vzctl, vzlist, the console menu, the web service) goes through
 * these functions; they print nothing. They return 0, or -1 with one line
 * in ct->error naming the container and the cause ("CT 101: /vz/private/101:
 * No such file or directory"), ct->error_kind saying what kind of failure
 * it is (what a front end turns into an exit code or an HTTP status) and,
 * for a refused setting, ct->error_field and ct->error_why naming the
 * setting and the cause on their own.
 */

#define CT_RUN_DIR "/run/vzhost/ct"
#define CT_CGROUP_ROOT "/sys/fs/cgroup"
#define CT_CGROUP_VZ "/vz"		/* every container's cgroup is below */
#define CT_CGROUP_DIR CT_CGROUP_ROOT CT_CGROUP_VZ
#define CT_MONITOR "/sbin/vzmon"
#define CT_PATH_MAX 512
#define CT_ERR_MAX 600
#define CT_FIELD_MAX 32
#define CT_ID_RANGE 65536		/* uids per container */
#define CT_ID_NODE 65536		/* ids below are the node's own */
#define CT_SLOTS_MAX 1024		/* containers with an id range */
#define CT_STOP_TIMEOUT 60		/* seconds, when STOP_TIMEOUT is not set */
#define CT_DEF_OSTEMPLATE "busybox"	/* when vz.conf has no DEF_OSTEMPLATE */
/* cgroup.max.depth and cgroup.max.descendants of every container cgroup:
   room for systemd's slices and a nested container manager, not for
   exhausting the node's cgroup (memcg) ids (docs/security.md). */
#define CT_CG_DEPTH_MAX 16
#define CT_CG_DESCENDANTS_MAX 512

enum ct_layout { CT_LAYOUT_SIMFS, CT_LAYOUT_PLOOP };

enum ct_err {
	CT_ERR_FAIL,		/* the operation failed */
	CT_ERR_USAGE,		/* an unknown setting, too many settings */
	CT_ERR_VALUE,		/* a refused value: error_field, error_why */
	CT_ERR_NO_CT,		/* no such container */
	CT_ERR_NOT_RUNNING,
	CT_ERR_RUNNING,
	CT_ERR_EXISTS,		/* create: the container exists */
	CT_ERR_LOCKED,		/* its lock stayed held for CT_LOCK_WAIT seconds */
};

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
	struct ct_lock lock;
	/* What the operations tell; a front end sets these after ct_open
	   (NULL: nothing is told). */
	const struct report *notice;	/* what was done: "Container 101 started" */
	const struct report *progress;	/* the phase of a long step: "Unpacking busybox" */
	const struct report *warn;	/* a problem that does not fail the operation */
	/* The last failure. */
	char error[CT_ERR_MAX];
	enum ct_err error_kind;
	char error_field[CT_FIELD_MAX];	/* the refused setting ("ram"), or "" */
	const char *error_why;		/* its cause alone (a static string), or NULL */
};

/* ---- error.c: ct->error and its kind ---- */
int ct_fail(struct ct *ct, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ct_fail_as(struct ct *ct, enum ct_err kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A refused setting: "CT 101: NAME: WHY", with error_field and error_why. */
int ct_fail_field(struct ct *ct, enum ct_err kind, const char *name, const char *why);
void ct_error_clear(struct ct *ct);

/* ---- open.c: a container opened for reading, or locked and then read ---- */
#define CT_OPEN_LOCK 0x1u	/* take its lock first (CT_LOCK_WAIT s at most), then read */
#define CT_OPEN_EXISTING 0x2u	/* refuse (CT_ERR_NO_CT) one without CTID.conf */
#define CT_OPEN_NEW 0x4u	/* refuse (CT_ERR_EXISTS) one with CTID.conf (create) */
/* Loads vz.conf and CTID.conf (absent: ct->exists 0) and derives paths. */
int ct_open(struct ct *ct, unsigned ctid, unsigned flags);
/* Releases the lock and the configs; for any ct ct_open was called on. */
void ct_close(struct ct *ct);

/* ---- config.c: identity and configuration ---- */
/* A CTID or a NAME from some CT config; -1 (ENOENT) names the argument. */
int ct_resolve(const char *arg, unsigned *ctid, char *err, size_t errlen);
const char *ct_get(const struct ct *ct, const char *key);	/* CT over vz.conf */
int ct_set(struct ct *ct, const char *key, const char *value);
int ct_save(struct ct *ct);
/* Reads vz.conf and CTID.conf into ct (ct_open does, after the lock). */
int ct_config_load(struct ct *ct);
/* Derives root, private_dir, layout and the id base from the configs. */
int ct_paths(struct ct *ct);
/* LOCAL_UID or LOCAL_GID as a start takes it: conf's, else global's, else
   100000; NULL, or why the value is refused. */
const char *ct_id_base_of(const struct vzconf *conf, const struct vzconf *global,
			  const char *key, unsigned long long *base);
/* The NAME's CTID, 0 if none; exclude is skipped (the CT being renamed). */
unsigned ct_name_owner(const char *name, unsigned exclude);

/* ---- list.c: the containers there are ---- */
#define CT_LIST_MAX 4096
struct ct_list {
	unsigned id[CT_LIST_MAX];	/* the lowest CTIDs with a CTID.conf, ascending */
	size_t n;
	size_t total;			/* all there are (more than n past CT_LIST_MAX) */
};
int ct_list(struct ct_list *list);

/* ---- ids.c: the container's host id range ---- */
/*
 * LOCAL_UID and LOCAL_GID as a config moved in from elsewhere may set
 * them: refused (CT_ERR_VALUE, naming CTID.conf, the key and the cause)
 * when a range holds an id of the node's (below CT_ID_NODE, or in the
 * node's /etc/passwd or /etc/group) or overlaps another container's.
 */
int ct_ids_check(struct ct *ct);
/* fn for every other container with its LOCAL_UID and LOCAL_GID bases (as
   ct_id_base_of, with ct's vz.conf), until fn returns non-zero. */
int ct_ids_others(struct ct *ct, int (*fn)(unsigned ctid, const unsigned long long base[2],
					    void *arg), void *arg);

/* ---- state.c: /run/vzhost/ct/CTID.{pid,mon,gen} ---- */
/*
 * A pid file (CTID.pid, CTID.mon) holds the pid and CTID.SUFFIX.start
 * beside it the process's start time (lib/ct/proc.h): it names that
 * process only while a process with that pid and start time lives and
 * has not exited. Running means the monitor and the container's init
 * both live.
 */
struct ct_status {
	int exists, mounted, running;
	pid_t init_pid, monitor_pid;	/* 0 unless that process lives */
};
int ct_status(struct ct *ct, struct ct_status *st);
int ct_state_write(unsigned ctid, const char *suffix, pid_t pid);
/* The pid the file names if that process lives (as above), else 0. */
pid_t ct_state_read(unsigned ctid, const char *suffix);
/* A pidfd of the process the file names if it lives (*pid: its pid);
   -1 (ESRCH) if not. */
int ct_state_pidfd(unsigned ctid, const char *suffix, pid_t *pid);
void ct_state_remove(unsigned ctid, const char *suffix);
int ct_is_mounted(const char *path);
/*
 * The generation of the container's instance (CTID.gen, 0 when none): a
 * start moves it on and hands it to its monitor, and so does ending an
 * instance; a monitor touches the container only while, under its lock,
 * the generation is still its own. Both under the container's lock.
 */
uint64_t ct_generation(unsigned ctid);
int ct_generation_next(struct ct *ct, uint64_t *gen);

/* ---- instance.c: the end of a running instance ---- */
#define CT_END_KEEP_MOUNT 0x1u	/* a start that follows keeps the mount */
/*
 * Ends the container's instance, whoever ran it (its monitor, stop, a
 * start that finds the init gone): the state files, networking (a failure
 * there goes to ct->warn), the cgroup and the mount; the generation moves
 * on. Under the container's lock.
 */
int ct_instance_end(struct ct *ct, unsigned flags);

/* ---- cgroup.c: /sys/fs/cgroup/vz/CTID ---- */
int ct_cgroup_create(struct ct *ct);
/* Writes every limit of the config into the cgroup (it must exist). */
int ct_cgroup_apply(struct ct *ct);
/* Only these (vzctl set without --save must not reset other unsaved limits). */
#define CT_CG_MEMORY 0x1u	/* memory.max, memory.high */
#define CT_CG_SWAP 0x2u		/* memory.swap.max */
#define CT_CG_PIDS 0x4u
#define CT_CG_CPU 0x8u
#define CT_CG_DEVICES 0x10u	/* the device program (DEVICES) */
#define CT_CG_ALL 0x1fu
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

/* ---- devices.c: the device allowlist, a BPF program on the cgroup ---- */
/* The defaults and DEVICES' grants on the container's cgroup (it must exist). */
int ct_devices_apply(struct ct *ct);

/* ---- mount.c: the private area on VE_ROOT ---- */
/* Mounted nodev,nosuid, with the container's view (setuid allowed). */
int ct_mount(struct ct *ct);
int ct_umount(struct ct *ct);
/* The view of VE_ROOT root the container is built from (lib/ct/mount.c);
   -1 (EINVAL) for a root with ".", ".." or empty components. */
int ct_view_path(const char *root, char *out, size_t size);

/* ---- start.c, stop.c: the mechanisms under ct_op_start and ct_op_stop ---- */
#define CT_START_WAIT 0x1u	/* wait until the init has run (vzctl --wait) */
int ct_start(struct ct *ct, unsigned flags);
#define CT_STOP_FAST 0x1u
int ct_stop(struct ct *ct, unsigned flags);
/* 1 if the running init is systemd (it wants SIGRTMIN+3 to power off). */
int ct_init_is_systemd(pid_t init);

/* ---- wait.c: vzctl start --wait ---- */
#define CT_WAIT_TIMEOUT 300	/* seconds */
/* Returns when the container's init has booted (docs/containers.md). */
int ct_wait_up(struct ct *ct, pid_t init, unsigned timeout);

/* ---- net.c: lib/net/ctnet.h for the CT's IP_ADDRESS, NETIF, NAMESERVER ---- */
int ct_net_start(struct ct *ct, pid_t init);
int ct_net_stop(struct ct *ct);
/* One routed address added to (add 1) or removed from a running CT. */
int ct_net_ip(struct ct *ct, pid_t init, const char *ip, int add);
/* NETIF on a running CT from before (the old NETIF value) to the config's. */
int ct_net_netif(struct ct *ct, pid_t init, const char *before);
/* The CT's /etc/resolv.conf from NAMESERVER, now. */
int ct_net_resolv(struct ct *ct);

/* ---- hostname.c ---- */
/*
 * HOSTNAME into the running CT: sethostname in its user and UTS namespaces
 * (entered through a pidfd of init, no /proc path), and its /etc/hostname
 * replaced inside its root (lib/base/rootfile.h). 0 without HOSTNAME.
 */
int ct_hostname_apply(struct ct *ct);

/* ---- monitor.c: the body of vzmon (never returns on success) ---- */
/* gen: the generation ct_start gave this instance (ct_generation). */
int ct_monitor_run(struct ct *ct, int ready_fd, uint64_t gen);

/* ---- ns.c, dev.c, caps.c, seccomp.c: the container side ---- */
struct ct_child {
	const char *root;
	const char *hostname;
	const char *console;	/* host path of the console pty slave */
	int sync_fd;		/* read end: the monitor's go */
	int err_fd;		/* write end: a failure before exec */
};
int ct_ns_enter_root(const struct ct_child *c, char *err, size_t len);
int ct_dev_populate(const char *root, const char *console, char *err, size_t len);
/* /proc and /sys masked and read-only where they reach the whole node. */
int ct_masks_apply(char *err, size_t len);
int ct_caps_drop(char *err, size_t len);
int ct_seccomp_install(char *err, size_t len);

/* ---- exec.c: vzctl exec/exec2/enter ---- */
/* Runs argv (NULL: /bin/sh -l) inside the running container as its root;
   returns the command's exit status (128+signal), or -1. */
int ct_exec(struct ct *ct, char *const argv[], unsigned flags);
#define CT_EXEC_SHELL 1u	/* argv[0] is a command line for /bin/sh -c */
#define CT_EXEC_PTY 2u		/* on the operator's terminal: a pty (enter) */

/* ---- create.c, destroy.c ---- */
struct tmpl_tls_ops;

struct ct_create_opts {
	const char *ostemplate;	/* NULL: DEF_OSTEMPLATE of vz.conf, else CT_DEF_OSTEMPLATE */
	const char *config;	/* sample name, NULL: CONFIGFILE of vz.conf */
	const char *layout;	/* "ploop", "simfs", NULL: VE_LAYOUT */
	/* a template missing from the cache comes from TEMPLATE_REPO (vz.conf) */
	const struct tmpl_tls_ops *tls;	/* https for it, NULL: refused */
};
/* create's own settings by name ("ostemplate", "config", "layout", as
   vzctl's --NAME and a request's key): 1 if name is one (kept in o). */
int ct_create_opt(struct ct_create_opts *o, const char *name, const char *value);
/* NULL, or why o is refused (a pure check, no container needed), with
   *field and *value naming the setting and its value. */
const char *ct_create_opts_check(const struct ct_create_opts *o, const char **field,
				 const char **value);
/* The config of a new CT: the sample, VE_LAYOUT, OSTEMPLATE (ct->conf, not
   saved); the caller may then add settings (lib/ct/settings.h) before
   ct_create. Refuses (CT_ERR_EXISTS) a CT that exists. */
int ct_create_prepare(struct ct *ct, const struct ct_create_opts *o);
/* The private area from the template, then CTID.conf; nothing is left
   behind on failure, and a template without /sbin/init is refused (the
   container could not start). Tells ct->notice what it made and
   ct->progress each phase. */
int ct_create(struct ct *ct, const struct ct_create_opts *o);
int ct_destroy(struct ct *ct);
/* rm -r of dir, not crossing mount points. */
int ct_remove_tree(const char *dir);

/* ---- limits.c ---- */
/* Applies the disk size of the config to a ploop private area (grow online). */
int ct_disk_apply(struct ct *ct);
/* Bytes of DISKSPACE's limit, 0 when unlimited or unset. */
uint64_t ct_diskspace_bytes(const struct ct *ct);
/* DISKINODES' limit (the ploop filesystem's inode count at create); 0: unlimited. */
uint64_t ct_diskinodes(const struct ct *ct);

/* ---- snapshot.c (ploop only) ---- */
int ct_snapshot(struct ct *ct, const char *guid, char *out_guid);
int ct_snapshot_switch(struct ct *ct, const char *guid);
int ct_snapshot_delete(struct ct *ct, const char *guid);
int ct_snapshot_list(struct ct *ct, int (*fn)(const char *guid, const char *parent, int current,
					      void *arg), void *arg);

#endif
