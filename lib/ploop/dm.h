#ifndef VZHOST_DM_H
#define VZHOST_DM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Device-mapper through its ioctl interface on /dev/mapper/control, so
 * musl-static tools need neither libdevmapper nor dmsetup. A device is
 * named by its dm name (at most DM_NAME_MAX - 1 bytes). Functions return 0
 * or a negative errno; when the kernel refuses a table, the reason is in the
 * kernel log (dmesg), which the caller should point the user at.
 */

#define DM_NAME_MAX 128
#define DM_UUID_MAX 129
#define DM_PARAMS_MAX 4096

struct dm_target_spec_line {
	uint64_t start;			/* sectors */
	uint64_t length;		/* sectors */
	const char *type;		/* "ploop", "linear", ... */
	const char *params;
};

struct dm_info {
	uint32_t major, minor;
	uint32_t open_count;
	uint32_t target_count;
	int suspended;
	int read_only;
	int active;			/* a live table is loaded */
};

/* Creates an empty device (no table yet); uuid may be NULL. */
int dm_create(const char *name, const char *uuid);
/* Loads one target as the inactive table; DM_READONLY if read_only. */
int dm_load(const char *name, const struct dm_target_spec_line *t, int read_only);
/* Suspends (flushing outstanding I/O; noflush = 0) or resumes the device. */
int dm_suspend(const char *name);
int dm_resume(const char *name);
/* Suspends without the flush (DM_NOFLUSH_FLAG): a device whose writes fail. */
int dm_suspend_noflush(const char *name);
/* Removes the device; -EBUSY while it is open (mounted). */
int dm_remove(const char *name);
int dm_info(const char *name, struct dm_info *info);
/*
 * The live table's status line (table = 0, STATUSTYPE_INFO) or table line
 * (table = 1) of the first target, with type, start and length.
 */
int dm_status(const char *name, int table, struct dm_target_spec_line *t,
	      char *params, size_t params_len, char *type, size_t type_len);
/* Sends a message to the target at sector 0; the reply (if any) in out. */
int dm_message(const char *name, const char *msg, char *out, size_t out_len);
/*
 * Calls fn for every dm device; stops early when fn returns non-zero and
 * returns that value.
 */
int dm_list(int (*fn)(const char *name, uint32_t major, uint32_t minor, void *arg), void *arg);
/* The uuid of a device (empty string when it has none). */
int dm_uuid(const char *name, char *uuid, size_t len);

#endif
