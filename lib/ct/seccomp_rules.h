/* The container's seccomp filter: what it refuses (lib/ct/seccomp_rules.c). */
#ifndef VZHOST_CT_SECCOMP_RULES_H
#define VZHOST_CT_SECCOMP_RULES_H

#include <stdint.h>

#define SECCOMP_NONE UINT32_MAX		/* no such call on that ABI */
#define SECCOMP_NR_REVIEWED 450		/* the last call of Linux 6.1, both ABIs */

/* The calls whose arguments are looked at, per ABI. */
#define SECCOMP_IOCTL_X86_64 16
#define SECCOMP_IOCTL_I386 54
#define SECCOMP_PERSONALITY_X86_64 135
#define SECCOMP_PERSONALITY_I386 136

/* personality(2): PER_LINUX with these flags, or the query 0xffffffff. */
#define SECCOMP_PERSONA_ALLOWED (0x0008u /* PER_LINUX32 */ | 0x0020000u /* UNAME26 */ | \
				 0x0040000u /* ADDR_NO_RANDOMIZE */)

struct seccomp_rule {
	const char *name;
	uint32_t nr_x86_64, nr_i386;
	int err;	/* errno returned */
};

struct sock_filter;

/* The filter's instructions into out; their count, 0 if max is too small. */
unsigned ct_seccomp_build(struct sock_filter *out, unsigned max);

extern const struct seccomp_rule seccomp_rules[];
extern const unsigned seccomp_rules_n;
extern const uint32_t seccomp_ioctls[];
extern const unsigned seccomp_ioctls_n;

#endif
