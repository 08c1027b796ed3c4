#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ct/ct.h"
#include "ploop/disk.h"
#include "conf/vzvalue.h"

uint64_t ct_diskspace_bytes(const struct ct *ct)
{
	const char *v = ct_get(ct, "DISKSPACE");
	struct vzpair p;

	if (!v || vzsize_parse_pair(v, VZSIZE_KIB, &p) || p.limit == VZ_UNLIMITED)
		return 0;
	return p.limit * 1024;
}

uint64_t ct_diskinodes(const struct ct *ct)
{
	const char *v = ct_get(ct, "DISKINODES");
	struct vzpair p;

	if (!v || vzvalue_count_pair(v, &p) || p.limit == VZ_UNLIMITED)
		return 0;
	return p.limit;
}

int ct_disk_apply(struct ct *ct)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	struct ploop_disk_info info;
	uint64_t bytes = ct_diskspace_bytes(ct);
	char dir[CT_PATH_MAX + 16];
	int rc;

	if (ct->layout != CT_LAYOUT_PLOOP || bytes == 0)
		return 0;
	snprintf(dir, sizeof dir, "%s/root.hdd", ct->private_dir);
	rc = ploop_disk_info(dir, &info, &pctx);
	if (rc < 0)
		return ct_fail(ct, "%s", pctx.error[0] ? pctx.error : strerror(-rc));
	bytes &= ~(uint64_t)((1 << 20) - 1);
	if (bytes == info.size_bytes)
		return 0;
	if (bytes < info.size_bytes && info.mounted)
		return ct_fail(ct, "--diskspace: a mounted ploop disk can only grow (stop the container to shrink it)");
	rc = ploop_disk_resize(dir, bytes, &pctx);
	if (rc < 0)
		return ct_fail(ct, "resize: %s", pctx.error[0] ? pctx.error : strerror(-rc));
	return 0;
}
