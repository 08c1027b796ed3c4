#include <stdlib.h>
#include <string.h>

#include "console/ring.h"
#include "tap.h"

static void *ring_new(struct console_ring *r, size_t size)
{
	void *mem = malloc(console_ring_bytes(size));

	if (!mem || console_ring_init(r, mem, size) < 0)
		abort();
	return mem;
}

static void test_replay(void)
{
	struct console_ring r;
	void *mem = ring_new(&r, CONSOLE_RING_MIN);
	uint64_t pos = 0, lost;
	char buf[64];
	size_t n;

	console_ring_write(&r, "hello ", 6);
	console_ring_write(&r, "world", 5);
	n = console_ring_read(&r, &pos, buf, sizeof buf, &lost);
	buf[n] = 0;
	is_str(buf, "hello world", "replay from the start returns everything written");
	is_int((long long)pos, 11, "the position advances past what was read");
	is_int((long long)lost, 0, "nothing lost");
	n = console_ring_read(&r, &pos, buf, sizeof buf, &lost);
	is_int((long long)n, 0, "nothing new to read at the newest position");
	pos = 0;
	n = console_ring_read(&r, &pos, buf, 3, &lost);
	is_int((long long)n, 3, "a short buffer reads only what fits");
	ok(!memcmp(buf, "hel", 3), "in order");
	free(mem);
}

static void test_wrap(void)
{
	struct console_ring r;
	size_t size = CONSOLE_RING_MIN, i, n;
	void *mem = ring_new(&r, size);
	unsigned char in[3000], out[CONSOLE_RING_MIN];
	uint64_t pos = 0, lost;
	int same = 1;

	for (i = 0; i < 5; i++) {
		memset(in, 'a' + (int)i, sizeof in);
		console_ring_write(&r, in, sizeof in);
	}
	is_int((long long)console_ring_total(&r), 15000, "total counts every byte");
	is_int((long long)console_ring_start(&r), 15000 - (long long)size, "start is size bytes back");
	n = console_ring_read(&r, &pos, out, sizeof out, &lost);
	is_int((long long)n, (long long)size, "a full ring replays size bytes");
	is_int((long long)lost, 15000 - (long long)size, "a reader left behind is told how much it lost");
	for (i = 0; i < n; i++) {
		uint64_t abs = 15000 - size + i;
		if (out[i] != 'a' + abs / 3000)
			same = 0;
	}
	ok(same, "the wrapped bytes come out in order");
	free(mem);
}

static void test_burst(void)
{
	struct console_ring r;
	size_t size = CONSOLE_RING_MIN, i, n;
	void *mem = ring_new(&r, size);
	unsigned char *big = malloc(size * 3 + 17), out[CONSOLE_RING_MIN];
	uint64_t pos = 0, lost;

	for (i = 0; i < size * 3 + 17; i++)
		big[i] = (unsigned char)(i * 7);
	console_ring_write(&r, "x", 1);
	console_ring_write(&r, big, size * 3 + 17);
	n = console_ring_read(&r, &pos, out, sizeof out, &lost);
	is_int((long long)n, (long long)size, "a burst larger than the ring keeps size bytes");
	ok(!memcmp(out, big + 2 * size + 17, size), "the last size bytes of the burst");
	is_int((long long)console_ring_total(&r), (long long)(size * 3 + 18), "total counts the whole burst");
	free(big);
	free(mem);
}

static void test_attach(void)
{
	struct console_ring r, r2;
	void *mem = ring_new(&r, CONSOLE_RING_MIN);
	uint64_t pos = 0, lost;
	char buf[16];
	size_t n;

	console_ring_write(&r, "kept", 4);
	ok(console_ring_attach(&r2, mem, console_ring_bytes(CONSOLE_RING_MIN)) == 0,
	   "a ring left in memory is attached again");
	n = console_ring_read(&r2, &pos, buf, sizeof buf, &lost);
	ok(n == 4 && !memcmp(buf, "kept", 4), "with its contents");
	ok(console_ring_attach(&r2, mem, 100) < 0, "a wrong length is refused");
	memset(mem, 0, 8);
	ok(console_ring_attach(&r2, mem, console_ring_bytes(CONSOLE_RING_MIN)) < 0,
	   "a bad magic is refused");
	ok(console_ring_init(&r2, mem, 10) < 0, "a ring below the minimum size is refused");
	free(mem);
}

static void test_in_place(void)
{
	struct console_ring r;
	size_t size = CONSOLE_RING_MIN, n;
	void *mem = ring_new(&r, size);
	unsigned char *at, in[3000];
	struct iovec iov[2];
	int cnt;

	memset(in, 'q', sizeof in);
	console_ring_write(&r, in, sizeof in);
	n = console_ring_space(&r, &at);
	is_int((long long)n, (long long)size - 3000, "space runs to the end of the data area");
	memset(at, 'w', n);
	console_ring_commit(&r, n);
	is_int((long long)console_ring_total(&r), (long long)size, "commit counts the bytes");
	n = console_ring_space(&r, &at);
	ok(n == size && at == r.data, "a full ring writes from the start again");
	memset(at, 'e', 100);
	console_ring_commit(&r, 100);
	cnt = console_ring_iov(&r, size - 50, 150, iov);
	ok(cnt == 2 && iov[0].iov_len == 50 && ((unsigned char *)iov[0].iov_base)[0] == 'w' &&
	   iov[1].iov_base == r.data && iov[1].iov_len == 100 &&
	   ((unsigned char *)iov[1].iov_base)[99] == 'e', "a wrapped range comes as two iovecs");
	cnt = console_ring_iov(&r, 200, 10, iov);
	ok(cnt == 1 && iov[0].iov_len == 10, "an unwrapped range as one");
	free(mem);
}

int main(void)
{
	test_in_place();
	test_replay();
	test_wrap();
	test_burst();
	test_attach();
	return done_testing();
}
