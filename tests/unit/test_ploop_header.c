#include <errno.h>

#include "test_ploop_util.h"
#include "tap.h"

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

/* The document's table, filled in by hand for the 10 GiB worked example. */
static void worked_example_10g(unsigned char *b)
{
	memset(b, 0, 64);
	memcpy(b, "WithouFreSpacExt", 16);
	put32(b + 0x10, 2);
	put32(b + 0x14, 16);
	put32(b + 0x18, 40960);
	put32(b + 0x1C, 2048);
	put32(b + 0x20, 10240);
	put32(b + 0x24, 20971520);	/* high half of the u64 stays 0 */
	put32(b + 0x2C, 0);
	put32(b + 0x30, 2048);
	put32(b + 0x34, 1);
}

static void test_geometry(void)
{
	uint32_t h, c, s;

	ploop_geometry(20971520, &h, &c, &s);
	ok(h == 16 && c == 40960 && s == 32, "10 GiB: heads 16 cylinders 40960 (got %u %u)", h, c);
	ploop_geometry(4194304, &h, &c, &s);
	ok(h == 16 && c == 4161 && s == 63, "2 GiB: heads 16 cylinders 4161 (got %u %u)", h, c);
	ploop_geometry(2147483648ull, &h, &c, &s);
	ok(h == 16 && c == 4194304 && s == 32, "1 TiB: spt 32 heads 16 cylinders 4194304");
	ploop_geometry(1032192, &h, &c, &s);
	ok(h == 16 && c == 1024 && s == 63, "1032192 is not inside the open range: 63*16 divides it");
	ploop_geometry(63 * 8 * 5, &h, &c, &s);
	ok(h == 8 && c == 5 && s == 63, "spt 63, heads 8 when 16 does not divide");
	ploop_geometry(8 * 3, &h, &c, &s);
	ok(h == 1 && c == 24, "no head count divides: pure LBA");
	ploop_geometry(7, &h, &c, &s);
	ok(h == 1 && c == 7, "no spt divides: pure LBA");
}

static void test_encode(void)
{
	struct ploop_header h, d;
	unsigned char want[64], got[64];

	is_int(ploop_header_init(&h, PLOOP_V2, 10ull << 30, 1 << 20), 0, "init 10 GiB v2");
	worked_example_10g(want);
	ploop_header_encode(&h, got);
	ok(!memcmp(got, want, 64), "10 GiB v2 header is byte-identical to the worked example");
	is_int(ploop_header_decode(got, 64, &d), 0, "decode it back");
	ok(!memcmp(&d, &h, sizeof d), "decode(encode(h)) == h");
	is_int(ploop_header_validate(&d, NULL, 0), 0, "valid");

	is_int(ploop_header_init(&h, PLOOP_V2, 1ull << 40, 1 << 20), 0, "init 1 TiB");
	is_int(h.first_block, 10240, "1 TiB: first block offset 10240");
	is_int(h.bat_entries, 1048576, "1 TiB: 1048576 BAT entries");

	is_int(ploop_header_init(&h, PLOOP_V2, 2ull << 30, 1 << 20), 0, "init 2 GiB");
	ok(h.heads == 16 && h.cylinders == 4161, "2 GiB header: heads 16 cylinders 4161");

	is_int(ploop_header_init(&h, PLOOP_V1, 10ull << 30, 1 << 20), 0, "init 10 GiB v1");
	ploop_header_encode(&h, got);
	memcpy(want, "WithoutFreeSpace", 16);
	ok(!memcmp(got, want, 64), "v1 differs only in the signature");
	is_int(ploop_header_init(&h, PLOOP_V1, 2ull << 40, 1 << 20), -EFBIG, "v1: 2 TiB does not fit");
	is_int(ploop_header_init(&h, PLOOP_V1, (2ull << 40) - (1 << 20), 1 << 20), 0,
	       "v1: 2 TiB less one cluster fits");
	is_int(ploop_header_init(&h, PLOOP_V2, 2ull << 40, 1 << 20), 0, "v2: 2 TiB fits");
	is_int(ploop_header_init(&h, PLOOP_V2, 1000, 4096), 0, "odd size");
	is_int(h.size_sectors, 8, "size rounded up to a whole cluster");
}

