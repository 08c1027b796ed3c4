#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/dd.h"
#include "tap.h"

#define G_BASE "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}"
#define G_MID "{7d3e2f10-1c2b-4d3e-9f40-516273849aab}"

/* A one-delta 10 GiB descriptor, byte for byte as OpenVZ's ploop writes it. */
static const char one_delta[] =
	"<?xml version=\"1.0\"?>\n"
	"<Parallels_disk_image>\n"
	"  <Disk_Parameters>\n"
	"    <Disk_size>20971520</Disk_size>\n"
	"    <Cylinders>40960</Cylinders>\n"
	"    <Heads>16</Heads>\n"
	"    <Sectors>32</Sectors>\n"
	"    <Padding>0</Padding>\n"
	"  </Disk_Parameters>\n"
	"  <StorageData>\n"
	"    <Storage>\n"
	"      <Start>0</Start>\n"
	"      <End>20971520</End>\n"
	"      <Blocksize>2048</Blocksize>\n"
	"      <Image>\n"
	"        <GUID>{5fbaabe3-6958-40ff-92a7-860e329aab41}</GUID>\n"
	"        <Type>Compressed</Type>\n"
	"        <File>root.hds</File>\n"
	"      </Image>\n"
	"    </Storage>\n"
	"  </StorageData>\n"
	"  <Snapshots>\n"
	"    <TopGUID>{5fbaabe3-6958-40ff-92a7-860e329aab41}</TopGUID>\n"
	"    <Shot>\n"
	"      <GUID>{5fbaabe3-6958-40ff-92a7-860e329aab41}</GUID>\n"
	"      <ParentGUID>{00000000-0000-0000-0000-000000000000}</ParentGUID>\n"
	"    </Shot>\n"
	"  </Snapshots>\n"
	"</Parallels_disk_image>\n";

#define IMAGE(g, f) "<Image><GUID>" g "</GUID><Type>Compressed</Type><File>" f "</File></Image>"
#define SHOT(g, p) "<Shot><GUID>" g "</GUID><ParentGUID>" p "</ParentGUID></Shot>"
#define PARAMS "<Disk_Parameters><Disk_size>2048</Disk_size><Cylinders>1</Cylinders>" \
	"<Heads>16</Heads><Sectors>128</Sectors><Padding>0</Padding></Disk_Parameters>"
#define STORAGE_HEAD "<StorageData><Storage><Start>0</Start><End>2048</End>" \
	"<Blocksize>2048</Blocksize>"
#define DOC(images, snaps) "<Parallels_disk_image>" PARAMS STORAGE_HEAD images \
	"</Storage></StorageData><Snapshots>" snaps "</Snapshots></Parallels_disk_image>"
#define TOP(g) "<TopGUID>" g "</TopGUID>"

static char buf[1 << 17], buf2[1 << 17];
static struct ploop_dd dd, dd2;

static int parse_str(const char *s, struct ploop_dd *d, char *why, size_t len)
{
	return ploop_dd_parse(s, strlen(s), d, why, len);
}

static char *read_corpus(const char *name)
{
	static char text[1 << 16];
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "tests/fuzz/corpus/fuzz_ploop_dd/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0)
		return NULL;
	text[n] = 0;
	return text;
}

static void test_round_trip(void)
{
	char why[256] = "";
	int n;

	is_int(parse_str(one_delta, &dd, why, sizeof why), 0, "OpenVZ one-delta descriptor parses");
	if (why[0])
		printf("# %s\n", why);
	ok(dd.count == 1 && dd.size_sectors == 20971520 && dd.blocksize == 2048 &&
	   dd.cylinders == 40960 && dd.heads == 16 && dd.sectors == 32, "its fields");
	is_str(dd.deltas[0].file, "root.hds", "file root.hds");
	n = ploop_dd_format(&dd, buf, sizeof buf);
	is_int(n, (long long)strlen(one_delta), "format returns its length");
	is_str(buf, one_delta, "format(parse(text)) == text");
	is_int(ploop_dd_parse(buf, (size_t)n, &dd2, why, sizeof why), 0, "parse(format(x))");
	ok(!memcmp(&dd, &dd2, sizeof dd), "parse(format(x)) == x");
	is_int(ploop_dd_format(&dd, buf2, 10), n, "short buffer: full length, like snprintf");
	is_int((long long)strlen(buf2), 9, "short buffer: truncated and terminated");
}

