#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/file.h"
#include "base/log.h"
#include "swap.h"

#define ZRAM_DEV "/dev/zram0"
#define ZRAM_SYS "/sys/block/zram0"
#define ZRAM_PRIORITY 100

/* Version 1 swap header (as mkswap writes it) on the first page of fd. */
static int swap_header_write(int fd, uint64_t size, size_t page)
{
	unsigned char buf[65536] = { 0 };
	uint32_t version = 1, last_page = (uint32_t)(size / page - 1);

	if (page > sizeof buf || page < 4096) {
		errno = EINVAL;
		return -1;
	}
	memcpy(buf + 1024, &version, sizeof version);
	memcpy(buf + 1028, &last_page, sizeof last_page);
	memcpy(buf + page - 10, "SWAPSPACE2", 10);
	if (fd_pwrite_full(fd, buf, page, 0) < 0)
		return -1;
	return fsync(fd);
}

static int zram_configure(uint64_t size)
{
	char text[32];

	if (file_write_string(ZRAM_SYS "/comp_algorithm", CONFIG_VSWAP_ZRAM_ALGORITHM) < 0) {
		log_error("swap: %s/comp_algorithm %s: %s", ZRAM_SYS, CONFIG_VSWAP_ZRAM_ALGORITHM,
			  strerror(errno));
		return -1;
	}
	snprintf(text, sizeof text, "%" PRIu64, size);
	if (file_write_string(ZRAM_SYS "/disksize", text) < 0) {
		log_error("swap: %s/disksize %s: %s", ZRAM_SYS, text, strerror(errno));
		return -1;
	}
	return 0;
}

static int zram_mkswap(uint64_t size, size_t page)
{
	int fd, ret;

	fd = open(ZRAM_DEV, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("swap: open %s: %s", ZRAM_DEV, strerror(errno));
		return -1;
	}
	ret = swap_header_write(fd, size, page);
	if (ret < 0)
		log_error("swap: %s: writing the swap header: %s", ZRAM_DEV, strerror(errno));
	close(fd);
	return ret;
}

void swap_setup(const struct node_settings *ns)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int flags = SWAP_FLAG_PREFER | (ZRAM_PRIORITY & SWAP_FLAG_PRIO_MASK);
	struct sysinfo si;
	uint64_t ram, size;

	if (!ns->zram_percent) {
		log_info("swap: zram off (SWAP_ZRAM_PERCENT=0)");
		return;
	}
	if (sysinfo(&si) < 0) {
		log_error("swap: sysinfo: %s; no swap", strerror(errno));
		return;
	}
	ram = (uint64_t)si.totalram * si.mem_unit;
	size = zram_size_bytes(ram, ns->zram_percent, page);
	if (size < 16 * (uint64_t)page) {
		log_error("swap: zram of %u%% of %" PRIu64 " bytes is too small; no swap",
			  ns->zram_percent, ram);
		return;
	}
	if (zram_configure(size) < 0 || zram_mkswap(size, page) < 0)
		return;
	if (swapon(ZRAM_DEV, flags) < 0) {
		log_error("swap: swapon %s: %s; no swap", ZRAM_DEV, strerror(errno));
		return;
	}
	if (file_write_string("/proc/sys/vm/page-cluster", "0") < 0)
		log_warn("swap: /proc/sys/vm/page-cluster: %s", strerror(errno));
	log_info("swap: %s %" PRIu64 " MiB (%u%% of RAM), %s, priority %d", ZRAM_DEV,
		 size >> 20, ns->zram_percent, CONFIG_VSWAP_ZRAM_ALGORITHM, ZRAM_PRIORITY);
}
