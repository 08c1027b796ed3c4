/*
 * Template extraction: good archives of every compression made with the
 * host's tar, and hostile ones written header by header here: "..",
 * absolute paths, writes through symlinks, hard links out of the
 * destination, oversized members, truncation, garbage; device nodes and
 * fifos skipped with one summary line. Needs root (ownership is shifted
 * with chown) and the node's decompressors (node_tools.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "node_tools.h"
#include "scratch.h"
#include "tap.h"
#include "tar_writer.h"
#include "tmpl/tmpl.h"
#include "tmpl/tar.h"
#include "tmpl/unpack.h"

#define SHIFT 100000

/* A fresh empty destination directory. */
static const char *dest_new(void)
{
	sh("rm -rf %s/dest && mkdir %s/dest", scratch_top, scratch_top);
	return at("dest");
}

/* ---- hostile archives, written header by header ---- */

static void hdr(FILE *f, const char *name, char type, unsigned mode, unsigned long long size,
		const char *link, unsigned uid)
{
	tarw_header(f, name, type, mode, size, link, uid);
}

static void data(FILE *f, const char *s)
{
	tarw_data(f, s, strlen(s));
}

static void end(FILE *f)
{
	tarw_end(f);
	fclose(f);
}

static FILE *evil(const char *name)
{
	return fopen(at(name), "w");
}

/* Extracts scratch_top/name into a fresh dest; 0 or -1, messages in c. */
static int extract(const char *name, struct collect *c)
{
	struct report rep = collect_report(c);

	return tmpl_extract(at(name), dest_new(), SHIFT, SHIFT, &rep);
}

static void refused(const char *name, const char *needle, const char *what)
{
	struct collect c;
	int r = extract(name, &c);

	ok(r == -1 && collect_has(&c, needle), "%s: refused (%s)", what, c.n ? c.msg[0] : "no message");
}

/* ---- good archives ---- */

static void tree_make(void)
{
	sh("rm -rf %1$s/src && mkdir -p %1$s/src/etc %1$s/src/bin %1$s/src/root && "
	   "echo hello > %1$s/src/etc/motd && chown 5:7 %1$s/src/etc/motd && "
	   "printf x > %1$s/src/bin/su && chmod 4755 %1$s/src/bin/su && "
	   "ln -s /etc/motd %1$s/src/motd.link && ln %1$s/src/etc/motd %1$s/src/etc/motd.hard && "
	   "mkdir -p %1$s/src/long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
	   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb && "
	   "echo deep > %1$s/src/long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
	   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/file && "
	   "chmod 0700 %1$s/src/root", scratch_top);
}

static void tree_check(const char *what)
{
	struct stat st, st2;
	char buf[64] = "";
	ssize_t n;

	ok(stat(at("dest/etc/motd"), &st) == 0 && st.st_uid == SHIFT + 5 && st.st_gid == SHIFT + 7,
	   "%s: file owner shifted to %d:%d", what, SHIFT + 5, SHIFT + 7);
	ok(stat(at("dest/etc/motd.hard"), &st2) == 0 && st2.st_ino == st.st_ino,
	   "%s: hard link shares the inode", what);
	ok(stat(at("dest/bin/su"), &st) == 0 && (st.st_mode & 07777) == 04755 && st.st_uid == SHIFT,
	   "%s: setuid kept on the shifted root's file", what);
	n = readlink(at("dest/motd.link"), buf, sizeof buf - 1);
	ok(n == 9 && !memcmp(buf, "/etc/motd", 9), "%s: symlink target kept", what);
	ok(lstat(at("dest/motd.link"), &st) == 0 && st.st_uid == SHIFT, "%s: symlink owner shifted", what);
	ok(stat(at("dest/root"), &st) == 0 && (st.st_mode & 07777) == 0700, "%s: directory mode", what);
	ok(stat(at("dest"), &st) == 0 && st.st_uid == SHIFT, "%s: \"./\" owns the destination", what);
	ok(sh("grep -qx deep %s/dest/long/a*/b*/file", scratch_top) == 0, "%s: long name", what);
	ok(sh("cmp -s %s/src/etc/motd %s/dest/etc/motd", scratch_top, scratch_top) == 0, "%s: content", what);
}

