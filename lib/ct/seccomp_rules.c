#include <errno.h>

#include "ct/seccomp_rules.h"

/*
 * System calls refused in a container, reviewed against Docker's default
 * profile and LXC's (docs/security.md, "Container runtime", lists why each
 * is here and what is allowed on purpose). Numbers from the kernel's
 * arch/x86/entry/syscalls/syscall_{64,32}.tbl; NONE where the ABI has no
 * such call. Calls past SECCOMP_NR_REVIEWED get ENOSYS: a kernel newer than
 * this review offers nothing it has not seen.
 *
 * EPERM is what a user namespace's root gets from the kernel for most of
 * these anyway; ENOSYS where programs try the call and fall back on
 * "not implemented" (the new mount API: util-linux and systemd then use
 * mount(2)).
 */
const struct seccomp_rule seccomp_rules[] = {
	/* the node's kernel: modules, kexec, raw I/O, swap, accounting */
	{ "init_module", 175, 128, EPERM },
	{ "finit_module", 313, 350, EPERM },
	{ "delete_module", 176, 129, EPERM },
	{ "kexec_load", 246, 283, EPERM },
	{ "kexec_file_load", 320, SECCOMP_NONE, EPERM },
	{ "ioperm", 173, 101, EPERM },
	{ "iopl", 172, 110, EPERM },
	{ "vm86old", SECCOMP_NONE, 113, EPERM },
	{ "vm86", SECCOMP_NONE, 166, EPERM },
	{ "swapon", 167, 87, EPERM },
	{ "swapoff", 168, 115, EPERM },
	{ "acct", 163, 51, EPERM },
	{ "uselib", 134, 86, EPERM },
	{ "quotactl", 179, 131, EPERM },
	{ "quotactl_fd", 443, 443, EPERM },
	/* the node's clock (not namespaced; adjtimex queries stay allowed) */
	{ "settimeofday", 164, 79, EPERM },
	{ "clock_settime", 227, 264, EPERM },
	{ "clock_settime64", SECCOMP_NONE, 404, EPERM },
	{ "stime", SECCOMP_NONE, 25, EPERM },
	/* the node's log, keyrings (not namespaced), file handles */
	{ "syslog", 103, 103, EPERM },
	{ "add_key", 248, 286, EPERM },
	{ "request_key", 249, 287, EPERM },
	{ "keyctl", 250, 288, EPERM },
	{ "lookup_dcookie", 212, 253, EPERM },
	{ "open_by_handle_at", 304, 342, EPERM },
	/* large kernel surfaces a container does not need */
	{ "bpf", 321, 357, EPERM },
	{ "perf_event_open", 298, 336, EPERM },
	{ "userfaultfd", 323, 374, EPERM },
	{ "io_uring_setup", 425, 425, EPERM },
	{ "io_uring_enter", 426, 426, EPERM },
	{ "io_uring_register", 427, 427, EPERM },
	/* the new mount API (fsconfig's parsers, detached trees): mount(2) stays */
	{ "open_tree", 428, 428, ENOSYS },
	{ "move_mount", 429, 429, ENOSYS },
	{ "fsopen", 430, 430, ENOSYS },
	{ "fsconfig", 431, 431, ENOSYS },
	{ "fsmount", 432, 432, ENOSYS },
	{ "fspick", 433, 433, ENOSYS },
	{ "mount_setattr", 442, 442, ENOSYS },
};
const unsigned seccomp_rules_n = sizeof seccomp_rules / sizeof seccomp_rules[0];

/*
 * ioctl(2) requests refused on any fd: TIOCSTI pushes input into a
 * terminal and TIOCLINUX can paste a selection; a process must not type
 * into a terminal it shares with the node. The request is an unsigned int:
 * its low 32 bits decide.
 */
const uint32_t seccomp_ioctls[] = { 0x5412 /* TIOCSTI */, 0x541C /* TIOCLINUX */ };
const unsigned seccomp_ioctls_n = sizeof seccomp_ioctls / sizeof seccomp_ioctls[0];
