#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>

#include "ploop/disk_impl.h"
#include "base/spawn.h"

#define FS_BLOCK 4096u
/* resize= reserves GDT blocks so resize2fs can grow a mounted fs up to 16 TiB. */
#define FS_RESIZE_MAX_BLOCKS 0xFFFFFFFFull

int ploop_disk_run(const char *const argv[], struct ploop_disk_ctx *ctx)
{
	int status;

	/* execve's prototype predates const; it does not modify the strings. */
	if (spawn_wait((char *const *)(uintptr_t)argv, &status) < 0)
		return ploop_disk_fail(ctx, -errno, argv[0], "cannot run: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return ploop_disk_fail(ctx, -ENOENT, argv[0], "not found or not executable");
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	if (WIFEXITED(status))
		return ploop_disk_fail(ctx, -EIO, argv[0], "exited with status %d",
				       WEXITSTATUS(status));
	return ploop_disk_fail(ctx, -EIO, argv[0], "killed by signal %d", WTERMSIG(status));
}

int ploop_disk_mkfs_check(const char *target, uint64_t size_bytes, uint64_t inodes,
			  struct ploop_disk_ctx *ctx)
{
	uint64_t n = size_bytes / FS_BLOCK;

	if (n < 1024)
		return ploop_disk_fail(ctx, -EINVAL, target, "too small for ext4 (at least 4 MiB)");
	/* ext4 holds at most 2^32 - 1 inodes and at most one per block. */
	if (inodes && (inodes < PLOOP_FS_INODES_MIN || inodes > UINT32_MAX || inodes > n))
		return ploop_disk_fail(ctx, -EINVAL, target,
				       "%" PRIu64 " inodes: out of range for this disk "
				       "(%u to %" PRIu64 ")", inodes, PLOOP_FS_INODES_MIN,
				       n < UINT32_MAX ? n : (uint64_t)UINT32_MAX);
	return 0;
}

int ploop_disk_mkfs(const char *target, uint64_t size_bytes, uint64_t inodes,
		    struct ploop_disk_ctx *ctx)
{
	char ext[128], blocks[32], count[32];
	uint64_t n = size_bytes / FS_BLOCK;
	const char *argv[] = { PLOOP_MKE2FS, "-q", "-F", "-t", "ext4", "-b", "4096", "-i", "16384",
			       "-I", "256", "-m", "1", "-E", ext, target, blocks, NULL };
	int r = ploop_disk_mkfs_check(target, size_bytes, inodes, ctx);

	if (r)
		return r;
	if (inodes) {
		snprintf(count, sizeof count, "%" PRIu64, inodes);
		argv[7] = "-N";
		argv[8] = count;
	}
	snprintf(blocks, sizeof blocks, "%" PRIu64, n);
	if (n < FS_RESIZE_MAX_BLOCKS)
		snprintf(ext, sizeof ext, "lazy_itable_init=0,lazy_journal_init=0,nodiscard,"
			 "resize=%llu", FS_RESIZE_MAX_BLOCKS);
	else
		snprintf(ext, sizeof ext, "lazy_itable_init=0,lazy_journal_init=0,nodiscard");
	return ploop_disk_run(argv, ctx);
}

int ploop_disk_fsck(const char *dev, int force, struct ploop_disk_ctx *ctx)
{
	const char *argv[] = { PLOOP_E2FSCK, "-p", force ? "-f" : dev, force ? dev : NULL, NULL };
	int status;

	if (spawn_wait((char *const *)(uintptr_t)argv, &status) < 0)
		return ploop_disk_fail(ctx, -errno, PLOOP_E2FSCK, "cannot run: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) <= 2)
		return 0;	/* 1: errors corrected, 2: corrected, reboot advised */
	return ploop_disk_fail(ctx, -EUCLEAN, dev,
			       "filesystem has errors e2fsck -p cannot fix (status %d); run e2fsck by hand",
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int ploop_disk_resize2fs(const char *dev, uint64_t size_bytes, struct ploop_disk_ctx *ctx)
{
	char size[32];
	const char *argv[] = { PLOOP_RESIZE2FS, dev, size, NULL };

	snprintf(size, sizeof size, "%" PRIu64 "K", size_bytes / 1024);
	return ploop_disk_run(argv, ctx);
}