static void test_validate(void)
{
	struct ploop_header h, bad;
	unsigned char b[64];
	char why[100];

	ploop_header_init(&h, PLOOP_V2, 10ull << 30, 1 << 20);
	ploop_header_encode(&h, b);
	b[3] = 'x';
	is_int(ploop_header_decode(b, 64, &bad), -EINVAL, "bad signature rejected");
	is_int(ploop_header_decode(b, 63, &bad), -EINVAL, "short buffer rejected");
	bad = h;
	bad.cluster_sectors = 3000;
	is_int(ploop_header_validate(&bad, why, sizeof why), -EINVAL, "non-power-of-two cluster");
	ok(strstr(why, "power of two") != NULL, "reason: %s", why);
	bad.cluster_sectors = 0;
	is_int(ploop_header_validate(&bad, NULL, 0), -EINVAL, "zero cluster");
	bad = h;
	bad.bat_entries++;
	is_int(ploop_header_validate(&bad, why, sizeof why), -EINVAL, "BAT entries vs size");
	bad = h;
	bad.first_block = 4096;
	is_int(ploop_header_validate(&bad, why, sizeof why), -EINVAL, "first block offset");
	bad = h;
	bad.type = 1;
	is_int(ploop_header_validate(&bad, NULL, 0), -EINVAL, "type not 2");
	ok(ploop_cluster_bytes_valid(4096) && !ploop_cluster_bytes_valid(3 << 12) &&
	   !ploop_cluster_bytes_valid(256) && !ploop_cluster_bytes_valid(128u << 20),
	   "cluster size limits");
}

static void test_create_bytes(void)
{
	unsigned char want[64], got[64], *rest;
	char path[64];
	size_t i, nonzero = 0;

	tmp_path(path, sizeof path);
	is_int(ploop_image_create(path, 10ull << 30, 0, PLOOP_V2, PLOOP_EXPANDED), 0,
	       "create 10 GiB expanded, default cluster");
	is_int(file_size(path), 1 << 20, "10 GiB image is a 1 MiB file");
	worked_example_10g(want);
	peek(path, 0, got, 64);
	ok(!memcmp(got, want, 64), "file header matches the worked example byte for byte");
	rest = malloc((1 << 20) - 64);
	peek(path, 64, rest, (1 << 20) - 64);
	for (i = 0; i < (1 << 20) - 64; i++)
		nonzero += rest[i] != 0;
	is_int(nonzero, 0, "BAT and padding are zeros");
	free(rest);
	is_int(ploop_image_create(path, 1 << 20, 0, PLOOP_V2, PLOOP_EXPANDED), -EEXIST,
	       "create does not overwrite");
	unlink(path);

	is_int(ploop_image_create(path, 1ull << 40, 0, PLOOP_V2, PLOOP_EXPANDED), 0, "create 1 TiB");
	is_int(file_size(path), 5 << 20, "1 TiB image is a 5 MiB file");
	is_int(peek32(path, 0x30), 10240, "first block offset 10240");
	unlink(path);
	is_int(ploop_image_create(path, 1 << 20, 3000, PLOOP_V2, PLOOP_EXPANDED), -EINVAL,
	       "non-power-of-two cluster refused");
	is_int(ploop_image_create(path, 2ull << 40, 0, PLOOP_V1, PLOOP_EXPANDED), -EFBIG,
	       "v1 over 2 TiB refused");
	ok(access(path, F_OK) != 0, "failed create leaves no file");
}

int main(void)
{
	test_geometry();
	test_encode();
	test_validate();
	test_create_bytes();
	return done_testing();
}
