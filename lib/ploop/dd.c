#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ploop/ploop.h"
#include "ploop/dd.h"

#define BLOCKSIZE_MAX (PLOOP_CLUSTER_MAX / PLOOP_SECTOR)
#define SIZE_MAX_SECTORS (UINT64_MAX / PLOOP_SECTOR)

static int dd_fail(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int dd_fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int ploop_guid_valid(const char *s)
{
	static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
	size_t i;

	for (i = 0; i < PLOOP_GUID_LEN; i++) {
		char c = s[i];

		if (shape[i] != 'x' ? c != shape[i] :
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return s[PLOOP_GUID_LEN] == 0;
}

int ploop_dd_file_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > PLOOP_DD_FILE_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int blocksize_valid(uint32_t b)
{
	return b && b <= BLOCKSIZE_MAX && !(b & (b - 1));
}

static int validate_delta(const struct ploop_dd *dd, unsigned i, char *why, size_t why_len)
{
	const struct ploop_dd_delta *d = &dd->deltas[i];
	const char *want_parent = i ? dd->deltas[i - 1].guid : PLOOP_GUID_NULL;
	unsigned j;

	if (!ploop_guid_valid(d->guid) || !strcasecmp(d->guid, PLOOP_GUID_NULL))
		return dd_fail(why, why_len, "delta %u: bad GUID \"%.40s\"", i, d->guid);
	if (strcasecmp(d->parent, want_parent))
		return dd_fail(why, why_len, "delta %u %s: parent %.40s is not %s", i, d->guid,
			       d->parent, want_parent);
	if (d->type != PLOOP_DD_COMPRESSED && d->type != PLOOP_DD_PLAIN)
		return dd_fail(why, why_len, "delta %u %s: bad type", i, d->guid);
	if (!ploop_dd_file_valid(d->file))
		return dd_fail(why, why_len, "delta %u %s: file \"%.64s\" is not a plain name in "
			       "the disk directory", i, d->guid, d->file);
	for (j = 0; j < i; j++) {
		if (!strcasecmp(dd->deltas[j].guid, d->guid))
			return dd_fail(why, why_len, "GUID %s used twice", d->guid);
		if (!strcmp(dd->deltas[j].file, d->file))
			return dd_fail(why, why_len, "file %s used twice", d->file);
	}
	return 0;
}

int ploop_dd_validate(const struct ploop_dd *dd, char *why, size_t why_len)
{
	unsigned i;
	int rc;

	if (!dd->count || dd->count > PLOOP_DD_MAX_DELTAS)
		return dd_fail(why, why_len, "%u deltas (1 to %d allowed)", dd->count,
			       PLOOP_DD_MAX_DELTAS);
	if (!dd->size_sectors || dd->size_sectors > SIZE_MAX_SECTORS)
		return dd_fail(why, why_len, "disk size %" PRIu64 " sectors out of range",
			       dd->size_sectors);
	if (!blocksize_valid(dd->blocksize))
		return dd_fail(why, why_len, "blocksize %u is not a power of two from 1 to %u",
			       dd->blocksize, BLOCKSIZE_MAX);
	for (i = 0; i < dd->count; i++) {
		rc = validate_delta(dd, i, why, why_len);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- parse: the XML tree into the model ---- */

struct dd_image {
	char guid[PLOOP_GUID_LEN + 1];
	enum ploop_dd_type type;
	char file[PLOOP_DD_FILE_MAX + 1];
	size_t offset;
};

struct dd_shot {
	char guid[PLOOP_GUID_LEN + 1];
	char parent[PLOOP_GUID_LEN + 1];
	int temporary;
	size_t offset;
	int used;
};

struct dd_reader {
	const struct ploop_xml *x;
	char *why;
	size_t why_len;
	struct dd_image images[PLOOP_DD_MAX_DELTAS];
	struct dd_shot shots[PLOOP_DD_MAX_DELTAS];
	unsigned nimages, nshots;
	char top[PLOOP_GUID_LEN + 1];
	uint64_t start, end;
};

static const struct ploop_xml_node *node(const struct dd_reader *r, int i)
{
	return &r->x->nodes[i];
}

static int node_fail(struct dd_reader *r, int i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int node_fail(struct dd_reader *r, int i, const char *fmt, ...)
{
	const struct ploop_xml_node *n = node(r, i);
	va_list ap;
	int len;

	if (r->why && r->why_len) {
		len = snprintf(r->why, r->why_len, "offset %zu: <%.*s>: ", n->offset,
			       (int)n->name_len, n->name);
		if (len >= 0 && (size_t)len < r->why_len) {
			va_start(ap, fmt);
			vsnprintf(r->why + len, r->why_len - (size_t)len, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

/* The only child of parent called name: its index, -1 if none, -2 if refused. */
static int child(struct dd_reader *r, int parent, const char *name, int required)
{
	int i, found = -1;

	for (i = node(r, parent)->first_child; i >= 0; i = node(r, i)->next_sibling) {
		if (!ploop_xml_name_is(node(r, i), name))
			continue;
		if (found >= 0) {
			node_fail(r, i, "second <%s> in the same element", name);
			return -2;
		}
		found = i;
	}
	if (found < 0 && required) {
		node_fail(r, parent, "<%s> missing", name);
		return -2;
	}
	return found;
}

/* The trimmed text of leaf element name under parent, into out. */
static int leaf_text(struct dd_reader *r, int parent, const char *name, char *out, size_t len)
{
	const struct ploop_xml_node *n;
	const char *t;
	size_t tl;
	int i = child(r, parent, name, 1);

	if (i < 0)
		return -EINVAL;
	n = node(r, i);
	if (n->first_child >= 0)
		return node_fail(r, i, "unexpected child element");
	t = r->x->text + n->text_off;
	tl = n->text_len;
	while (tl && strchr(" \t\r\n", *t)) {
		t++;
		tl--;
	}
	while (tl && strchr(" \t\r\n", t[tl - 1]))
		tl--;
	if (tl >= len)
		return node_fail(r, i, "value longer than %zu bytes", len - 1);
	memcpy(out, t, tl);
	out[tl] = 0;
	return 0;
}

static int leaf_u64(struct dd_reader *r, int parent, const char *name, uint64_t max,
		    uint64_t *v)
{
	char text[32], *p;
	uint64_t n = 0;

	if (leaf_text(r, parent, name, text, sizeof text))
		return -EINVAL;
	for (p = text; *p >= '0' && *p <= '9'; p++) {
		if (n > (max - (uint64_t)(*p - '0')) / 10)
			return node_fail(r, child(r, parent, name, 1), "%s over %" PRIu64, text, max);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (p == text || *p)
		return node_fail(r, child(r, parent, name, 1), "\"%s\" is not a number", text);
	*v = n;
	return 0;
}

static int leaf_u32(struct dd_reader *r, int parent, const char *name, uint32_t *v)
{
	uint64_t n;

	if (leaf_u64(r, parent, name, UINT32_MAX, &n))
		return -EINVAL;
	*v = (uint32_t)n;
	return 0;
}

static int leaf_guid(struct dd_reader *r, int parent, const char *name, char *out)
{
	char text[PLOOP_GUID_LEN + 1];

	if (leaf_text(r, parent, name, text, sizeof text))
		return -EINVAL;
	if (!ploop_guid_valid(text))
		return node_fail(r, child(r, parent, name, 1), "\"%s\" is not a {8-4-4-4-12} hex GUID",
				 text);
	memcpy(out, text, sizeof text);
	return 0;
}

static int read_parameters(struct dd_reader *r, int root, struct ploop_dd *dd)
{
	int p = child(r, root, "Disk_Parameters", 1);

	if (p < 0)
		return -EINVAL;
	if (leaf_u64(r, p, "Disk_size", SIZE_MAX_SECTORS, &dd->size_sectors) ||
	    leaf_u32(r, p, "Cylinders", &dd->cylinders) || leaf_u32(r, p, "Heads", &dd->heads) ||
	    leaf_u32(r, p, "Sectors", &dd->sectors) || leaf_u32(r, p, "Padding", &dd->padding))
		return -EINVAL;
	if (!dd->size_sectors)
		return node_fail(r, p, "Disk_size is 0");
	return 0;
}

static int read_image(struct dd_reader *r, int i)
{
	struct dd_image *im;
	char type[16];

	if (r->nimages >= PLOOP_DD_MAX_DELTAS)
		return node_fail(r, i, "more than %d images", PLOOP_DD_MAX_DELTAS);
	im = &r->images[r->nimages++];
	im->offset = node(r, i)->offset;
	if (leaf_guid(r, i, "GUID", im->guid) || leaf_text(r, i, "Type", type, sizeof type) ||
	    leaf_text(r, i, "File", im->file, sizeof im->file))
		return -EINVAL;
	if (!strcmp(type, "Compressed"))
		im->type = PLOOP_DD_COMPRESSED;
	else if (!strcmp(type, "Plain"))
		im->type = PLOOP_DD_PLAIN;
	else
		return node_fail(r, i, "Type \"%s\" is neither Compressed nor Plain", type);
	if (!ploop_dd_file_valid(im->file))
		return node_fail(r, i, "File \"%s\" is not a plain name in the disk directory",
				 im->file);
	return 0;
}

static int read_storage(struct dd_reader *r, int root, struct ploop_dd *dd)
{
	uint64_t bs;
	int sd, st, i;

	sd = child(r, root, "StorageData", 1);
	st = sd < 0 ? -1 : child(r, sd, "Storage", 1);
	if (st < 0)
		return -EINVAL;
	if (leaf_u64(r, st, "Start", SIZE_MAX_SECTORS, &r->start) ||
	    leaf_u64(r, st, "End", SIZE_MAX_SECTORS, &r->end) ||
	    leaf_u64(r, st, "Blocksize", UINT32_MAX, &bs))
		return -EINVAL;
	if (r->start != 0 || r->end != dd->size_sectors)
		return node_fail(r, st, "Start %" PRIu64 " End %" PRIu64 " do not span Disk_size %"
				 PRIu64, r->start, r->end, dd->size_sectors);
	dd->blocksize = (uint32_t)bs;
	if (!blocksize_valid(dd->blocksize))
		return node_fail(r, st, "Blocksize %u is not a power of two from 1 to %u",
				 dd->blocksize, BLOCKSIZE_MAX);
	for (i = node(r, st)->first_child; i >= 0; i = node(r, i)->next_sibling)
		if (ploop_xml_name_is(node(r, i), "Image") && read_image(r, i))
			return -EINVAL;
	if (!r->nimages)
		return node_fail(r, st, "no <Image>");
	return 0;
}

static int read_shot(struct dd_reader *r, int i)
{
	struct dd_shot *s;
	int t;

	if (r->nshots >= PLOOP_DD_MAX_DELTAS)
		return node_fail(r, i, "more than %d shots", PLOOP_DD_MAX_DELTAS);
	s = &r->shots[r->nshots++];
	s->offset = node(r, i)->offset;
	if (leaf_guid(r, i, "GUID", s->guid) || leaf_guid(r, i, "ParentGUID", s->parent))
		return -EINVAL;
	t = child(r, i, "Temporary", 0);
	if (t == -2)
		return -EINVAL;
	s->temporary = t >= 0;
	return 0;
}

static int read_snapshots(struct dd_reader *r, int root)
{
	int sn = child(r, root, "Snapshots", 1), i;

	if (sn < 0 || leaf_guid(r, sn, "TopGUID", r->top))
		return -EINVAL;
	for (i = node(r, sn)->first_child; i >= 0; i = node(r, i)->next_sibling)
		if (ploop_xml_name_is(node(r, i), "Shot") && read_shot(r, i))
			return -EINVAL;
	return 0;
}

static int fail_at(struct dd_reader *r, size_t off, const char *fmt, const char *guid)
{
	return dd_fail(r->why, r->why_len, "offset %zu: %s %s", off, fmt, guid);
}

/* Duplicates and the Image <-> Shot pairing, by GUID. */
static int check_pairs(struct dd_reader *r)
{
	unsigned i, j, found;

	for (i = 0; i < r->nimages; i++)
		for (j = 0; j < i; j++) {
			if (!strcasecmp(r->images[i].guid, r->images[j].guid))
				return fail_at(r, r->images[i].offset, "<Image>: duplicate GUID",
					       r->images[i].guid);
			if (!strcmp(r->images[i].file, r->images[j].file))
				return fail_at(r, r->images[i].offset, "<Image>: duplicate File",
					       r->images[i].file);
		}
	for (i = 0; i < r->nshots; i++) {
		if (!strcasecmp(r->shots[i].guid, PLOOP_GUID_NULL))
			return fail_at(r, r->shots[i].offset, "<Shot>: reserved GUID",
				       r->shots[i].guid);
		for (j = 0; j < i; j++)
			if (!strcasecmp(r->shots[i].guid, r->shots[j].guid))
				return fail_at(r, r->shots[i].offset, "<Shot>: duplicate GUID",
					       r->shots[i].guid);
		for (j = 0, found = 0; j < r->nimages; j++)
			found |= !strcasecmp(r->shots[i].guid, r->images[j].guid);
		if (!found)
			return fail_at(r, r->shots[i].offset, "<Shot>: no <Image> has GUID",
				       r->shots[i].guid);
	}
	for (i = 0; i < r->nimages; i++) {
		for (j = 0, found = 0; j < r->nshots; j++)
			found |= !strcasecmp(r->images[i].guid, r->shots[j].guid);
		if (!found)
			return fail_at(r, r->images[i].offset, "<Image>: no <Shot> has GUID",
				       r->images[i].guid);
	}
	return 0;
}

/* The shot whose parent is guid: its index, -1 if none, -2 on a fork. */
static int child_shot(struct dd_reader *r, const char *guid)
{
	unsigned i;
	int found = -1;

	for (i = 0; i < r->nshots; i++) {
		if (strcasecmp(r->shots[i].parent, guid))
			continue;
		if (found >= 0) {
			fail_at(r, r->shots[i].offset, "<Shot>: fork: a second child of", guid);
			return -2;
		}
		found = (int)i;
	}
	return found;
}

static const struct dd_image *image_of(const struct dd_reader *r, const char *guid)
{
	unsigned i;

	for (i = 0; i < r->nimages; i++)
		if (!strcasecmp(r->images[i].guid, guid))
			return &r->images[i];
	return NULL;
}

/* Walks the chain from the null GUID up, filling dd->deltas base first. */
static int build_chain(struct dd_reader *r, struct ploop_dd *dd)
{
	const char *parent = PLOOP_GUID_NULL;
	const struct dd_image *im;
	struct ploop_dd_delta *d;
	unsigned i;
	int s;

	for (i = 0; i < r->nshots; i++)
		if (strcasecmp(r->shots[i].parent, PLOOP_GUID_NULL) &&
		    !image_of(r, r->shots[i].parent))
			return fail_at(r, r->shots[i].offset, "<Shot>: dangling ParentGUID",
				       r->shots[i].parent);
	dd->count = 0;
	while ((s = child_shot(r, parent)) >= 0) {
		if (r->shots[s].used)
			return fail_at(r, r->shots[s].offset, "<Shot>: cycle through", parent);
		r->shots[s].used = 1;
		im = image_of(r, r->shots[s].guid);
		d = &dd->deltas[dd->count++];
		memcpy(d->guid, r->shots[s].guid, sizeof d->guid);
		memcpy(d->parent, parent, sizeof d->parent);
		d->temporary = r->shots[s].temporary;
		d->type = im->type;
		memcpy(d->file, im->file, sizeof d->file);
		parent = d->guid;
	}
	if (s == -2)
		return -EINVAL;
	if (!dd->count)
		return dd_fail(r->why, r->why_len, "no <Shot> has ParentGUID %s", PLOOP_GUID_NULL);
	for (i = 0; i < r->nshots; i++)
		if (!r->shots[i].used)
			return fail_at(r, r->shots[i].offset,
				       "<Shot>: not on the chain from the base (cycle):",
				       r->shots[i].guid);
	if (!image_of(r, r->top))
		return dd_fail(r->why, r->why_len, "TopGUID %s names no shot", r->top);
	if (strcasecmp(r->top, parent))
		return dd_fail(r->why, r->why_len, "TopGUID %s is not the top of the chain (%s)",
			       r->top, parent);
	return 0;
}

int ploop_dd_parse(const char *buf, size_t len, struct ploop_dd *dd, char *why, size_t why_len)
{
	struct dd_reader r;
	struct ploop_xml x;
	int rc;

	memset(dd, 0, sizeof *dd);
	memset(&r, 0, sizeof r);
	rc = ploop_xml_parse(&x, buf, len, why, why_len);
	if (rc)
		return rc;
	r.x = &x;
	r.why = why;
	r.why_len = why_len;
	rc = -EINVAL;
	if (!ploop_xml_name_is(&x.nodes[0], "Parallels_disk_image") &&
	    !ploop_xml_name_is(&x.nodes[0], "Virtuozzo_disk_image"))
		node_fail(&r, 0, "not a disk descriptor root element");
	else if (!read_parameters(&r, 0, dd) && !read_storage(&r, 0, dd) &&
		 !read_snapshots(&r, 0) && !check_pairs(&r) && !build_chain(&r, dd))
		rc = ploop_dd_validate(dd, why, why_len);
	ploop_xml_free(&x);
	if (rc)
		memset(dd, 0, sizeof *dd);
	return rc;
}
