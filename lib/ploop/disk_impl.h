#ifndef VZHOST_PLOOP_DISK_IMPL_H
#define VZHOST_PLOOP_DISK_IMPL_H

/* Shared between the lib/ploop/disk_*.c files only; not an API. */

#include "ploop/disk.h"

/* ---- ploop_disk_path.c ---- */
/* The disk directory of a new image file's path, and its (valid) file name. */
int ploop_disk_split(const char *image_path, char *dir, size_t len, const char **file,
		     struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_fs.c: e2fsprogs and mount(2) ---- */
#define PLOOP_MKE2FS "/sbin/mke2fs"
#define PLOOP_E2FSCK "/sbin/e2fsck"
#define PLOOP_RESIZE2FS "/sbin/resize2fs"
/* Runs argv (absolute path); 0 on exit 0, else the message in ctx->error. */
int ploop_disk_run(const char *const argv[], struct ploop_disk_ctx *ctx);
/* ext4 on a block device or file of size_bytes (see docs/ploop.md for options). */
/* ext4 on target; inodes 0: one per 16 KiB, else about that many (mke2fs -N). */
int ploop_disk_mkfs(const char *target, uint64_t size_bytes, uint64_t inodes,
		    struct ploop_disk_ctx *ctx);
/* -EINVAL (named after target) when mkfs would refuse the size or inode count. */
int ploop_disk_mkfs_check(const char *target, uint64_t size_bytes, uint64_t inodes,
			  struct ploop_disk_ctx *ctx);
/* e2fsck -p; exit codes 1 and 2 (fixed) count as success. */
int ploop_disk_fsck(const char *dev, int force, struct ploop_disk_ctx *ctx);
int ploop_disk_resize2fs(const char *dev, uint64_t size_bytes, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_dev.c ---- */
/* Suspends, runs change(arg), loads the table for dir's current descriptor, resumes. */
int ploop_disk_dev_reload(const struct ploop_disk_dev *dev,
			  int (*change)(void *arg, struct ploop_disk_ctx *ctx), void *arg,
			  struct ploop_disk_ctx *ctx);
/* Creates and activates a device for dir (table from the descriptor). */
int ploop_disk_dev_create(const char *dir, int read_only, struct ploop_disk_dev *dev,
			  struct ploop_disk_ctx *ctx);
int ploop_disk_dev_remove(const struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx);
/* The mount point of major:minor from /proc/self/mountinfo ("" if none). */
int ploop_disk_mount_point(uint32_t major, uint32_t minor, char *mnt, size_t len);

/*
 * ---- the operations of disk.h for a caller that already holds the
 * directory's lock (one operation calling another) ----
 */
int ploop_disk_snapshot_locked(const char *dir, const char *guid, int temporary,
			       char *out_guid, struct ploop_disk_ctx *ctx);
int ploop_disk_snapshot_merge_locked(const char *dir, const char *guid,
				     struct ploop_disk_ctx *ctx);
int ploop_disk_merge_temporary_locked(const char *dir, unsigned *merged,
				      struct ploop_disk_ctx *ctx);
int ploop_disk_check_locked(const char *dir, unsigned flags, struct ploop_disk_ctx *ctx);
int ploop_disk_compact_locked(const char *dir, uint64_t *returned, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_snapshot.c ---- */
/* Creates an empty delta file like the top of dd (version, cluster, size). */
int ploop_disk_new_delta(const char *dir, const struct ploop_dd *dd, const char *file,
			 struct ploop_disk_ctx *ctx);
/*
 * Offline merge: delta index i's child into delta i, then the descriptor
 * saved and the child's file unlinked.
 */
int ploop_disk_merge_offline(const char *dir, struct ploop_dd *dd, unsigned i,
			     struct ploop_disk_ctx *ctx);

#endif
