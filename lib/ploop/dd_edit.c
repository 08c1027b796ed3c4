#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "ploop/ploop.h"
#include "ploop/dd.h"

int ploop_guid_generate(char *out)
{
	unsigned char b[16];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof b) {
		n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(out, PLOOP_GUID_LEN + 1,
		 "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
	return 0;
}

int ploop_dd_init(struct ploop_dd *dd, uint64_t size_sectors, uint32_t blocksize,
		  const char *file)
{
	struct ploop_dd_delta *d = &dd->deltas[0];

	memset(dd, 0, sizeof *dd);
	if (!ploop_dd_file_valid(file))
		return -EINVAL;
	dd->size_sectors = size_sectors;
	dd->blocksize = blocksize;
	ploop_geometry(size_sectors, &dd->heads, &dd->cylinders, &dd->sectors);
	dd->count = 1;
	memcpy(d->guid, PLOOP_GUID_TOP, sizeof d->guid);
	memcpy(d->parent, PLOOP_GUID_NULL, sizeof d->parent);
	d->type = PLOOP_DD_COMPRESSED;
	snprintf(d->file, sizeof d->file, "%s", file);
	return ploop_dd_validate(dd, NULL, 0);
}

const struct ploop_dd_delta *ploop_dd_top(const struct ploop_dd *dd)
{
	return dd->count ? &dd->deltas[dd->count - 1] : NULL;
}

int ploop_dd_index(const struct ploop_dd *dd, const char *guid)
{
	unsigned i;

	for (i = 0; i < dd->count; i++)
		if (!strcasecmp(dd->deltas[i].guid, guid))
			return (int)i;
	return -1;
}

const struct ploop_dd_delta *ploop_dd_find(const struct ploop_dd *dd, const char *guid)
{
	int i = ploop_dd_index(dd, guid);

	return i < 0 ? NULL : &dd->deltas[i];
}

unsigned ploop_dd_chain(const struct ploop_dd *dd, const struct ploop_dd_delta **out,
			unsigned max)
{
	unsigned i;

	for (i = 0; i < dd->count && i < max; i++)
		out[i] = &dd->deltas[i];
	return dd->count;
}

static int file_used(const struct ploop_dd *dd, const char *file)
{
	unsigned i;

	for (i = 0; i < dd->count; i++)
		if (!strcmp(dd->deltas[i].file, file))
			return 1;
	return 0;
}

int ploop_dd_add_snapshot(struct ploop_dd *dd, const char *snap_guid, const char *file,
			  int temporary)
{
	struct ploop_dd next = *dd;
	struct ploop_dd_delta *snap, *top;
	char guid[PLOOP_GUID_LEN + 1];
	int rc;

	if (ploop_dd_validate(dd, NULL, 0))
		return -EINVAL;
	if (dd->count >= PLOOP_DD_MAX_DELTAS)
		return -ENOSPC;
	if (snap_guid) {
		if (!ploop_guid_valid(snap_guid) || !strcasecmp(snap_guid, PLOOP_GUID_NULL))
			return -EINVAL;
		memcpy(guid, snap_guid, sizeof guid);
	} else if ((rc = ploop_guid_generate(guid))) {
		return rc;
	}
	snap = &next.deltas[dd->count - 1];
	top = &next.deltas[dd->count];
	if (ploop_dd_index(dd, guid) >= 0 && strcasecmp(snap->guid, guid))
		return -EEXIST;
	memcpy(snap->guid, guid, sizeof guid);
	snap->temporary = temporary;
	if (ploop_dd_index(&next, PLOOP_GUID_TOP) >= 0)
		return -EEXIST;
	memset(top, 0, sizeof *top);
	memcpy(top->guid, PLOOP_GUID_TOP, sizeof top->guid);
	memcpy(top->parent, guid, sizeof top->parent);
	top->type = snap->type;
	if (file)
		rc = snprintf(top->file, sizeof top->file, "%s", file);
	else
		rc = snprintf(top->file, sizeof top->file, "%s.%s", next.deltas[0].file, guid);
	if (rc < 0 || (size_t)rc >= sizeof top->file || !ploop_dd_file_valid(top->file))
		return -EINVAL;
	if (file_used(dd, top->file))
		return -EEXIST;
	next.count++;
	if (ploop_dd_validate(&next, NULL, 0))
		return -EINVAL;
	*dd = next;
	return 0;
}

int ploop_dd_remove(struct ploop_dd *dd, const char *guid, char *dropped, size_t dropped_len)
{
	struct ploop_dd_delta *gone, *child;
	int i = ploop_dd_index(dd, guid);

	if (i < 0)
		return -ENOENT;
	if ((unsigned)i == dd->count - 1)
		return -EBUSY;
	gone = &dd->deltas[i];
	child = &dd->deltas[i + 1];
	if (dropped && snprintf(dropped, dropped_len, "%s", child->file) >= (int)dropped_len)
		return -ENAMETOOLONG;
	memcpy(child->file, gone->file, sizeof child->file);
	child->type = gone->type;
	memcpy(child->parent, gone->parent, sizeof child->parent);
	memmove(gone, child, (dd->count - (unsigned)i - 1) * sizeof *gone);
	dd->count--;
	return 0;
}
