#ifndef VZHOST_PLOOP_DISK_H
#define VZHOST_PLOOP_DISK_H

#include <stddef.h>
#include <stdint.h>

#include "ploop/ploop.h"
#include "ploop/dd.h"
#include "base/report.h"

/*
 * Disk-level operations on a ploop disk directory: DiskDescriptor.xml plus
 * its deltas (docs/ploop.md). A disk is named by its directory or by the
 * path of its DiskDescriptor.xml. Functions return 0 or a negative errno;
 * on failure ctx->error holds one line naming the object and the cause
 * ("/vz/private/101/root.hdd/root.hds: BAT entry 17 points past end of
 * file"). Findings and repairs go to ctx->notes, one line each.
 *
 * Online (mounted) operations drive the kernel's dm "ploop" target: they
 * suspend the device (the kernel commits its metadata), change the image
 * files, load a new table and resume (the kernel re-reads headers and BATs).
 */

#define PLOOP_DISK_ERR_MAX 512
#define PLOOP_DISK_PATH_MAX 4096
#define PLOOP_DEV_PREFIX "ploop"	/* dm name and /dev/ploopN symlink */
#define PLOOP_DM_UUID_PREFIX "PLOOP-"
#define PLOOP_RUN_DIR "/run/ploop"	/* one state file per active device */

struct ploop_disk_ctx {
	struct report notes;		/* fn may be NULL */
	char error[PLOOP_DISK_ERR_MAX];
};

/* ---- ploop_disk_path.c ---- */
/*
 * The disk directory of a DiskDescriptor.xml path, a delta path or a
 * directory. A path with a symlink anywhere is refused, naming the symlink
 * ("/vz/private/101/root.hdd: is a symbolic link; refused"): a directory
 * moved in from elsewhere must not lead the node into another one.
 */
