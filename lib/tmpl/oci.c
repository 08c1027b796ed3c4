#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/sha256.h"
#include "tmpl/tmpl.h"
#include "tmpl/json.h"
#include "tmpl/stream.h"
#include "tmpl/unpack.h"

#define LAYERS_MAX 128
#define REF_MAX 256

struct layers {
	char ref[LAYERS_MAX][REF_MAX];	/* paths inside the layout */
	unsigned n;
	int overflow;
	char manifest[REF_MAX];		/* OCI: the first manifest's digest */
};

/* A file of the layout, symlinks resolved as if the layout were "/". */
static int layout_open(int layoutfd, const char *rel)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};

	return (int)syscall(SYS_openat2, layoutfd, rel, &how, sizeof how);
}

static ssize_t layout_read(int layoutfd, const char *rel, char *json, const struct report *rep)
{
	int fd = layout_open(layoutfd, rel);
	ssize_t n, len = 0;

	if (fd < 0) {
		report_msg(rep, "image: %s: %s", rel, strerror(errno));
		return -1;
	}
	while ((n = read(fd, json + len, TMPL_JSON_MAX - (size_t)len)) > 0)
		len += n;
	close(fd);
	if (n < 0 || len == TMPL_JSON_MAX) {
		report_msg(rep, "image: %s: %s", rel, n < 0 ? strerror(errno) : "larger than 1 MiB");
		return -1;
	}
	return len;
}

/* "sha256:HEX" as "blobs/sha256/HEX". */
static int digest_path(const char *digest, char *out, size_t size)
{
	const char *hex = digest + 7;

	if (strncmp(digest, "sha256:", 7) || strlen(hex) != SHA256_HEX_LEN ||
	    strspn(hex, "0123456789abcdef") != SHA256_HEX_LEN)
		return -1;
	snprintf(out, size, "blobs/sha256/%s", hex);
	return 0;
}

/* Content-addressed blobs (blobs/sha256/HEX) must hash to their name. */
static int blob_verify(int layoutfd, const char *rel, const struct report *rep)
{
	static char buf[65536];
	const char *hex = rel + 13;
	unsigned char d[SHA256_DIGEST_LEN];
	char got[SHA256_HEX_LEN + 1];
	struct sha256 c;
	ssize_t n;
	int fd;

	if (strncmp(rel, "blobs/sha256/", 13) || strlen(hex) != SHA256_HEX_LEN)
		return 0;
	fd = layout_open(layoutfd, rel);
	if (fd < 0) {
		report_msg(rep, "image: %s: %s", rel, strerror(errno));
		return -1;
	}
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sha256_update(&c, buf, (size_t)n);
	close(fd);
	sha256_final(&c, d);
	sha256_hex(d, got);
	if (n < 0 || strcmp(got, hex)) {
		report_msg(rep, "image: %s: %s", rel,
			   n < 0 ? strerror(errno) : "content does not match its digest");
		return -1;
	}
	return 0;
}

static void layer_add(struct layers *l, const char *ref)
{
	if (l->n == LAYERS_MAX || strlen(ref) >= REF_MAX)
		l->overflow = 1;
	else
		snprintf(l->ref[l->n++], REF_MAX, "%s", ref);
}

/* "/PREFIX/N/SUFFIX" for any index N. */
static int path_is(const char *path, const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix), digits;

	if (strncmp(path, prefix, n))
		return 0;
	digits = strspn(path + n, "0123456789");
	return digits && !strcmp(path + n + digits, suffix);
}

static void on_index(void *ctx, const char *path, const char *v)
{
	struct layers *l = ctx;

	if (!strcmp(path, "/manifests/0/digest"))
		snprintf(l->manifest, sizeof l->manifest, "%s", v);
}

static void on_manifest(void *ctx, const char *path, const char *v)
{
	char rel[REF_MAX];

	if (path_is(path, "/layers/", "/digest"))
		layer_add(ctx, digest_path(v, rel, sizeof rel) < 0 ? "" : rel);
}

static void on_docker(void *ctx, const char *path, const char *v)
{
	if (path_is(path, "/0/Layers/", ""))
		layer_add(ctx, v);
}

