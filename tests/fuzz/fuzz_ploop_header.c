/*
 * libFuzzer target: ploop header decode/validate, BAT entry decoding, and the
 * full check (then repair, then check again) over an image held in a memfd.
 * An input that does not start with a ploop signature and whose first byte
 * is odd gets a valid header built from its next bytes, so the BAT and data
 * checks are reached even far from the seed corpus (real images, in
 * tests/fuzz/corpus/fuzz_ploop_header, are taken as they are).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ploop/ploop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header_bytes(const uint8_t *data, size_t size)
{
	unsigned char again[PLOOP_HEADER_SIZE];
	struct ploop_header h;
	uint64_t c;
	uint32_t i, entry;
	char why[128];

	if (ploop_header_decode(data, size, &h))
		return;
	ploop_header_encode(&h, again);
	if (memcmp(again, data, PLOOP_HEADER_SIZE))
		abort();
	if (ploop_header_validate(&h, why, sizeof why))
		return;
	for (i = 0; i < h.bat_entries && ploop_bat_entry_offset(i) + 4 <= size; i++) {
		entry = ploop_le32(data + ploop_bat_entry_offset(i));
		if (!ploop_bat_entry_cluster(&h, entry, &c) && c &&
		    (ploop_bat_entry_make(&h, c, &entry) || entry != ploop_le32(data +
		     ploop_bat_entry_offset(i))))
			abort();
	}
}

static void run_check(int fd)
{
	struct ploop_report rep;
	char path[64];
	int first, second;

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	first = ploop_check(path, 0, &rep);
	ploop_report_free(&rep);
	if (first < 0)
		return;
	ploop_check(path, PLOOP_CHECK_REPAIR, &rep);
	ploop_report_free(&rep);
	second = ploop_check(path, 0, &rep);
	ploop_report_free(&rep);
	if (second > first)
		abort();	/* a repair never makes things worse */
}

static int has_signature(const uint8_t *data, size_t size)
{
	return size >= PLOOP_SIG_SIZE && (!memcmp(data, PLOOP_SIG_V1, PLOOP_SIG_SIZE) ||
					  !memcmp(data, PLOOP_SIG_V2, PLOOP_SIG_SIZE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ploop_header h;
	unsigned char hdr[PLOOP_HEADER_SIZE];
	int fd;

	check_header_bytes(data, size);
	fd = memfd_create("ploop-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (size >= 4 && (data[0] & 1) && !has_signature(data, size) &&
	    !ploop_header_init(&h, (data[1] & 1) ? PLOOP_V1 : PLOOP_V2,
			       (uint64_t)(data[2] + 1) * 512 * (1u << (data[3] & 7)),
			       512u << (data[3] >> 5))) {
		h.in_use = (data[1] & 2) ? PLOOP_IN_USE : 0;
		ploop_header_encode(&h, hdr);
		if (ploop_pwrite_full(fd, hdr, sizeof hdr, 0) ||
		    (size > PLOOP_HEADER_SIZE &&
		     ploop_pwrite_full(fd, data + PLOOP_HEADER_SIZE, size - PLOOP_HEADER_SIZE,
				       PLOOP_HEADER_SIZE))) {
			close(fd);
			return 0;
		}
	} else if (size && ploop_pwrite_full(fd, data, size, 0)) {
		close(fd);
		return 0;
	}
	run_check(fd);
	close(fd);
	return 0;
}