int ploop_disk_dir(const char *arg, char *dir, size_t len, struct ploop_disk_ctx *ctx);
/* 0 if dir opens as a disk directory (no symlink on the way), else the reason in ctx. */
int ploop_disk_dir_check(const char *dir, struct ploop_disk_ctx *ctx);
/* Sets ctx->error for a failure err (-errno) to open dir, naming a symlink on the way. */
int ploop_disk_dir_fail(struct ploop_disk_ctx *ctx, int err, const char *dir);
/* Loads the descriptor of dir, the reason in ctx->error on failure. */
int ploop_disk_load(const char *dir, struct ploop_dd *dd, struct ploop_disk_ctx *ctx);
int ploop_disk_save(const char *dir, const struct ploop_dd *dd, struct ploop_disk_ctx *ctx);
/* dir/file, -ENAMETOOLONG if it does not fit. */
int ploop_disk_path(char *out, size_t len, const char *dir, const char *file);
/* Sets ctx->error to "object: cause" and returns err (a negative errno). */
int ploop_disk_fail(struct ploop_disk_ctx *ctx, int err, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- ploop_disk_lock.c: the image directory lock ---- */
/*
 * Every operation below that changes or mounts a disk (create, mount,
 * umount, snapshot*, merge, resize, compact, convert, check, copy, delete)
 * holds its directory's lock for its whole run, as OpenVZ's ploop does:
 * flock(LOCK_EX) on DiskDescriptor.xml.lck in the directory, made 0644 when
 * missing (reached like every file there: beneath the directory, no
 * symlink, regular files only). A second operation waits up to
 * PLOOP_LOCK_TIMEOUT_MS, then fails -EBUSY naming the holder, which keeps
 * "PID COMMAND" in the file while it holds the lock. Reading (load, info,
 * snapshot-list) takes no lock: the descriptor is only ever replaced whole.
 */
#define PLOOP_LOCK_NAME PLOOP_DD_NAME ".lck"
#define PLOOP_LOCK_TIMEOUT_MS 60000u

struct ploop_disk_lock {
	int fd;
};
int ploop_disk_lock(const char *dir, unsigned timeout_ms, struct ploop_disk_lock *l,
		    struct ploop_disk_ctx *ctx);
void ploop_disk_unlock(struct ploop_disk_lock *l);

/* ---- ploop_disk_create.c ---- */
struct ploop_disk_create_opts {
	uint64_t size_bytes;
	uint32_t cluster_bytes;		/* 0: 1 MiB */
	enum ploop_version version;	/* 0: v2 */
	enum ploop_kind kind;
	int mkfs;			/* make an ext4 filesystem (ploop_disk_fs.c) */
	uint64_t inodes;		/* its inode count; 0: one per 16 KiB */
};
#define PLOOP_FS_INODES_MIN 1024u
/*
 * Creates the delta file image_path and DiskDescriptor.xml next to it.
 * -EEXIST if either exists.
 */
int ploop_disk_create(const char *image_path, const struct ploop_disk_create_opts *o,
		      struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_stack.c: the delta chain opened in userspace ---- */
struct ploop_disk_stack {
	struct ploop_dd dd;
	struct ploop_stack stack;
};
/* Opens every delta of dir bottom to top; the top RW if rw. Refused while mounted. */
int ploop_disk_stack_open(struct ploop_disk_stack *ds, const char *dir, int rw,
			  struct ploop_disk_ctx *ctx);
int ploop_disk_stack_close(struct ploop_disk_stack *ds);
/* Opens delta i of dd in dir with ploop_image_open flags (raw bases handled). */
int ploop_disk_delta_open(struct ploop_image **img, const char *dir, const struct ploop_dd *dd,
			  unsigned i, unsigned flags, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_dev.c: the dm device of a mounted disk ---- */
struct ploop_disk_dev {
	char name[64];			/* dm name, "ploop12345" */
	char path[80];			/* "/dev/ploop12345" */
	uint32_t major, minor;
	char dir[PLOOP_DISK_PATH_MAX];	/* the disk directory */
	char mnt[PLOOP_DISK_PATH_MAX];	/* mount point, "" if not mounted */
	int read_only;
};
/* 1 with *dev filled if dir has an active device, 0 if none, or -errno. */
int ploop_disk_find_device(const char *dir, struct ploop_disk_dev *dev);
/* Calls fn for every active ploop device; stops when fn returns non-zero. */
int ploop_disk_list_devices(int (*fn)(const struct ploop_disk_dev *dev, void *arg), void *arg);

/* ---- ploop_disk_mount.c ---- */
struct ploop_disk_mount_opts {
	const char *mount_point;	/* NULL: set up the device only */
	int read_only;
};
/*
 * Recovers first (a leftover temporary snapshot merged back, deltas with the
 * in-use mark checked and repaired, each fix reported), sets up the device
 * and mounts ext4 (e2fsck -p first when the filesystem needs it).
 */
int ploop_disk_mount(const char *dir, const struct ploop_disk_mount_opts *o,
		     struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx);
/* Unmounts (if mounted) and removes the device. -ENOENT if not active. */
int ploop_disk_umount(const char *dir, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_resize.c ---- */
/*
 * Mounted: grow only (suspend, grow the top, reload, resume, resize2fs).
 * Unmounted: grow, or shrink (e2fsck -f, resize2fs, then the image; the
 * disk must have a single delta to shrink).
 */
int ploop_disk_resize(const char *dir, uint64_t new_size_bytes, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_snapshot.c ---- */
/* New snapshot (guid NULL: random) returned in out_guid; online when mounted. */
int ploop_disk_snapshot(const char *dir, const char *guid, int temporary, char *out_guid,
			struct ploop_disk_ctx *ctx);
/* Merges delta guid's child into guid's delta and drops guid (not the top). */
int ploop_disk_snapshot_delete(const char *dir, const char *guid, struct ploop_disk_ctx *ctx);
/* Merges delta guid (NULL: the top) into its parent; the parent's GUID goes. */
int ploop_disk_snapshot_merge(const char *dir, const char *guid, struct ploop_disk_ctx *ctx);
/*
 * Discards the deltas above snapshot guid and starts a new empty top on it.
 * Snapshots between guid and the top are discarded only with force. Offline.
 */
int ploop_disk_snapshot_switch(const char *dir, const char *guid, int force,
			       struct ploop_disk_ctx *ctx);
/* Merges back every temporary snapshot (a crashed copy); *merged counts them. */
int ploop_disk_merge_temporary(const char *dir, unsigned *merged, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_check.c ---- */
#define PLOOP_DISK_CHECK_REPAIR 0x1u
#define PLOOP_DISK_CHECK_FORCE 0x2u	/* check cleanly closed deltas fully too */
/*
 * Checks every delta of dir (or the one image file when dir_or_file is a
 * delta). Without FORCE, a delta whose in-use mark is clear is checked
 * anyway (the check is cheap); FORCE additionally checks the descriptor
 * against the files. Returns the number of findings left, or -errno.
 * Refuses to repair a mounted disk (-EBUSY).
 */
int ploop_disk_check(const char *dir_or_file, unsigned flags, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_info.c ---- */
struct ploop_disk_info {
	struct ploop_dd dd;
	enum ploop_version version;
	enum ploop_kind kind;		/* of the base delta */
	uint64_t size_bytes;
	uint32_t cluster_bytes;
	uint64_t image_bytes;		/* allocated bytes of all delta files */
	int in_use;			/* some delta has the in-use mark */
	int mounted;
	struct ploop_disk_dev dev;	/* when mounted */
	uint64_t fs_total, fs_used, fs_free;	/* bytes, statvfs, when mounted */
	uint64_t fs_inodes, fs_inodes_free;
};
int ploop_disk_info(const char *dir, struct ploop_disk_info *info, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_compact.c ---- */
/* Mounted: FITRIM; unmounted: unmap zero clusters, fill holes from the end, truncate. */
int ploop_disk_compact(const char *dir, uint64_t *returned, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_convert.c (offline) ---- */
/* kind < 0 or version 0 keeps that property. */
int ploop_disk_convert(const char *dir, int kind, enum ploop_version version,
		       struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_copy.c: a disk as one standalone v2 delta on a stream ---- */
/*
 * Writes the disk's content (since_guid: only clusters changed above that
 * snapshot) to fd sequentially: header, compact BAT, clusters. Mounted:
 * through a temporary snapshot merged back afterwards.
 */
int ploop_disk_copy_out(const char *dir, const char *since_guid, int fd,
			struct ploop_disk_ctx *ctx);
/* Reads such a stream from fd into a new image file (and its descriptor). */
int ploop_disk_copy_in(int fd, const char *image_path, struct ploop_disk_ctx *ctx);

/* ---- ploop_disk_delete.c ---- */
/* Removes every delta and the descriptor (refused while mounted). */
int ploop_disk_delete(const char *dir, struct ploop_disk_ctx *ctx);

#endif
