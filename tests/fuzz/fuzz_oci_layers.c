/*
 * libFuzzer target: OCI layer application (lib/tmpl/unpack.c,
 * lib/tmpl/whiteout.c, lib/tmpl/fs.c) with whiteouts, opaque directories,
 * hard links, symlinks and replacements. Each input is a short program of
 * 4-byte operations; the target writes them as up to 4 tar layers and
 * applies each as lib/tmpl/oci.c does (whiteouts, then files) into
 * TOP/1/2/3/4/root. Link targets come from a table that points into TOP
 * only (out of the root by "..", by absolute paths, into the root), so a
 * bug cannot touch anything outside TOP. Invariant, checked after every
 * input: nothing in TOP outside the root was created, deleted or changed
 * (names, types, modes, owners, sizes, mtimes, contents, link targets), the root is the same
 * directory, and it holds no device node or fifo. Needs root (chown).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../unit/tar_writer.h"
#include "tmpl/unpack.h"

#define LAYERS_MAX 4
#define OPS_MAX 64
#define SNAP_MAX 8192

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[64], base[128], root[160];
static char before[SNAP_MAX];
static ino_t root_ino;

static const char *const names[] = { "a", "d", "sub", "x", "l", "b", "root", "outside" };
static const char *const whiteouts[] = { ".wh.a", ".wh.d", ".wh.l", ".wh.sub", ".wh..wh..opq",
					 ".wh..", ".wh.", ".wh..wh.plnk" };
static char targets[16][192];

static void check(int cond)
{
	if (!cond)
		abort();
}

/* A path of 1 to 3 names; whiteout ops end in a whiteout name. */
static void path_make(char *out, size_t size, uint8_t sel, uint8_t names_sel, int whiteout)
{
	unsigned depth = 1 + (sel & 3) % 3;
	size_t len = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < depth; i++) {
		const char *n = names[(names_sel >> (3 * i)) & 7];

		if (whiteout && i == depth - 1)
			n = whiteouts[(sel >> 2) & 7];
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "/" : "", n);
	}
	if (sel & 0x20)
		snprintf(out + len, size - len, "/");	/* a trailing slash, as tar writes directories */
}

static void targets_make(void)
{
	/* the root is five levels below TOP: no target climbs above TOP from anywhere in it */
	static const char *const rel[] = { "../../../../../outside", "..", "../..", "../../../../..",
					   "../../../../../outside/victim", "a", "d/sub", "." };
	size_t i = 0;

	for (; i < sizeof rel / sizeof rel[0]; i++)
		snprintf(targets[i], sizeof targets[i], "%s", rel[i]);
	snprintf(targets[i++], sizeof targets[i], "%s/outside", top);
	snprintf(targets[i++], sizeof targets[i], "%s/outside/victim", top);
	snprintf(targets[i++], sizeof targets[i], "%s", top);
	snprintf(targets[i++], sizeof targets[i], "%s/1/2", top);
	snprintf(targets[i++], sizeof targets[i], "%s", root);
	snprintf(targets[i++], sizeof targets[i], "%s/d", root);
	snprintf(targets[i++], sizeof targets[i], "%s/1/2/3/4", top);
	snprintf(targets[i++], sizeof targets[i], "%s/outside/dir", top);
}

/* Everything under dir but the root: "path type size digest" lines. */
static size_t snap_dir(const char *dir, char *out, size_t size, size_t len)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char path[512], extra[128] = "";
		struct stat st;
		const char *name = ents[i]->d_name;

		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
		    !strcmp(path, root) || lstat(path, &st) < 0) {
			free(ents[i]);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t k = readlink(path, extra, sizeof extra - 1);

			extra[k > 0 ? k : 0] = '\0';
		} else if (S_ISREG(st.st_mode)) {
			char buf[256];
			int fd = open(path, O_RDONLY);
			ssize_t k = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

			if (fd >= 0)
				close(fd);
			buf[k > 0 ? k : 0] = '\0';
			snprintf(extra, sizeof extra, "%s", buf);
		}
		len += (size_t)snprintf(out + len, size - len, "%s %o %u:%u %lld %lld %s\n", path,
					st.st_mode, st.st_uid, st.st_gid, (long long)st.st_size,
					(long long)st.st_mtime, extra);
		check(len < size);
		if (S_ISDIR(st.st_mode))
			len = snap_dir(path, out, size, len);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	return len;
}

static void snap(char *out)
{
	out[0] = '\0';
	snap_dir(top, out, SNAP_MAX, 0);
}

/* Empties the root in place (its parent's entries and mtime stay as they were). */
static void root_reset(void)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat st;

	check(fd >= 0 && tmpl_fs_clear(fd) == 0 && fchown(fd, 0, 0) == 0 &&
	      fchmod(fd, 0755) == 0 && fstat(fd, &st) == 0);
	root_ino = st.st_ino;
	close(fd);
}

