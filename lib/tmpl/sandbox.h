#ifndef VZHOST_TMPL_SANDBOX_H
#define VZHOST_TMPL_SANDBOX_H

/*
 * Decompressors (gzip, xz, zstd) parse bytes from the internet, so each
 * runs confined (docs/security.md, "Templates and OCI images"): as the
 * unprivileged TMPL_SANDBOX_ID with no capabilities and no_new_privs,
 * under a seccomp allowlist (lib/tmpl/sandbox_filter.c) and rlimits, with
 * only stdin (the compressed file), stdout and stderr (pipes to us), an
 * empty environment, in its own mount, network, IPC and UTS namespaces
 * whose root is an empty read-only tmpfs holding nothing but the program,
 * bound read-only at /NAME: it must be a static program, as the node's are.
 */

#include <sys/types.h>

#define TMPL_SANDBOX_ID 901			/* uid and gid "vztmpl": owns no file */
#define TMPL_SANDBOX_MEM (256UL << 20)		/* address space and data, bytes */
#define TMPL_SANDBOX_CPU_BASE 30		/* CPU seconds, and per MiB of input: */
#define TMPL_SANDBOX_CPU_PER_MIB 10
#define TMPL_SANDBOX_SETUP_FAILED 126		/* exit status; stderr says "sandbox: ..." */
#define TMPL_SANDBOX_MOUNT "/mnt"		/* where its root is made, in its namespace */

struct tmpl_sandbox {
	pid_t pid;
	int out;		/* its stdout, read end */
	int err;		/* its stderr, read end (it writes without blocking) */
	unsigned cpu;		/* its CPU time limit, seconds */
};

/*
 * Starts the program at exe (absolute path) confined, as argv (argv[0] a
 * plain name: the program's path in the sandbox is /argv[0]), stdin on in
 * (a regular file, its size sets the CPU time limit). -1 with errno if it
 * could not be forked; a failure to confine it is its exit status
 * TMPL_SANDBOX_SETUP_FAILED with the cause on its stderr.
 */
int tmpl_sandbox_start(struct tmpl_sandbox *sb, const char *exe, char *const argv[], int in);
/* Installs the decompressors' seccomp allowlist on the calling thread (no_new_privs set). */
int tmpl_sandbox_filter_install(void);

#endif
