#ifndef VZHOST_INIT_SYSCTL_H
#define VZHOST_INIT_SYSCTL_H

/*
 * The kernel settings the node holds for its containers' sake
 * (docs/security.md, "Node sysctls"): the kernel log and kernel addresses
 * kept from them, userfaultfd and unprivileged bpf off, link and FIFO
 * protections on. Problems are logged; the boot goes on.
 */
void sysctl_setup(void);

#endif
