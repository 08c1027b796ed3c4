#ifndef VZHOST_PLOOP_H
#define VZHOST_PLOOP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Userspace access to OpenVZ ploop images (docs/ploop-library.md; the format
 * is ../shared/docs/ploop-format.md). The 64-byte header is encoded and
 * decoded field by field, little-endian; every size read from an image is
 * range-checked before use. Functions return 0 or a negative errno unless
 * said otherwise.
 */

#define PLOOP_SECTOR 512u
#define PLOOP_HEADER_SIZE 64u
#define PLOOP_SIG_SIZE 16u
#define PLOOP_SIG_V1 "WithoutFreeSpace"
#define PLOOP_SIG_V2 "WithouFreSpacExt"
#define PLOOP_TYPE_EXPANDING 2u
#define PLOOP_IN_USE 0x746F6E59u
#define PLOOP_FLAG_EMPTY 0x1u
#define PLOOP_FLAG_CONVERTING 0x2u
#define PLOOP_BAT_INVALID 0xFFFFFFFFu

#define PLOOP_CLUSTER_DEFAULT (1u << 20)
#define PLOOP_CLUSTER_MIN PLOOP_SECTOR
#define PLOOP_CLUSTER_MAX (64u << 20)
#define PLOOP_V1_MAX_SECTORS 0xFFFFFFFFu	/* size and BAT sector offsets are u32 */

enum ploop_version { PLOOP_V1 = 1, PLOOP_V2 = 2 };
enum ploop_kind { PLOOP_EXPANDED, PLOOP_PREALLOCATED, PLOOP_RAW };

/* Header field offsets, for tools that patch one field. */
enum {
	PLOOP_OFF_SIG = 0x00, PLOOP_OFF_TYPE = 0x10, PLOOP_OFF_HEADS = 0x14,
	PLOOP_OFF_CYLINDERS = 0x18, PLOOP_OFF_CLUSTER = 0x1C, PLOOP_OFF_BAT_ENTRIES = 0x20,
	PLOOP_OFF_SIZE = 0x24, PLOOP_OFF_IN_USE = 0x2C, PLOOP_OFF_FIRST_BLOCK = 0x30,
	PLOOP_OFF_FLAGS = 0x34, PLOOP_OFF_EXT = 0x38,
};

struct ploop_header {
	enum ploop_version version;
	uint32_t type;
	uint32_t heads;
	uint32_t cylinders;
	uint32_t cluster_sectors;
	uint32_t bat_entries;
	uint64_t size_sectors;		/* v1: the low 4 bytes on disk */
	uint32_t size_high_v1;		/* v1: bytes 0x28..0x2B, kept as found */
	uint32_t in_use;
	uint32_t first_block;		/* sectors */
	uint32_t flags;
	uint64_t ext_offset;		/* sectors, 0 = none */
};

/* ---- ploop_geometry.c ---- */
/* CHS for a disk of `sectors` (already rounded up to a whole cluster). */
void ploop_geometry(uint64_t sectors, uint32_t *heads, uint32_t *cylinders, uint32_t *spt);

/* ---- ploop_header.c ---- */
int ploop_cluster_bytes_valid(uint64_t cluster_bytes);
/* Sectors of header+BAT for `entries` BAT entries, rounded up to a cluster. */
uint64_t ploop_first_block_sectors(uint64_t entries, uint32_t cluster_sectors);
/* Fills a fresh header (flags "empty", not in use); -EINVAL / -EFBIG on bad sizes. */
int ploop_header_init(struct ploop_header *h, enum ploop_version v, uint64_t size_bytes,
		      uint32_t cluster_bytes);
void ploop_header_encode(const struct ploop_header *h, unsigned char out[PLOOP_HEADER_SIZE]);
/* Decodes any 64 bytes with a known signature (-EINVAL otherwise); no range checks. */
int ploop_header_decode(const unsigned char *buf, size_t len, struct ploop_header *h);
/*
 * Range checks a decoded header on its own (cluster size, BAT entries against
 * the size, first block offset). Returns 0, or -EINVAL with the reason in why.
 */
int ploop_header_validate(const struct ploop_header *h, char *why, size_t why_len);
/* Sets the size and everything derived from it (entries, first block, CHS). */
int ploop_header_set_size(struct ploop_header *h, uint64_t size_sectors);

