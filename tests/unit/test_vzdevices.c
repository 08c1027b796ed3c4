#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "conf/vzdevices.h"

static void list_ok(const char *s, const char *want)
{
	struct vzdevices l;
	unsigned entry;
	char out[512];
	const char *why = vzdevices_parse(s, &l, &entry);

	if (!ok(!why && vzdevices_format(&l, out, sizeof out) >= 0 && !strcmp(out, want),
		"DEVICES=\"%s\" reads as \"%s\"", s, want))
		printf("#   got: %s\n", why ? why : out);
}

static void list_bad(const char *s, unsigned want_entry, const char *cause)
{
	struct vzdevices l = { .n = 7 };
	unsigned entry = 99;
	const char *why = vzdevices_parse(s, &l, &entry);

	if (!ok(why && strstr(why, cause) && entry == want_entry && l.n == 7,
		"DEVICES=\"%s\" refused at entry %u: %s", s, want_entry, cause))
		printf("#   got: entry %u, %s\n", entry, why ? why : "accepted");
}

static void test_parse(void)
{
	list_ok("", "");
	list_ok("c:10:200:rw", "c:10:200:rw");
	list_ok("  c:10:200:wr\tb:7:all:r  ", "c:10:200:rw b:7:all:r");
	list_ok("b:253:0:rwq", "b:253:0:rwq");
	list_ok("c:10:200:rw c:10:200:r", "c:10:200:r");
	list_ok("c:10:200:rw c:10:200:none", "");
	list_ok("c:1:3:none", "");
	list_ok("c:4095:1048575:w", "c:4095:1048575:w");
	list_bad("x:1:3:rw", 1, "type");
	list_bad("c:1:3:rw a", 2, "type");
	list_bad("cc:1:3:rw", 1, "type");
	list_bad("c:4096:0:rw", 1, "major");
	list_bad("c:-1:0:rw", 1, "major");
	list_bad("c:all:0:rw", 1, "major");
	list_bad("c:1:1048576:rw", 1, "minor");
	list_bad("c:1:x:rw", 1, "minor");
	list_bad("c:1:3", 1, "minor");
	list_bad("c:1:3:", 1, "access");
	list_bad("c:1:3:rx", 1, "access");
	list_bad("c:1:3:rr", 1, "twice");
	list_bad("c:1:3:rw:x", 1, "access");
	list_bad("c:10:200:rw c:1:2:3:4:5:6:7:8:9:10:11:12", 2, "longer than");
	list_bad("c:10:200:rw c:1:2:3:4", 2, "nothing after");
}

static void test_limit(void)
{
	char value[VZDEV_MAX * 16 + 32];
	struct vzdevices l;
	unsigned i, entry;
	const char *why;
	size_t len = 0;

	for (i = 0; i <= VZDEV_MAX; i++)
		len += (size_t)snprintf(value + len, sizeof value - len, "c:10:%u:rw ", i);
	why = vzdevices_parse(value, &l, &entry);
	ok(why && entry == VZDEV_MAX + 1, "more than %u entries are refused (at entry %u: %s)",
	   VZDEV_MAX, entry, why ? why : "accepted");
	value[strlen(value) - strlen("c:10:32:rw ")] = 0;
	ok(vzdevices_parse(value, &l, &entry) == NULL && l.n == VZDEV_MAX,
	   "%u entries are accepted", VZDEV_MAX);
	ok(vzdevices_format(&l, value, 20) < 0, "format refuses a short buffer");
}

static void test_set(void)
{
	struct vzdevices l;
	struct vzdevice d;
	unsigned entry;
	char out[128];

	vzdevices_parse("c:10:200:rw b:7:0:r", &l, &entry);
	vzdevice_parse("b:7:0:none", 10, &d);
	ok(!vzdevices_set(&l, &d) && l.n == 1, "--devices b:7:0:none removes the entry");
	vzdevice_parse("c:10:229:rw", 11, &d);
	ok(!vzdevices_set(&l, &d) && l.n == 2, "--devices c:10:229:rw adds one");
	vzdevices_format(&l, out, sizeof out);
	is_str(out, "c:10:200:rw c:10:229:rw", "and the list formats in order");
	ok(vzdevice_parse("c:10:200:rwEXTRA", 11, &d) == NULL && d.perm == 3,
	   "an entry is parsed within its length");
}

static void test_merge(void)
{
	char out[64];

	ok(!vzdevices_merge(NULL, "c:10:200:rw", out, sizeof out) && !strcmp(out, "c:10:200:rw"),
	   "--devices on a container without DEVICES");
	ok(!vzdevices_merge("c:10:200:rw b:7:0:r", "b:7:0:none", out, sizeof out) &&
	   !strcmp(out, "c:10:200:rw"), "--devices ...:none takes the entry out");
	ok(vzdevices_merge("c:10:x:rw", "c:1:3:r", out, sizeof out) != NULL,
	   "a DEVICES that does not parse is not rewritten");
	ok(vzdevices_merge(NULL, "c:1:3:rw", out, 8) != NULL, "an output too small is refused");
}

int main(void)
{
	test_parse();
	test_limit();
	test_set();
	test_merge();
	return done_testing();
}
