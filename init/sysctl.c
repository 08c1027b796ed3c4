#include <errno.h>
#include <string.h>

#include "base/file.h"
#include "base/log.h"
#include "sysctl.h"

static const struct {
	const char *path, *value;
	int optional;	/* absent when the kernel lacks the feature: nothing to turn off */
} node_sysctls[] = {
	/* dmesg and /dev/kmsg need CAP_SYSLOG of the node: containers see no node log */
	{ "/proc/sys/kernel/dmesg_restrict", "1", 0 },
	/* no kernel address in /proc/kallsyms, /proc/modules or %pK output for anyone */
	{ "/proc/sys/kernel/kptr_restrict", "2", 0 },
	/* userfaultfd of kernel faults (stalling the kernel at will) needs the node's CAP_SYS_PTRACE */
	{ "/proc/sys/vm/unprivileged_userfaultfd", "0", 1 },
	/* bpf(2) for the node's root only, for good (1 cannot be undone) */
	{ "/proc/sys/kernel/unprivileged_bpf_disabled", "1", 1 },
	/* what Debian's systemd sets: no following of another user's link in a
	   sticky directory, no hard link to a file one cannot write, no writing
	   to another user's FIFO or file there */
	{ "/proc/sys/fs/protected_symlinks", "1", 0 },
	{ "/proc/sys/fs/protected_hardlinks", "1", 0 },
	{ "/proc/sys/fs/protected_fifos", "1", 0 },
	{ "/proc/sys/fs/protected_regular", "1", 0 },
};

void sysctl_setup(void)
{
	size_t i;

	for (i = 0; i < sizeof node_sysctls / sizeof node_sysctls[0]; i++)
		if (file_write_string(node_sysctls[i].path, node_sysctls[i].value) < 0 &&
		    !(node_sysctls[i].optional && errno == ENOENT))
			log_warn("%s: %s", node_sysctls[i].path, strerror(errno));
}