/* ---- ploop_bat.c ---- */
uint32_t ploop_le32(const unsigned char *p);
void ploop_put_le32(unsigned char *p, uint32_t v);
/* Byte offset of BAT entry i in the file. */
uint64_t ploop_bat_entry_offset(uint32_t i);
/* File cluster index an entry names; -EINVAL for 0xFFFFFFFF or a v1 misaligned one. */
int ploop_bat_entry_cluster(const struct ploop_header *h, uint32_t entry, uint64_t *cluster);
/* The entry naming file cluster c; -EFBIG if it does not fit in 32 bits. */
int ploop_bat_entry_make(const struct ploop_header *h, uint64_t cluster, uint32_t *entry);
/* Decodes n little-endian entries. */
void ploop_bat_decode(const unsigned char *buf, uint32_t n, uint32_t *bat);

/*
 * ---- ploop_file.c: the files of an image directory ----
 * An image directory may come from elsewhere (a moved-in private area), so
 * its files are reached as lib/base/rootfile.h promises: the directory with
 * no symlink anywhere in its path, the file beneath it with openat2
 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS), regular
 * files only. Return -errno: -ELOOP for a symlink, -ENXIO for a FIFO, socket
 * or device, -EISDIR, -EXDEV (rootfile_why() words them).
 */
/* An fd of path (flags as rootfile_open: O_CREAT with or without O_EXCL). */
int ploop_file_open(const char *path, int flags, mode_t mode);
int ploop_file_unlink(const char *path);
/* Renames path to new_name in the same directory. */
int ploop_file_rename(const char *path, const char *new_name);
/* 1 if something (even a symlink) has path's name, 0 if nothing does. */
int ploop_file_exists(const char *path);

/* ---- ploop_image.c: one delta file ---- */
#define PLOOP_OPEN_RW 0x1u	/* sets the disk-in-use mark until close */
#define PLOOP_OPEN_FORCE 0x2u	/* open even when the in-use mark is set */
#define PLOOP_OPEN_RAW 0x4u	/* the file is a raw image (no header) */

struct ploop_image {
	int fd;
	unsigned open_flags;
	int raw;
	int needs_check;		/* in-use mark was set at open */
	struct ploop_header hdr;
	uint32_t cluster_bytes;
	uint32_t *bat;			/* hdr.bat_entries entries, host order */
	uint64_t next_free;		/* file cluster index of the next allocation */
	uint64_t raw_bytes;		/* raw: file size */
};

/*
 * Creates path (O_EXCL). Expanded: header+BAT only; preallocated: every
 * cluster written with the identity mapping; raw: a plain zero file.
 */
int ploop_image_create(const char *path, uint64_t size_bytes, uint32_t cluster_bytes,
		       enum ploop_version v, enum ploop_kind kind);
/*
 * Opens a delta. -EUCLEAN when the in-use mark is set (needs check) unless
 * PLOOP_OPEN_FORCE; then img->needs_check is 1.
 */
int ploop_image_open(struct ploop_image **out, const char *path, unsigned flags);
/*
 * Opening RW also clears the format extension offset: the extension (a dirty
 * bitmap) goes stale once userspace writes.
 * Clean close: clears the in-use mark (and "empty" once data exists), durably.
 */
int ploop_image_close(struct ploop_image *img);
uint64_t ploop_image_size_bytes(const struct ploop_image *img);
/*
 * 1 with the byte offset of virtual cluster vc in *off, 0 if this delta lacks
 * it, -EUCLEAN for a corrupt entry (only seen after PLOOP_OPEN_FORCE).
 */
int ploop_image_lookup(const struct ploop_image *img, uint32_t vc, uint64_t *off);
/*
 * Appends one full cluster of data for virtual cluster vc: data written and
 * fdatasync'ed, then the BAT entry written and fdatasync'ed.
 */
int ploop_image_alloc(struct ploop_image *img, uint32_t vc, const void *cluster);
/*
 * Bulk allocation (merge, copy): ploop_image_append writes one cluster of
 * data at the end of the file, unsynced, and returns the entry naming it;
 * ploop_image_commit_entries then makes all that data durable with one
 * sync, writes the entries for virtual clusters vcs (which must be
 * unmapped), and syncs again. A crash in between only leaks clusters.
 */
int ploop_image_append(struct ploop_image *img, const void *cluster, uint32_t *entry);
int ploop_image_commit_entries(struct ploop_image *img, const uint32_t *vcs,
			       const uint32_t *entries, size_t n);