static void good_archives(void)
{
	static const struct { const char *name, *flags; } a[] = {
		{ "plain.tar", "" },
		{ "gnu.tar.gz", "--format=gnu -z" },
		{ "pax.tar.xz", "--format=pax -I" },
		{ "ustar-prefix.tar.zst", "--format=pax --zstd" },
	};

	tree_make();
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
		struct collect c;
		int r;

		sh("tar -C %s/src --numeric-owner %s%s -cf %s .", scratch_top, a[i].flags,
		   strstr(a[i].flags, "-I") ? host_xz : "", at(a[i].name));
		r = extract(a[i].name, &c);
		ok(r == 0, "%s extracts (%s)", a[i].name, c.n ? c.msg[0] : "no message");
		tree_check(a[i].name);
	}
}

/* ---- hostile archives ---- */

static void path_escapes(void)
{
	FILE *f = evil("dotdot.tar");

	hdr(f, "ok", '5', 0755, 0, NULL, 0);
	hdr(f, "ok/../../escaped", '0', 0644, 2, NULL, 0);
	data(f, "x\n");
	end(f);
	refused("dotdot.tar", "\"..\"", "../ path");
	ok(access(at("escaped"), F_OK) < 0, "../ path: nothing written outside");

	f = evil("abs.tar");
	hdr(f, "/tmp/vzhost-tmpl-abs", '0', 0644, 2, NULL, 0);
	data(f, "x\n");
	end(f);
	refused("abs.tar", "absolute path", "absolute path");
	ok(access("/tmp/vzhost-tmpl-abs", F_OK) < 0, "absolute path: nothing written there");
}

static void symlink_escapes(void)
{
	FILE *f = evil("symdir.tar");

	sh("rm -rf %1$s/outside && mkdir %1$s/outside && echo keep > %1$s/outside/victim", scratch_top);
	hdr(f, "link", '2', 0777, 0, at("outside"), 0);
	hdr(f, "link/victim", '0', 0644, 5, NULL, 0);
	data(f, "evil\n");
	end(f);
	refused("symdir.tar", "symlink", "write through a symlinked directory");
	ok(sh("grep -qx keep %s/outside/victim", scratch_top) == 0, "symlinked directory: outside file intact");

	f = evil("symfile.tar");
	hdr(f, "victim", '2', 0777, 0, at("outside/victim"), 0);
	hdr(f, "victim", '0', 0644, 5, NULL, 0);
	data(f, "evil\n");
	end(f);
	ok(extract("symfile.tar", &(struct collect){ 0 }) == 0 &&
	   sh("grep -qx keep %s/outside/victim", scratch_top) == 0 &&
	   sh("grep -qx evil %s/dest/victim", scratch_top) == 0,
	   "a file over a symlink replaces the link, not its target");

	f = evil("symdeep.tar");
	hdr(f, "etc", '2', 0777, 0, "../outside", 0);
	hdr(f, "etc/x/y", '0', 0644, 5, NULL, 0);
	data(f, "evil\n");
	end(f);
	refused("symdeep.tar", "symlink", "relative symlink escape then a deep write");
	ok(access(at("outside/x"), F_OK) < 0, "relative symlink escape: nothing created outside");
}

static void hardlink_escapes(void)
{
	static const char *const targets[] = { "../outside/victim", "/etc/passwd", "missing" };
	FILE *f;

	for (size_t i = 0; i < 3; i++) {
		f = evil("hard.tar");
		hdr(f, "h", '1', 0644, 0, targets[i], 0);
		end(f);
		refused("hard.tar", "hard link", targets[i]);
	}
	f = evil("hardsym.tar");
	hdr(f, "d", '2', 0777, 0, at("outside"), 0);
	hdr(f, "h", '1', 0644, 0, "d/victim", 0);
	end(f);
	refused("hardsym.tar", "hard link", "hard link through a symlink");
	f = evil("harddir.tar");
	hdr(f, "d", '5', 0755, 0, NULL, 0);
	hdr(f, "h", '1', 0644, 0, "d", 0);
	end(f);
	refused("harddir.tar", "hard link", "hard link to a directory");
}