static void test_three_deltas(void)
{
	const struct ploop_dd_delta *chain[PLOOP_DD_MAX_DELTAS];
	const char *text = read_corpus("three_deltas_temporary.xml");
	char why[256] = "";

	ok(text != NULL, "corpus three-delta descriptor readable");
	if (!text)
		return;
	is_int(parse_str(text, &dd, why, sizeof why), 0, "three deltas with a Temporary shot");
	if (why[0])
		printf("# %s\n", why);
	is_int(ploop_dd_chain(&dd, chain, PLOOP_DD_MAX_DELTAS), 3, "chain of 3");
	is_str(chain[0]->guid, G_BASE, "base first");
	is_str(chain[1]->guid, G_MID, "then the middle");
	ok(chain[1]->temporary && !chain[0]->temporary && !chain[2]->temporary,
	   "only the middle shot is temporary");
	is_str(ploop_dd_top(&dd)->guid, PLOOP_GUID_TOP, "top is the conventional GUID");
	ploop_dd_format(&dd, buf, sizeof buf);
	is_str(buf, text, "three deltas: format(parse(text)) == text");
}

/* Shots listed top first, Images middle first: parse puts the chain in order. */
static void test_order_and_syntax(void)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by hand -->\n"
		"<Parallels_disk_image Version='1.0'>" PARAMS STORAGE_HEAD
		IMAGE(G_MID, "root.hds.mid") IMAGE(G_BASE, "root &amp; base.hds")
		"<Unknown><Deep a=\"b\">x</Deep></Unknown>"
		"</Storage></StorageData><Snapshots>" TOP(G_MID)
		SHOT(G_MID, G_BASE) "<!-- c -->" SHOT(G_BASE, PLOOP_GUID_NULL)
		"</Snapshots></Parallels_disk_image>\n";
	char why[256] = "";

	is_int(parse_str(doc, &dd, why, sizeof why), 0,
	       "declaration, comments, attributes, entities, unknown elements, any order");
	if (why[0])
		printf("# %s\n", why);
	ok(dd.count == 2 && !strcmp(dd.deltas[0].guid, G_BASE), "base first after parse");
	is_str(dd.deltas[0].file, "root & base.hds", "entity decoded in File");
	ploop_dd_format(&dd, buf, sizeof buf);
	ok(strstr(buf, "<File>root &amp; base.hds</File>") != NULL, "and escaped again");
}

struct bad_case {
	const char *name, *text, *why;
};

