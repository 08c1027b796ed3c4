/*
 * OCI layers applied as lib/tmpl/oci.c applies them (whiteouts first, then
 * the files), written header by header: opaque whiteouts in the same layer
 * as the directory's new entries, before and after them, and across two
 * layers; whiteouts of files, directories and symlinks; whiteouts through
 * a symlink, which must touch nothing outside the root; whiteouts naming
 * "." or ".."; hard links to a lower layer's files; a file replaced by a
 * directory and back; device nodes. Needs root (files are chowned).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "scratch.h"
#include "tap.h"
#include "tar_writer.h"
#include "tmpl/unpack.h"

/* A fresh empty root, and outside/victim beside it that no layer may touch. */
static void root_new(void)
{
	sh("rm -rf %1$s/root %1$s/outside && mkdir %1$s/root %1$s/outside && "
	   "echo keep > %1$s/outside/victim", scratch_top);
}

static int outside_intact(void)
{
	return sh("test \"$(ls -A %1$s/outside)\" = victim && grep -qx keep %1$s/outside/victim",
		  scratch_top) == 0;
}

static FILE *layer_new(void)
{
	return fopen(at("layer.tar"), "w");
}

/* Ends the layer being written and applies it to root in two passes: 0 or -1, messages in c. */
static int layer_apply(FILE *f, struct collect *c, struct tmpl_skipped *skipped)
{
	static const enum tmpl_unpack_mode passes[] = { TMPL_UNPACK_WHITEOUTS, TMPL_UNPACK_LAYER };
	struct report rep = collect_report(c);
	int fd = open(at("root"), O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	tarw_end(f);
	fclose(f);
	for (size_t i = 0; r == 0 && i < 2; i++) {
		struct tmpl_unpack u;

		tmpl_unpack_init(&u, fd, 0, 0, &rep);
		u.mode = passes[i];
		r = tmpl_unpack_file(&u, at("layer.tar"));
		if (skipped)
			skipped->devices += u.skipped.devices, skipped->fifos += u.skipped.fifos;
		tmpl_unpack_fini(&u);
	}
	close(fd);
	return r;
}

static int applies(FILE *f, const char *what)
{
	struct collect c;
	int r = layer_apply(f, &c, NULL);

	return ok(r == 0, "%s: the layer applies (%s)", what, c.n ? c.msg[0] : "no message");
}

static int exists(const char *rel)
{
	struct stat st;

	return lstat(at(rel), &st) == 0;
}

static void opaque_same_layer(void)
{
	FILE *f;

	root_new();
	sh("mkdir -p %1$s/root/d/old && touch %1$s/root/d/old/f %1$s/root/d/lower", scratch_top);
	f = layer_new();
	tarw_header(f, "d/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "d/sub/x", "x\n");
	tarw_header(f, "d/.wh..wh..opq", '0', 0644, 0, NULL, 0);
	applies(f, "d/, d/sub/x, d/.wh..wh..opq");
	ok(exists("root/d/sub/x") && sh("grep -qx x %s/root/d/sub/x", scratch_top) == 0,
	   "opaque marker last: the layer's own d/sub/x stays");
	ok(!exists("root/d/old") && !exists("root/d/lower"), "opaque marker last: the lower d/ is hidden");
	ok(!exists("root/d/.wh..wh..opq"), "the marker itself is not extracted");

	root_new();
	sh("mkdir -p %1$s/root/d/old && touch %1$s/root/d/lower", scratch_top);
	f = layer_new();
	tarw_header(f, "d/.wh..wh..opq", '0', 0644, 0, NULL, 0);
	tarw_header(f, "d/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "d/sub/x", "x\n");
	applies(f, "d/.wh..wh..opq, d/, d/sub/x");
	ok(exists("root/d/sub/x") && !exists("root/d/old") && !exists("root/d/lower"),
	   "opaque marker first: the same result");
}

static void opaque_two_layers(void)
{
	FILE *f;

	root_new();
	f = layer_new();
	tarw_header(f, "d/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "d/a", "a\n");
	tarw_header(f, "d/sub/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "d/sub/y", "y\n");
	tarw_file(f, "e/keep", "k\n");
	applies(f, "lower layer");
	f = layer_new();
	tarw_file(f, "d/b", "b\n");
	tarw_header(f, "d/.wh..wh..opq", '0', 0644, 0, NULL, 0);
	tarw_file(f, "d/sub/x", "x\n");
	applies(f, "upper layer with d/.wh..wh..opq between its entries");
	ok(!exists("root/d/a") && !exists("root/d/sub/y"), "the lower layer's d/ contents are gone");
	ok(exists("root/d/b") && exists("root/d/sub/x"), "the upper layer's d/ contents remain");
	ok(exists("root/e/keep"), "other directories untouched");
}

static void whiteouts(void)
{
	FILE *f;

	root_new();
	f = layer_new();
	tarw_file(f, "f", "f\n");
	tarw_file(f, "dd/inner", "i\n");
	tarw_header(f, "s", '2', 0777, 0, "f", 0);
	tarw_header(f, "t", '2', 0777, 0, at("outside/victim"), 0);
	tarw_file(f, "g", "g\n");
	applies(f, "lower layer");
	f = layer_new();
	tarw_header(f, ".wh.f", '0', 0644, 0, NULL, 0);
	tarw_header(f, ".wh.dd", '0', 0644, 0, NULL, 0);
	tarw_header(f, ".wh.s", '0', 0644, 0, NULL, 0);
	tarw_header(f, ".wh.t", '0', 0644, 0, NULL, 0);
	tarw_header(f, ".wh.missing", '0', 0644, 0, NULL, 0);
	tarw_file(f, "g", "own\n");
	tarw_header(f, ".wh.g", '0', 0644, 0, NULL, 0);
	tarw_header(f, ".wh..wh.plnk", '0', 0644, 0, NULL, 0);
	applies(f, ".wh. of a file, a directory, two symlinks, a missing name");
	ok(!exists("root/f") && !exists("root/dd") && !exists("root/s") && !exists("root/t"),
	   ".wh.NAME removes a file, a directory with its contents and symlinks");
	ok(outside_intact(), "a whiteout of a symlink to outside removes the link only");
	ok(sh("grep -qx own %s/root/g", scratch_top) == 0,
	   "a whiteout never removes its own layer's entry of that name");
	ok(!exists("root/.wh.f") && !exists("root/.wh..wh.plnk") && !exists("root/.plnk"),
	   "whiteouts and AUFS metadata names are not extracted");
}

static void whiteouts_through_symlinks(void)
{
	static const char *const bad[] = { ".wh..", ".wh...", ".wh.", "d/.wh.." };
	struct collect c;
	FILE *f;
	int r;

	root_new();
	f = layer_new();
	tarw_header(f, "abs", '2', 0777, 0, at("outside"), 0);
	tarw_header(f, "rel", '2', 0777, 0, "../outside", 0);
	tarw_header(f, "in", '2', 0777, 0, "d", 0);
	tarw_file(f, "d/victim", "inside\n");
	applies(f, "lower layer with symlinks out of the root and into it");
	f = layer_new();
	tarw_header(f, "abs/.wh.victim", '0', 0644, 0, NULL, 0);
	tarw_header(f, "rel/.wh.victim", '0', 0644, 0, NULL, 0);
	tarw_header(f, "abs/.wh..wh..opq", '0', 0644, 0, NULL, 0);
	tarw_header(f, "rel/.wh..wh..opq", '0', 0644, 0, NULL, 0);
	tarw_header(f, "in/.wh.victim", '0', 0644, 0, NULL, 0);
	applies(f, "whiteouts through those symlinks");
	ok(outside_intact(), "whiteouts through a symlink delete nothing outside the root");
	ok(exists("root/d/victim"), "nor through a symlink inside it (no lower directory there)");
	ok(exists("root/abs") && exists("root/rel"), "the symlinks stay");

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		root_new();
		sh("mkdir -p %1$s/root/d && touch %1$s/root/d/f %1$s/root/f", scratch_top);
		f = layer_new();
		tarw_header(f, bad[i], '0', 0644, 0, NULL, 0);
		r = layer_apply(f, &c, NULL);
		ok(r == -1 && collect_has(&c, "a whiteout that names no entry") &&
		   exists("root/f") && exists("root/d/f") && outside_intact(),
		   "%s refused, nothing removed (%s)", bad[i], c.n ? c.msg[0] : "no message");
	}
	root_new();
	f = layer_new();
	tarw_header(f, "../.wh.outside", '0', 0644, 0, NULL, 0);
	r = layer_apply(f, &c, NULL);
	ok(r == -1 && collect_has(&c, "\"..\"") && outside_intact(),
	   "a whiteout with a \"..\" path refused (%s)", c.n ? c.msg[0] : "");
}

static void hard_links(void)
{
	struct stat a, b;
	struct collect c;
	FILE *f;
	int r;

	root_new();
	f = layer_new();
	tarw_file(f, "usr/bin/lower", "data\n");
	tarw_file(f, "gone", "g\n");
	applies(f, "lower layer");
	f = layer_new();
	tarw_header(f, "usr/bin/upper", '1', 0755, 0, "usr/bin/lower", 0);
	applies(f, "a hard link to a lower layer's file");
	ok(stat(at("root/usr/bin/lower"), &a) == 0 && stat(at("root/usr/bin/upper"), &b) == 0 &&
	   a.st_ino == b.st_ino, "the link shares the lower file's inode");
	f = layer_new();
	tarw_header(f, ".wh.gone", '0', 0644, 0, NULL, 0);
	tarw_header(f, "again", '1', 0644, 0, "gone", 0);
	r = layer_apply(f, &c, NULL);
	ok(r == -1 && collect_has(&c, "not a file extracted before"),
	   "a hard link to a file the same layer whites out is refused (%s)", c.n ? c.msg[0] : "");
}

static void replacements(void)
{
	struct tmpl_skipped skipped = { 0 };
	struct collect c;
	FILE *f;
	int r;

	root_new();
	f = layer_new();
	tarw_file(f, "a", "file\n");
	tarw_file(f, "b/inner", "i\n");
	tarw_header(f, "c", '2', 0777, 0, at("outside"), 0);
	applies(f, "lower layer: a file, a directory, a symlink");
	f = layer_new();
	tarw_header(f, "a/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "a/x", "x\n");
	tarw_file(f, "b", "now a file\n");
	tarw_header(f, "c/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "c/victim", "inside\n");
	applies(f, "upper layer replaces each by the other kind");
	ok(exists("root/a/x"), "a file replaced by a directory");
	ok(sh("test -f %1$s/root/b && grep -qx 'now a file' %1$s/root/b", scratch_top) == 0,
	   "a directory replaced by a file");
	ok(exists("root/c/victim") && outside_intact(), "a symlink replaced by a directory, outside intact");

	root_new();
	f = layer_new();
	tarw_file(f, "d/x", "x\n");
	tarw_file(f, "d", "file\n");
	tarw_header(f, "d/", '5', 0755, 0, NULL, 0);
	tarw_file(f, "d/y", "y\n");
	tarw_header(f, "dev/null", '3', 0666, 0, NULL, 0);
	tarw_header(f, "dev/initctl", '6', 0600, 0, NULL, 0);
	r = layer_apply(f, &c, &skipped);
	ok(r == 0 && exists("root/d/y") && !exists("root/d/x"),
	   "a directory, a file, a directory of one name in one layer: the last wins (%s)",
	   c.n ? c.msg[0] : "");
	ok(!exists("root/dev/null") && !exists("root/dev/initctl") && skipped.devices == 1 &&
	   skipped.fifos == 1, "device nodes and fifos in a layer are skipped and counted");
}

int main(void)
{
	if (geteuid() != 0) {
		printf("1..0 # SKIP layers are owned by root: needs root\n");
		return 0;
	}
	snprintf(scratch_top, sizeof scratch_top, "/tmp/test_tmpl_layers.%d", (int)getpid());
	sh("rm -rf %1$s && mkdir -p %1$s", scratch_top);
	opaque_same_layer();
	opaque_two_layers();
	whiteouts();
	whiteouts_through_symlinks();
	hard_links();
	replacements();
	sh("rm -rf %s", scratch_top);
	return done_testing();
}