static void refused_types(void)
{
	static const struct { char type; const char *needle; } t[] = {
		{ 'S', "a GNU sparse" }, { 'Z', "unknown member type" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		FILE *f = evil("type.tar");
		char needle[128];

		hdr(f, "dev/sda", t[i].type, 0600, 0, NULL, 0);
		end(f);
		snprintf(needle, sizeof needle, "dev/sda: refused: %s", t[i].needle);
		refused("type.tar", needle, needle);
	}
}

/* What extract_notify told, in the notice's collect. */
static int extract_notify(const char *name, struct collect *c, struct collect *n)
{
	struct report rep = collect_report(c), notice = collect_report(n);

	return tmpl_extract_notify(at(name), dest_new(), SHIFT, SHIFT, &rep, &notice);
}

static void nodes_skipped(void)
{
	struct collect c, n;
	FILE *f = evil("nodes.tar");
	int r;

	hdr(f, "dev", '5', 0755, 0, NULL, 0);
	hdr(f, "dev/null", '3', 0666, 0, NULL, 0);
	hdr(f, "dev/sda", '4', 0660, 0, NULL, 0);
	hdr(f, "dev/initctl", '6', 0600, 0, NULL, 0);
	hdr(f, "dev/null2", '1', 0666, 0, "dev/null", 0);	/* a hard link to a node */
	hdr(f, "../dev/zero", '3', 0666, 0, NULL, 0);
	end(f);
	refused("nodes.tar", "\"..\"", "a device node with a \"..\" path: refused, not skipped");

	f = evil("nodes.tar");
	hdr(f, "dev", '5', 0755, 0, NULL, 0);
	hdr(f, "dev/null", '3', 0666, 0, NULL, 0);
	hdr(f, "dev/sda", '4', 0660, 0, NULL, 0);
	hdr(f, "dev/initctl", '6', 0600, 0, NULL, 0);
	hdr(f, "dev/null2", '1', 0666, 0, "dev/null", 0);
	hdr(f, "run/fifo", '6', 0600, 0, NULL, 0);
	hdr(f, "etc/motd", '0', 0644, 3, NULL, 0);
	data(f, "hi\n");
	end(f);
	r = extract_notify("nodes.tar", &c, &n);
	ok(r == 0, "device nodes and fifos do not fail the extraction (%s)", c.n ? c.msg[0] : "");
	ok(n.n == 1 && !strcmp(n.msg[0], "skipped 3 device nodes and 2 fifos from the template "
				 "(containers get /dev from the node)"),
	   "one summary line: %s", n.n ? n.msg[0] : "none");
	ok(sh("test -d %1$s/dest/dev && test -z \"$(ls -A %1$s/dest/dev)\" && test ! -e %1$s/dest/run/fifo"
	      " && grep -qx hi %1$s/dest/etc/motd", scratch_top) == 0,
	   "no node, fifo or link to one created; the rest extracted");

	f = evil("one.tar");
	hdr(f, "dev/console", '3', 0600, 0, NULL, 0);
	end(f);
	ok(extract_notify("one.tar", &c, &n) == 0 && n.n == 1 &&
	   !strcmp(n.msg[0], "skipped 1 device node from the template (containers get /dev from the node)"),
	   "singular: %s", n.n ? n.msg[0] : "none");
	ok(extract_notify("plain.tar", &c, &n) == 0 && n.n == 0, "nothing skipped: no line");
}

static void limits(void)
{
	struct collect c;
	struct report rep;
	struct tmpl_unpack u;
	int fd;
	FILE *f = evil("big.tar");

	hdr(f, "huge", '0', 0644, 100ULL << 30, NULL, 0);
	end(f);
	refused("big.tar", "member limit", "a member over the member limit");

	f = evil("full.tar");
	hdr(f, "a", '0', 0644, 4096, NULL, 0);
	for (int i = 0; i < 8; i++)
		data(f, "");
	fwrite((char[4096]){ 0 }, 1, 4096, f);
	hdr(f, "b", '0', 0644, 4096, NULL, 0);
	fwrite((char[4096]){ 0 }, 1, 4096, f);
	end(f);
	rep = collect_report(&c);
	fd = open(dest_new(), O_RDONLY | O_DIRECTORY);
	tmpl_unpack_init(&u, fd, SHIFT, SHIFT, &rep);
	u.bytes_left = 6000;
	ok(tmpl_unpack_file(&u, at("full.tar")) == -1 && collect_has(&c, "b: 4096 bytes") &&
	   collect_has(&c, "disk full"), "disk full: clear error (%s)", c.n ? c.msg[0] : "");
	tmpl_unpack_fini(&u);
	close(fd);

	f = evil("uid.tar");
	hdr(f, "f", '0', 0644, 0, NULL, 65536);
	end(f);
	refused("uid.tar", "outside the container's ids", "uid 65536");
}

static void broken(void)
{
	FILE *f;

	tree_make();
	sh("tar -C %s/src -cf %s . && head -c 3000 %s > %s", scratch_top, at("whole.tar"), at("whole.tar"),
	   at("cut.tar"));
	refused("cut.tar", "truncated", "truncated tar");
	sh("gzip -c < %1$s > %2$s.full && head -c $(($(stat -c %%s %2$s.full) / 2)) %2$s.full > %2$s",
	   at("whole.tar"), at("cut.tar.gz"));
	refused("cut.tar.gz", "gzip reports a corrupt", "truncated gzip");
	sh("head -c 8192 /dev/urandom > %s", at("garbage"));
	refused("garbage", "not a tar archive", "garbage");
	sh("printf '\\037\\213garbage-after-gzip-magic' > %s", at("garbage.gz"));
	refused("garbage.gz", "corrupt or truncated", "garbage with gzip magic");
	sh(": > %s", at("empty"));
	refused("empty", "truncated", "empty file");
	f = evil("badpax.tar");
	hdr(f, "pax", 'x', 0644, 12, NULL, 0);
	data(f, "99 path=x\n\n");
	hdr(f, "f", '0', 0644, 0, NULL, 0);
	end(f);
	refused("badpax.tar", "malformed record", "malformed pax record");
	refused("does-not-exist", "No such file", "missing tarball");
}

static void paths_and_find(void)
{
	static const struct { const char *in, *out; } p[] = {
		{ "./", "" }, { ".", "" }, { "./a//b/./c/", "a/b/c" }, { "a", "a" },
		{ "/a", NULL }, { "..", NULL }, { "a/../b", NULL }, { "a/..", NULL }, { "..a", "..a" },
	};
	char out[TMPL_PATH_MAX], path[512];

	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
		int r = tmpl_path_clean(p[i].in, out, sizeof out);

		ok(p[i].out ? r == 0 && !strcmp(out, p[i].out) : r == -1, "path \"%s\"", p[i].in);
	}
	sh("mkdir -p %1$s/cache && touch %1$s/cache/t1.tar.gz %1$s/cache/t1.tar.zst", scratch_top);
	ok(tmpl_find(at("cache"), "t1", path, sizeof path) == 0 &&
	   !strcmp(path, at("cache/t1.tar.zst")), "tmpl_find prefers .tar.zst");
	ok(tmpl_find(at("cache"), "nope", path, sizeof path) == -1 && errno == ENOENT,
	   "tmpl_find: missing template is ENOENT");
	ok(tmpl_find(at("cache"), "../cache/t1", path, sizeof path) == -1 && errno == EINVAL,
	   "tmpl_find: a name with a slash is EINVAL");
	ok(!tmpl_name_valid(".hidden") && !tmpl_name_valid("") && tmpl_name_valid("debian-12-x86_64"),
	   "template names");
}

int main(void)
{
	if (geteuid() != 0) {
		printf("1..0 # SKIP extraction shifts ownership: needs root\n");
		return 0;
	}
	snprintf(scratch_top, sizeof scratch_top, "/tmp/test_tmpl.%d", (int)getpid());
	sh("rm -rf %1$s && mkdir -p %1$s", scratch_top);
	if (node_tools_use(scratch_top) < 0) {
		printf("Bail out! the node's decompressors are needed (see above)\n");
		return 1;
	}
	good_archives();
	path_escapes();
	symlink_escapes();
	hardlink_escapes();
	refused_types();
	nodes_skipped();
	limits();
	broken();
	paths_and_find();
	sh("rm -rf %s", scratch_top);
	return done_testing();
}