static const struct bad_case bad_cases[] = {
	{ "missing TopGUID", DOC(IMAGE(G_BASE, "root.hds"), SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "<TopGUID> missing" },
	{ "dangling parent", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "b"),
	  TOP(G_MID) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, PLOOP_GUID_TOP)),
	  "dangling ParentGUID" },
	{ "cycle", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "b") IMAGE(PLOOP_GUID_TOP, "c"),
	  TOP(PLOOP_GUID_TOP) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, PLOOP_GUID_TOP)
	  SHOT(PLOOP_GUID_TOP, G_MID)), "cycle" },
	{ "self parent", DOC(IMAGE(G_BASE, "a"), TOP(G_BASE) SHOT(G_BASE, G_BASE)),
	  "no <Shot> has ParentGUID" },
	{ "fork", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "b") IMAGE(PLOOP_GUID_TOP, "c"),
	  TOP(PLOOP_GUID_TOP) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, G_BASE)
	  SHOT(PLOOP_GUID_TOP, G_BASE)), "fork" },
	{ "TopGUID not the top", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "b"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, G_BASE)), "not the top" },
	{ "TopGUID names no shot", DOC(IMAGE(G_BASE, "a"),
	  TOP(G_MID) SHOT(G_BASE, PLOOP_GUID_NULL)), "names no shot" },
	{ "duplicate image GUID", DOC(IMAGE(G_BASE, "a") IMAGE(G_BASE, "b"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)), "duplicate GUID" },
	{ "duplicate shot GUID", DOC(IMAGE(G_BASE, "a"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "duplicate GUID" },
	{ "duplicate file", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "a"),
	  TOP(G_MID) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, G_BASE)), "duplicate File" },
	{ "shot without image", DOC(IMAGE(G_BASE, "a"),
	  TOP(G_MID) SHOT(G_BASE, PLOOP_GUID_NULL) SHOT(G_MID, G_BASE)), "no <Image> has GUID" },
	{ "image without shot", DOC(IMAGE(G_BASE, "a") IMAGE(G_MID, "b"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)), "no <Shot> has GUID" },
	{ "bad GUID syntax", DOC(IMAGE("{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4}", "a"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)), "hex GUID" },
	{ "GUID with a non-hex digit", DOC(IMAGE("{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g}", "a"),
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)), "hex GUID" },
	{ "null GUID as a delta", DOC(IMAGE(PLOOP_GUID_NULL, "a"),
	  TOP(PLOOP_GUID_NULL) SHOT(PLOOP_GUID_NULL, PLOOP_GUID_NULL)), "reserved GUID" },
	{ "File ../x", DOC(IMAGE(G_BASE, "../x"), TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "not a plain name" },
	{ "File /etc/x", DOC(IMAGE(G_BASE, "/etc/x"), TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "not a plain name" },
	{ "File sub/x", DOC(IMAGE(G_BASE, "sub/x"), TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "not a plain name" },
	{ "File .hidden", DOC(IMAGE(G_BASE, ".x"), TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "not a plain name" },
	{ "File empty", DOC(IMAGE(G_BASE, ""), TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)),
	  "not a plain name" },
	{ "bad Type", DOC("<Image><GUID>" G_BASE "</GUID><Type>Raw</Type><File>a</File></Image>",
	  TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)), "neither Compressed" },
	{ "blocksize 3000", "<Parallels_disk_image>" PARAMS "<StorageData><Storage><Start>0</Start>"
	  "<End>2048</End><Blocksize>3000</Blocksize>" IMAGE(G_BASE, "a") "</Storage></StorageData>"
	  "<Snapshots>" TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL) "</Snapshots>"
	  "</Parallels_disk_image>", "not a power of two" },
	{ "End differs from Disk_size", "<Parallels_disk_image>" PARAMS "<StorageData><Storage>"
	  "<Start>0</Start><End>4096</End><Blocksize>2048</Blocksize>" IMAGE(G_BASE, "a")
	  "</Storage></StorageData><Snapshots>" TOP(G_BASE) SHOT(G_BASE, PLOOP_GUID_NULL)
	  "</Snapshots></Parallels_disk_image>", "do not span" },
	{ "Disk_size 0", "<Parallels_disk_image><Disk_Parameters><Disk_size>0</Disk_size>"
	  "<Cylinders>1</Cylinders><Heads>1</Heads><Sectors>1</Sectors><Padding>0</Padding>"
	  "</Disk_Parameters></Parallels_disk_image>", "Disk_size is 0" },
	{ "Disk_size not a number", "<Parallels_disk_image><Disk_Parameters><Disk_size>-1"
	  "</Disk_size></Disk_Parameters></Parallels_disk_image>", "not a number" },
	{ "Heads over 32 bits", "<Parallels_disk_image><Disk_Parameters><Disk_size>1</Disk_size>"
	  "<Cylinders>1</Cylinders><Heads>4294967296</Heads></Disk_Parameters>"
	  "</Parallels_disk_image>", "over 4294967295" },
	{ "two Disk_size", "<Parallels_disk_image><Disk_Parameters><Disk_size>1</Disk_size>"
	  "<Disk_size>1</Disk_size></Disk_Parameters></Parallels_disk_image>", "second <Disk_size>" },
	{ "wrong root", "<Other/>", "not a disk descriptor root" },
	{ "truncated XML", "<Parallels_disk_image><Disk_Parameters><Disk_size>1", "not closed" },
	{ "truncated tag", "<Parallels_disk_image><Disk_Para", "truncated tag" },
	{ "truncated comment", "<Parallels_disk_image><!-- x", "truncated comment" },
	{ "mismatched tags", "<Parallels_disk_image><Disk_Parameters></Snapshots>"
	  "</Parallels_disk_image>", "does not match <Disk_Parameters>" },
	{ "DTD", "<!DOCTYPE x [ <!ENTITY a \"b\"> ]><Parallels_disk_image/>", "DTD" },
	{ "CDATA", "<Parallels_disk_image><![CDATA[x]]></Parallels_disk_image>", "CDATA" },
	{ "unknown entity", "<Parallels_disk_image>&foo;</Parallels_disk_image>", "entity" },
	{ "text outside root", "junk<Parallels_disk_image/>", "outside the root" },
	{ "two roots", "<Parallels_disk_image/><Parallels_disk_image/>", "second root" },
	{ "empty input", "", "no root element" },
	{ "unquoted attribute", "<Parallels_disk_image a=b/>", "not quoted" },
};

static void test_refusals(void)
{
	char why[256];
	size_t i;

	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		int rc;

		why[0] = 0;
		rc = parse_str(c->text, &dd, why, sizeof why);
		ok(rc == -EINVAL && strstr(why, c->why), "refused: %s (%s)", c->name, why);
	}
}

