#ifndef VZHOST_VZDEVICES_H
#define VZHOST_VZDEVICES_H

#include <stddef.h>
#include <stdint.h>

/*
 * DEVICES and `vzctl set --devices`, OpenVZ's syntax: blank-separated
 * entries TYPE:MAJOR:MINOR:PERM, TYPE "c" or "b", MINOR a number or "all",
 * PERM "none" or some of r (read), w (write) and q (OpenVZ's disk quota
 * right, accepted and ignored: vzhost has no second-level quota). A later
 * entry for the same device replaces an earlier one; "none" removes it.
 * Parsers return NULL or the cause, naming the field.
 */

#define VZDEV_MAX 32			/* entries in one DEVICES value */
#define VZDEV_MAJOR_MAX 4095		/* the kernel's dev_t: 12 bits */
#define VZDEV_MINOR_MAX 1048575		/* and 20 bits */
#define VZDEV_MINOR_ALL UINT32_MAX
#define VZDEV_ENTRY_MAX 24		/* "c:4095:1048575:rwq" and some */

#define VZDEV_READ 0x1u
#define VZDEV_WRITE 0x2u
#define VZDEV_QUOTA 0x4u

struct vzdevice {
	char type;		/* 'c' or 'b' */
	uint32_t major, minor;	/* minor VZDEV_MINOR_ALL: every minor */
	unsigned perm;		/* VZDEV_*; 0 is "none" */
};

struct vzdevices {
	struct vzdevice dev[VZDEV_MAX];
	unsigned n;
};

/* One entry of len bytes (not NUL-terminated). */
const char *vzdevice_parse(const char *s, size_t len, struct vzdevice *d);
/* A whole DEVICES value; on error *entry is the 1-based entry at fault. */
const char *vzdevices_parse(const char *s, struct vzdevices *out, unsigned *entry);
/* Adds or replaces d's device in l; perm 0 removes it. */
const char *vzdevices_set(struct vzdevices *l, const struct vzdevice *d);
/* As vzctl set --save writes it; the length, or -1 (ENOSPC). */
int vzdevices_format(const struct vzdevices *l, char *buf, size_t size);
/* vzctl set --devices ENTRY: the DEVICES value cur (NULL: none) with entry set, into out. */
const char *vzdevices_merge(const char *cur, const char *entry, char *out, size_t size);

#endif
