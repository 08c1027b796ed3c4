#ifndef VZHOST_PLOOP_DD_H
#define VZHOST_PLOOP_DD_H

#include <stddef.h>
#include <stdint.h>

/*
 * DiskDescriptor.xml of a ploop disk directory (docs/ploop-library.md,
 * "DiskDescriptor.xml"). In memory the deltas are kept in chain order:
 * deltas[0] is the base (parent = the null GUID), deltas[count - 1] the top,
 * and deltas[i].parent is deltas[i - 1].guid. The TopGUID is therefore not
 * stored: it is always the top delta's GUID. Functions return 0 or a
 * negative errno unless said otherwise; parse and load put the reason for a
 * refusal in why.
 */

#define PLOOP_DD_NAME "DiskDescriptor.xml"
#define PLOOP_DD_MAX_DELTAS 64
#define PLOOP_DD_MAX_INPUT (1u << 20)
#define PLOOP_DD_FILE_MAX 255		/* bytes of an image file name */
#define PLOOP_GUID_LEN 38		/* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} */
#define PLOOP_GUID_NULL "{00000000-0000-0000-0000-000000000000}"
#define PLOOP_GUID_TOP "{5fbaabe3-6958-40ff-92a7-860e329aab41}"

enum ploop_dd_type { PLOOP_DD_COMPRESSED, PLOOP_DD_PLAIN };

struct ploop_dd_delta {
	char guid[PLOOP_GUID_LEN + 1];
	char parent[PLOOP_GUID_LEN + 1];
	enum ploop_dd_type type;
	int temporary;			/* the Shot carries <Temporary/> */
	char file[PLOOP_DD_FILE_MAX + 1];	/* relative to the disk directory */
};

struct ploop_dd {
	uint64_t size_sectors;		/* Disk_size; Storage End is the same */
	uint32_t cylinders, heads, sectors, padding;
	uint32_t blocksize;		/* cluster size in sectors, a power of two */
	unsigned count;
	struct ploop_dd_delta deltas[PLOOP_DD_MAX_DELTAS];
};

/* ---- ploop_dd.c (format: ploop_dd_format.c) ---- */
/* 1 if s is a well-formed {8-4-4-4-12} hex GUID (either case), else 0. */
int ploop_guid_valid(const char *s);
/* 1 if s is a plain file name inside the disk directory, else 0. */
int ploop_dd_file_valid(const char *s);
/* Checks the in-memory invariants above; -EINVAL with the reason in why. */
int ploop_dd_validate(const struct ploop_dd *dd, char *why, size_t why_len);
/*
 * Parses a descriptor (at most PLOOP_DD_MAX_INPUT bytes). Unknown elements
 * are skipped (and not written back by format). -EINVAL / -EFBIG with the
 * reason, naming the element and byte offset, in why.
 */
int ploop_dd_parse(const char *buf, size_t len, struct ploop_dd *dd, char *why, size_t why_len);
/*
 * Writes dd in OpenVZ's layout. Returns the full length like snprintf
 * (output truncated when it is >= size), or -EINVAL if dd is not valid.
 */
int ploop_dd_format(const struct ploop_dd *dd, char *buf, size_t size);

/* ---- ploop_dd_edit.c ---- */
/* A fresh random (version 4) GUID in braces; out holds PLOOP_GUID_LEN + 1. */
int ploop_guid_generate(char *out);
/* A new single-delta disk: geometry from ploop_geometry(), GUID PLOOP_GUID_TOP. */
int ploop_dd_init(struct ploop_dd *dd, uint64_t size_sectors, uint32_t blocksize,
		  const char *file);
const struct ploop_dd_delta *ploop_dd_top(const struct ploop_dd *dd);
const struct ploop_dd_delta *ploop_dd_find(const struct ploop_dd *dd, const char *guid);
/* The index of guid's delta (case-insensitive), or -1. */
int ploop_dd_index(const struct ploop_dd *dd, const char *guid);
/* Up to max deltas bottom to top into out; returns the chain length. */
unsigned ploop_dd_chain(const struct ploop_dd *dd, const struct ploop_dd_delta **out,
			unsigned max);
/*
 * Snapshot as OpenVZ takes it: the current top delta becomes the snapshot
 * and takes snap_guid (NULL: a fresh random one), marked temporary if asked;
 * a new empty top delta in file (NULL: "<base file>.<snap_guid>") takes
 * PLOOP_GUID_TOP. -EEXIST if a GUID or file is already used, -ENOSPC at
 * PLOOP_DD_MAX_DELTAS.
 */
int ploop_dd_add_snapshot(struct ploop_dd *dd, const char *snap_guid, const char *file,
			  int temporary);
/*
 * Bookkeeping after ploop_merge(parent = delta guid, child = the delta
 * above it): snapshot guid disappears, the child keeps its GUID but now
 * lives in guid's file on guid's parent. The child's old file name (now
 * unused, for the caller to unlink) goes to dropped. -ENOENT for an unknown
 * GUID, -EBUSY for the top (it has no child to merge).
 */
int ploop_dd_remove(struct ploop_dd *dd, const char *guid, char *dropped, size_t dropped_len);
/* ---- ploop_dd_file.c ---- */
/*
 * Reads dir/DiskDescriptor.xml (bounded) and parses it. dir is reached with
 * no symlink in its path, the descriptor beneath it with none either, and
 * only as a regular file (lib/base/rootfile.h).
 */
int ploop_dd_load(const char *dir, struct ploop_dd *dd, char *why, size_t why_len);
/*
 * Writes dir/DiskDescriptor.xml atomically (rootfile_write): a temporary
 * file written and fsync'ed, renamed over, then the directory fsync'ed.
 */
int ploop_dd_save(const char *dir, const struct ploop_dd *dd);

/* ---- ploop_dd_xml.c: the minimal XML reader parse uses ---- */
#define PLOOP_XML_MAX_DEPTH 16
#define PLOOP_XML_MAX_NODES 4096
#define PLOOP_XML_MAX_NAME 64

struct ploop_xml_node {
	const char *name;		/* points into the input, not terminated */
	size_t name_len;
	size_t offset;			/* of the '<' */
	int parent, first_child, last_child, next_sibling;	/* -1 = none */
	size_t text_off, text_len;	/* decoded text, meaningful for leaves */
};

struct ploop_xml {
	struct ploop_xml_node *nodes;	/* nodes[0] is the root element */
	unsigned count;
	char *text;			/* decoded text of all elements */
	size_t text_len;
};

/*
 * Elements, attributes (skipped), text with the five predefined entities,
 * comments and a leading XML declaration; anything else is refused.
 */
int ploop_xml_parse(struct ploop_xml *x, const char *buf, size_t len, char *why, size_t why_len);
void ploop_xml_free(struct ploop_xml *x);
int ploop_xml_name_is(const struct ploop_xml_node *n, const char *name);

#endif