/* Writes one BAT entry to disk and memory (entry 0 = unmap), durably. */
int ploop_image_set_entry(struct ploop_image *img, uint32_t vc, uint32_t entry);
/* Rewrites the 64-byte header from img->hdr, durably. */
int ploop_image_write_header(struct ploop_image *img);

/* ---- ploop_grow.c ---- */
/*
 * Grows the virtual size of an image opened RW. Data clusters where the
 * larger BAT must go are first copied to the end of the file (durably) and
 * their entries repointed; then the BAT is extended and the header rewritten.
 */
int ploop_image_grow(struct ploop_image *img, uint64_t new_size_bytes);

/* Full-length pread/pwrite with EINTR handling. */
int ploop_pread_full(int fd, void *buf, size_t len, uint64_t off);
int ploop_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/* ---- ploop_stack.c: deltas bottom (0) to top (count - 1) ---- */
#define PLOOP_STACK_MAX 64

struct ploop_stack {
	struct ploop_image *delta[PLOOP_STACK_MAX];
	unsigned count;
};

/* Adds img on top; all deltas must share cluster size (and size <= top). */
int ploop_stack_push(struct ploop_stack *s, struct ploop_image *img);
/*
 * The top-most delta at or below level `from` holding virtual cluster vc:
 * its level, with the file offset in *off; -ENOENT if none (reads as zeros).
 */
int ploop_stack_resolve(const struct ploop_stack *s, unsigned from, uint32_t vc, uint64_t *off);
/*
 * Copies every cluster child maps into parent (opened RW; grown first if
 * smaller), durably. Dropping the child and the descriptor update are the
 * caller's: until then the child still shadows the parent, so a crash in
 * the middle leaves the disk readable as before.
 */
int ploop_merge(struct ploop_image *parent, struct ploop_image *child);

/* ---- ploop_io.c: the userspace I/O path over a stack ---- */
int ploop_read(const struct ploop_stack *s, void *buf, size_t len, uint64_t off);
/* Writes to the top delta, allocating with copy-up as needed. */
int ploop_write(struct ploop_stack *s, const void *buf, size_t len, uint64_t off);
int ploop_flush(struct ploop_stack *s);

/* ---- ploop_check.c ---- */
enum ploop_finding_kind {
	PLOOP_F_SHORT_FILE,		/* shorter than header or header+BAT */
	PLOOP_F_BAD_SIGNATURE,
	PLOOP_F_BAD_TYPE,
	PLOOP_F_BAD_CLUSTER_SIZE,
	PLOOP_F_BAD_BAT_ENTRIES,	/* inconsistent with the virtual size */
	PLOOP_F_BAD_FIRST_BLOCK,
	PLOOP_F_IN_USE,
	PLOOP_F_TRUNCATED_TAIL,
	PLOOP_F_ENTRY_INVALID,		/* 0xFFFFFFFF or a misaligned v1 offset */
	PLOOP_F_ENTRY_IN_HEADER,
	PLOOP_F_ENTRY_PAST_EOF,
	PLOOP_F_ENTRY_DUPLICATE,
	PLOOP_F_LEAKED,
	PLOOP_F_HOLE,
	PLOOP_F_BAD_GEOMETRY,		/* heads/cylinders differ from the size's CHS */
	PLOOP_F_BAD_FLAGS,		/* unknown bits, "empty" on a used image, conversion */
	PLOOP_F_BAD_EXTENSION,		/* format extension offset in header+BAT or past EOF */
	PLOOP_F_TOO_MANY,		/* further findings were not recorded */
};

struct ploop_finding {
	enum ploop_finding_kind kind;
	uint32_t cluster;		/* virtual cluster, or file cluster for leaks/holes */
	int repaired;
	char text[160];
};

#define PLOOP_FINDINGS_MAX 1024

struct ploop_report {
	struct ploop_finding *items;
	size_t count;
};

#define PLOOP_CHECK_REPAIR 0x1u

/*
 * Checks one delta file and, with PLOOP_CHECK_REPAIR, repairs what it can.
 * Returns the number of findings left that matter (neither repaired nor
 * harmless leaks), or a negative errno when the check itself failed.
 */
int ploop_check(const char *path, unsigned flags, struct ploop_report *rep);
void ploop_report_free(struct ploop_report *rep);

#endif