/* At exit: TOP and everything in it (a crash leaves it for a look). */
static void top_remove(void)
{
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		tmpl_fs_remove(fd, top + strlen("/tmp/"));
		close(fd);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char cmd[512];

	(void)argc;
	(void)argv;
	snprintf(top, sizeof top, "/tmp/fuzz_oci_layers.%d", (int)getpid());
	snprintf(base, sizeof base, "%s/1/2/3/4", top);
	snprintf(root, sizeof root, "%s/root", base);
	snprintf(cmd, sizeof cmd,
		 "rm -rf %1$s && mkdir -p %2$s/root %1$s/outside/dir && echo keep > %1$s/outside/victim && "
		 "for d in %1$s %1$s/1 %1$s/1/2 %1$s/1/2/3 %2$s; do echo s > $d/sentinel; done",
		 top, base);
	check(system(cmd) == 0);
	atexit(top_remove);
	targets_make();
	root_reset();
	snap(before);
	return 0;
}

struct buf {
	const char *p;
	size_t left;
};

static ssize_t buf_read(void *ctx, void *out, size_t n)
{
	struct buf *b = ctx;

	if (n > b->left)
		n = b->left;
	memcpy(out, b->p, n);
	b->p += n;
	b->left -= n;
	return (ssize_t)n;
}

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

/* One layer's tar, both passes; stops at the first refusal as the import does. */
static int layer_apply(const char *tar, size_t len)
{
	static const enum tmpl_unpack_mode passes[] = { TMPL_UNPACK_WHITEOUTS, TMPL_UNPACK_LAYER };
	struct report rep = { quiet, NULL };
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	check(fd >= 0);
	for (size_t i = 0; r == 0 && i < 2; i++) {
		struct buf b = { tar, len };
		struct tmpl_unpack u;
		struct tmpl_tar t;

		check(tmpl_unpack_init(&u, fd, 0, 0, &rep) == 0);
		u.mode = passes[i];
		tmpl_tar_init(&t, buf_read, &b);
		r = tmpl_unpack_tar(&u, &t);
		tmpl_unpack_fini(&u);
	}
	close(fd);
	return r;
}

/*
 * op[0]: bits 0-2 the type (file, directory, symlink, hard link, whiteout,
 * character device, fifo, file), bit 6 a new layer starts here, bit 7 uid 1;
 * op[1]: bits 0-1 the depth (1-3 names), bits 2-4 the whiteout name, bit 5
 * a trailing slash; op[2]: the names, 3 bits each (the third gets 2);
 * op[3]: a symlink's target (a table entry), a hard link's source (depth
 * in bits 0-1, names above), a file's content.
 */
static void op_write(FILE *f, const uint8_t *op)
{
	static const char types[] = { '0', '5', '2', '1', 'w', '3', '6', '0' };
	char type = types[op[0] & 7], path[256], link[192];
	char content[2] = { (char)('A' + (op[3] & 15)), '\0' };

	path_make(path, sizeof path, op[1], op[2], type == 'w');
	if (type == '1')
		path_make(link, sizeof link, op[3] & 3, (uint8_t)(op[3] >> 2), 0);
	else
		snprintf(link, sizeof link, "%s", targets[op[3] & 15]);
	switch (type) {
	case 'w':
		tarw_header(f, path, '0', 0644, 0, NULL, 0);
		break;
	case '0':
		tarw_file(f, path, content);
		break;
	default:
		tarw_header(f, path, type, 0755, 0, type == '1' || type == '2' ? link : NULL,
			    op[0] >> 7);
	}
}

static void root_check(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	check(d != NULL && depth < 16);
	while ((de = readdir(d))) {
		char path[512];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		check(lstat(path, &st) == 0);
		check(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode));
		if (S_ISDIR(st.st_mode))
			root_check(path, depth + 1);
	}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char after[SNAP_MAX];
	size_t nops = size / 4 < OPS_MAX ? size / 4 : OPS_MAX, i = 0;
	struct stat st;

	for (int layer = 0; layer < LAYERS_MAX && i < nops; layer++) {
		char *tar = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&tar, &len);

		check(f != NULL);
		do
			op_write(f, data + 4 * i);
		while (++i < nops && !(data[4 * i] & 0x40));	/* bit 6: a new layer starts */
		tarw_end(f);
		fclose(f);
		if (layer_apply(tar, len) < 0)
			i = nops;
		free(tar);
	}
	snap(after);
	check(!strcmp(before, after));
	check(stat(root, &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino == root_ino);
	root_check(root, 0);
	root_reset();
	return 0;
}