static int json_load(int layoutfd, const char *rel, tmpl_json_fn *fn, void *ctx,
		     const struct report *rep)
{
	char *json = malloc(TMPL_JSON_MAX);
	ssize_t len = json ? layout_read(layoutfd, rel, json, rep) : -1;
	int r = -1;

	if (!json)
		report_msg(rep, "image: %s: %s", rel, strerror(errno));
	else if (len >= 0 && tmpl_json_walk(json, (size_t)len, fn, ctx) < 0)
		report_msg(rep, "image: %s: not valid JSON (or beyond our limits)", rel);
	else if (len >= 0)
		r = 0;
	free(json);
	return r;
}

/* The layers of an OCI layout (index.json) or a docker save (manifest.json), in order. */
static int layers_find(int layoutfd, struct layers *l, const struct report *rep)
{
	char rel[REF_MAX];

	memset(l, 0, sizeof *l);
	if (faccessat(layoutfd, "index.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		if (json_load(layoutfd, "index.json", on_index, l, rep) < 0)
			return -1;
		if (digest_path(l->manifest, rel, sizeof rel) < 0) {
			report_msg(rep, "image: index.json: no sha256 manifest digest");
			return -1;
		}
		if (blob_verify(layoutfd, rel, rep) < 0 ||
		    json_load(layoutfd, rel, on_manifest, l, rep) < 0)
			return -1;
	} else if (json_load(layoutfd, "manifest.json", on_docker, l, rep) < 0) {
		return -1;
	}
	for (unsigned i = 0; i < l->n; i++) {
		char clean[TMPL_PATH_MAX];

		if (tmpl_path_clean(l->ref[i], clean, sizeof clean) < 0 || !clean[0]) {
			report_msg(rep, "image: layer %u: bad reference \"%s\"", i, l->ref[i]);
			return -1;
		}
	}
	if (l->overflow || !l->n) {
		report_msg(rep, "image: %s layers", l->n ? "more than 128" : "no");
		return -1;
	}
	return 0;
}

/* One pass over layer i (its whiteouts, or its files) into rootfd; skipped nodes added to *skipped. */
static int layer_pass(int layoutfd, const struct layers *l, unsigned i, int rootfd,
		      enum tmpl_unpack_mode mode, struct tmpl_skipped *skipped,
		      const struct report *rep)
{
	struct tmpl_unpack u;
	int fd, r;

	fd = layout_open(layoutfd, l->ref[i]);
	if (fd < 0) {
		report_msg(rep, "image: %s: %s", l->ref[i], strerror(errno));
		return -1;
	}
	if (tmpl_unpack_init(&u, rootfd, 0, 0, rep) < 0) {
		close(fd);
		report_msg(rep, "import: statvfs: %s", strerror(errno));
		return -1;
	}
	u.mode = mode;
	r = tmpl_unpack_fd(&u, fd, l->ref[i]);
	skipped->devices += u.skipped.devices;
	skipped->fifos += u.skipped.fifos;
	tmpl_unpack_fini(&u);
	return r;
}

/* Each layer in order: first its whiteouts hide what the lower layers left, then its files. */
static int layers_apply(int layoutfd, const struct layers *l, int rootfd,
			struct tmpl_skipped *skipped, const struct report *rep)
{
	for (unsigned i = 0; i < l->n; i++)
		if (blob_verify(layoutfd, l->ref[i], rep) < 0 ||
		    layer_pass(layoutfd, l, i, rootfd, TMPL_UNPACK_WHITEOUTS, skipped, rep) < 0 ||
		    layer_pass(layoutfd, l, i, rootfd, TMPL_UNPACK_LAYER, skipped, rep) < 0)
			return -1;
	return 0;
}

static pid_t run(const char *tool, char *const argv[], int in, int out, const struct report *rep)
{
	char exe[64];
	pid_t pid;

	if (!tmpl_tool_path(tool, exe, sizeof exe)) {
		report_msg(rep, "import: no %s program installed", tool);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		if ((in < 0 || dup2(in, 0) == 0) && dup2(out, 1) == 1)
			execv(exe, argv);
		_exit(127);
	}
	if (pid < 0)
		report_msg(rep, "import: fork: %s", strerror(errno));
	return pid;
}

static int reap_ok(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* root as a zstd-compressed tar into out: tar -C root -cf - . | zstd -c. */
static int root_pack(const char *root, int out, const struct report *rep)
{
	char *tar_argv[] = { (char *)"tar", (char *)"-C", (char *)root, (char *)"-cf", (char *)"-",
			     (char *)".", NULL };
	char *zstd_argv[] = { (char *)"zstd", (char *)"-q", (char *)"-c", NULL };
	pid_t tar, zstd;
	int p[2], ok;

	if (pipe2(p, O_CLOEXEC) < 0) {
		report_msg(rep, "import: pipe: %s", strerror(errno));
		return -1;
	}
	tar = run("tar", tar_argv, -1, p[1], rep);
	close(p[1]);
	zstd = tar < 0 ? -1 : run("zstd", zstd_argv, p[0], out, rep);
	close(p[0]);
	ok = tar > 0 && reap_ok(tar);
	ok = zstd > 0 && reap_ok(zstd) && ok;
	if (!ok || fsync(out) < 0) {
		report_msg(rep, "import: packing the flattened image failed (tar or zstd; disk full?)");
		return -1;
	}
	return 0;
}

/* The image's layers flattened under work/root, packed as cache/NAME.tar.zst. */
static int import_into(const char *src, const char *work, const char *name,
		       const char *cache_dir, const struct report *rep,
		       const struct report *notice)
{
	static struct layers l;
	struct tmpl_skipped skipped = { 0 };
	char path[4096], part[4096], root[4096];
	int layoutfd = -1, rootfd = -1, out = -1, ret = -1;
	struct stat st;

	snprintf(root, sizeof root, "%s/root", work);
	if (stat(src, &st) < 0) {
		report_msg(rep, "%s: %s", src, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		snprintf(path, sizeof path, "%s/image", work);
		if (mkdir(path, 0700) < 0 || tmpl_extract(src, path, 0, 0, (struct report *)rep) < 0)
			goto done;
		src = path;
	}
	layoutfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (layoutfd < 0) {
		report_msg(rep, "%s: %s", src, strerror(errno));
		goto done;
	}
	if (layers_find(layoutfd, &l, rep) < 0 || mkdir(root, 0755) < 0 ||
	    (rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    layers_apply(layoutfd, &l, rootfd, &skipped, rep) < 0)
		goto done;
	snprintf(part, sizeof part, "%s/.%s.tar.zst.part", cache_dir, name);
	snprintf(path, sizeof path, "%s/%s.tar.zst", cache_dir, name);
	out = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (out < 0) {
		report_msg(rep, "%s: %s", part, strerror(errno));
		goto done;
	}
	if (root_pack(root, out, rep) < 0)
		goto done;
	if (rename(part, path) < 0) {
		report_msg(rep, "%s: %s", path, strerror(errno));
		goto done;
	}
	tmpl_skipped_notice(&skipped, "image's layers", notice);
	ret = 0;
done:
	if (out >= 0)
		close(out);
	if (ret < 0 && out >= 0)
		unlink(part);
	if (rootfd >= 0)
		close(rootfd);
	if (layoutfd >= 0)
		close(layoutfd);
	return ret;
}

int tmpl_import_oci(const char *src, const char *name, const char *cache_dir,
		    struct report *rep, const struct report *notice)
{
	char work[1024];
	int cachefd, ret;

	if (!tmpl_name_valid(name)) {
		report_msg(rep, "%s: not a template name ([A-Za-z0-9][A-Za-z0-9._+-]*)", name);
		return -1;
	}
	if (snprintf(work, sizeof work, "%s/.import-%s.XXXXXX", cache_dir, name) >= (int)sizeof work ||
	    !mkdtemp(work)) {
		report_msg(rep, "%s: cannot make a work directory: %s", cache_dir, strerror(errno));
		return -1;
	}
	ret = import_into(src, work, name, cache_dir, rep, notice);
	cachefd = open(cache_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cachefd < 0 || tmpl_fs_remove(cachefd, strrchr(work, '/') + 1) < 0)
		report_msg(rep, "%s: could not remove it: %s", work, strerror(errno));
	if (cachefd >= 0)
		close(cachefd);
	return ret;
}