static void test_limits(void)
{
	char why[256] = "", *big, *p;
	size_t i;
	int n;

	big = malloc(PLOOP_DD_MAX_INPUT + 2);
	memset(big, ' ', PLOOP_DD_MAX_INPUT + 1);
	is_int(ploop_dd_parse(big, PLOOP_DD_MAX_INPUT + 1, &dd, why, sizeof why), -EFBIG,
	       "input over 1 MiB refused");
	ok(strstr(why, "limit") != NULL, "with a reason (%s)", why);

	p = big;
	for (i = 0; i < PLOOP_XML_MAX_DEPTH + 1; i++)
		p += sprintf(p, "<a>");
	*p = 0;
	ok(parse_str(big, &dd, why, sizeof why) == -EINVAL && strstr(why, "nested deeper"),
	   "nesting over %d refused (%s)", PLOOP_XML_MAX_DEPTH, why);

	p = big + sprintf(big, "<Parallels_disk_image>");
	for (i = 0; i < PLOOP_XML_MAX_NODES; i++)
		p += sprintf(p, "<x/>");
	sprintf(p, "</Parallels_disk_image>");
	ok(parse_str(big, &dd, why, sizeof why) == -EINVAL && strstr(why, "more than 4096"),
	   "element count over %d refused (%s)", PLOOP_XML_MAX_NODES, why);

	memset(big, 'a', 200);
	big[0] = '<';
	strcpy(big + 200, "/>");
	ok(parse_str(big, &dd, why, sizeof why) == -EINVAL && strstr(why, "name longer"),
	   "long element name refused (%s)", why);

	is_int(ploop_dd_parse("<a>\0</a>", 8, &dd, why, sizeof why), -EINVAL, "NUL byte refused");

	/* 65 deltas: the XML of a valid-looking chain one delta too long. */
	ploop_dd_init(&dd, 2048, 2048, "root.hds");
	for (i = 1; i < PLOOP_DD_MAX_DELTAS; i++)
		if (ploop_dd_add_snapshot(&dd, NULL, NULL, 0))
			break;
	is_int(dd.count, PLOOP_DD_MAX_DELTAS, "64 deltas via add_snapshot");
	is_int(ploop_dd_add_snapshot(&dd, NULL, NULL, 0), -ENOSPC, "65th refused");
	n = ploop_dd_format(&dd, big, PLOOP_DD_MAX_INPUT);
	ok(n > 0 && parse_str(big, &dd2, why, sizeof why) == 0 && !memcmp(&dd, &dd2, sizeof dd),
	   "64 deltas round trip");
	p = strstr(big, "    </Storage>");
	memmove(p + strlen(IMAGE(G_BASE, "extra")), p, strlen(p) + 1);
	memcpy(p, IMAGE(G_BASE, "extra"), strlen(IMAGE(G_BASE, "extra")));
	ok(parse_str(big, &dd2, why, sizeof why) == -EINVAL && strstr(why, "more than 64 images"),
	   "65 images refused (%s)", why);
	free(big);
}

static void test_bookkeeping(void)
{
	char dropped[PLOOP_DD_FILE_MAX + 1], snap[PLOOP_GUID_LEN + 1], g[PLOOP_GUID_LEN + 1];
	char why[256];

	is_int(ploop_guid_generate(g), 0, "generate a GUID");
	ok(ploop_guid_valid(g) && g[15] == '4', "well-formed version 4 GUID %s", g);
	ok(!ploop_guid_valid("{5fbaabe3-6958-40ff-92a7-860e329aab41}x"), "trailing byte invalid");
	ok(!ploop_guid_valid("5fbaabe3-6958-40ff-92a7-860e329aab41"), "no braces invalid");

	is_int(ploop_dd_init(&dd, 20971520, 2048, "root.hds"), 0, "init 10 GiB");
	ok(dd.heads == 16 && dd.cylinders == 40960 && dd.sectors == 32, "geometry from ploop_geometry");
	ploop_dd_format(&dd, buf, sizeof buf);
	is_str(buf, one_delta, "a new disk formats exactly as OpenVZ's one-delta descriptor");
	is_int(ploop_dd_init(&dd, 2048, 2048, "../x"), -EINVAL, "init refuses a path escape");
	is_int(ploop_dd_init(&dd, 2048, 3, "root.hds"), -EINVAL, "init refuses blocksize 3");

	ploop_dd_init(&dd, 20971520, 2048, "root.hds");
	is_int(ploop_dd_add_snapshot(&dd, G_BASE, NULL, 0), 0, "snapshot with a given GUID");
	is_int(dd.count, 2, "two deltas");
	is_str(dd.deltas[0].guid, G_BASE, "old top took the snapshot GUID");
	is_str(ploop_dd_top(&dd)->guid, PLOOP_GUID_TOP, "new top has the conventional GUID");
	is_str(ploop_dd_top(&dd)->parent, G_BASE, "on top of the snapshot");
	is_str(ploop_dd_top(&dd)->file, "root.hds." G_BASE, "default file root.hds.{GUID}");
	is_int(ploop_dd_add_snapshot(&dd, G_BASE, "x", 0), -EEXIST, "snapshot GUID in use");
	is_int(ploop_dd_add_snapshot(&dd, NULL, "root.hds", 0), -EEXIST, "file in use");
	is_int(ploop_dd_add_snapshot(&dd, NULL, "/etc/x", 0), -EINVAL, "file escaping refused");
	is_int(ploop_dd_add_snapshot(&dd, "{bad}", NULL, 0), -EINVAL, "bad snapshot GUID refused");
	is_int(dd.count, 2, "failed snapshots change nothing");
	is_int(ploop_dd_add_snapshot(&dd, NULL, "top.hds", 1), 0, "temporary snapshot, random GUID");
	memcpy(snap, dd.deltas[1].guid, sizeof snap);
	ok(ploop_guid_valid(snap) && dd.deltas[1].temporary, "middle is temporary, GUID %s", snap);
	is_int(ploop_dd_validate(&dd, why, sizeof why), 0, "still valid");
	ploop_dd_format(&dd, buf, sizeof buf);
	ok(strstr(buf, "      <Temporary/>\n    </Shot>\n") != NULL, "Temporary written");

	is_int(ploop_dd_remove(&dd, PLOOP_GUID_TOP, dropped, sizeof dropped), -EBUSY,
	       "the top cannot be removed");
	is_int(ploop_dd_remove(&dd, G_MID, dropped, sizeof dropped), -ENOENT, "unknown GUID");
	is_int(ploop_dd_remove(&dd, snap, dropped, sizeof dropped), 0,
	       "remove the temporary snapshot (top merged into it)");
	is_str(dropped, "top.hds", "the top's old file is the one to drop");
	ok(dd.count == 2 && !strcmp(dd.deltas[1].guid, PLOOP_GUID_TOP) &&
	   !strcmp(dd.deltas[1].file, "root.hds." G_BASE) && !strcmp(dd.deltas[1].parent, G_BASE),
	   "top keeps its GUID, lives in the snapshot's file, on the snapshot's parent");
	is_int(ploop_dd_remove(&dd, G_BASE, dropped, sizeof dropped), 0, "remove the base");
	ok(dd.count == 1 && !strcmp(dd.deltas[0].file, "root.hds") &&
	   !strcmp(dd.deltas[0].parent, PLOOP_GUID_NULL), "back to one delta in root.hds");
	is_int(ploop_dd_validate(&dd, why, sizeof why), 0, "valid after removals");
}

static void test_load_save(void)
{
	char dir[] = "/tmp/ddtest-XXXXXX", path[64], why[256] = "";
	struct stat st;

	if (!ok(mkdtemp(dir) != NULL, "temp dir"))
		return;
	ploop_dd_init(&dd, 20971520, 2048, "root.hds");
	ploop_dd_add_snapshot(&dd, G_BASE, NULL, 1);
	is_int(ploop_dd_save(dir, &dd), 0, "save");
	snprintf(path, sizeof path, "%s/DiskDescriptor.xml.new", dir);
	ok(stat(path, &st) && errno == ENOENT, "no .new left behind");
	is_int(ploop_dd_load(dir, &dd2, why, sizeof why), 0, "load");
	ok(!memcmp(&dd, &dd2, sizeof dd), "load(save(x)) == x");
	snprintf(path, sizeof path, "%s/DiskDescriptor.xml", dir);
	unlink(path);
	is_int(ploop_dd_load(dir, &dd2, why, sizeof why), -ENOENT, "missing descriptor: -ENOENT");
	rmdir(dir);
}

int main(void)
{
	test_round_trip();
	test_three_deltas();
	test_order_and_syntax();
	test_refusals();
	test_limits();
	test_bookkeeping();
	test_load_save();
	return done_testing();
}
