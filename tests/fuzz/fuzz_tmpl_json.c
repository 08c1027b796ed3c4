/*
 * libFuzzer target: the JSON walker of OCI index, manifest and docker
 * manifest files (lib/tmpl/json.c) over arbitrary bytes, and the import's
 * reading of them (lib/tmpl/oci.c): the input, as a docker manifest.json
 * or as an OCI manifest blob named by its digest from a fixed index.json,
 * in a throwaway image layout imported into a throwaway cache.
 * Invariants: every value comes with a path that is "" or starts with '/',
 * both NUL terminated within TMPL_JSON_STR_MAX; two walks of the same
 * bytes agree; an import leaves nothing in the cache but, if it succeeds
 * (the input naming itself as a layer that is also a tar), the template:
 * no work directory, no partial file.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sha256.h"
#include "tmpl/json.h"
#include "tmpl/tmpl.h"
#include "tmpl/unpack.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[64], layout[96], cache[96];

static void check(int cond)
{
	if (!cond)
		abort();
}

/* A digest of the walk: every path and value, in order. */
static void on_value(void *ctx, const char *path, const char *value)
{
	struct sha256 *c = ctx;
	size_t plen = strnlen(path, TMPL_JSON_STR_MAX), vlen = strnlen(value, TMPL_JSON_STR_MAX);

	check(plen < TMPL_JSON_STR_MAX && vlen < TMPL_JSON_STR_MAX);
	check(plen == 0 || path[0] == '/');
	sha256_update(c, path, plen + 1);
	sha256_update(c, value, vlen + 1);
}

static int walk(const char *text, size_t len, unsigned char digest[SHA256_DIGEST_LEN])
{
	struct sha256 c;
	int r;

	sha256_init(&c);
	r = tmpl_json_walk(text, len, on_value, &c);
	sha256_final(&c, digest);
	return r;
}

static void file_write(const char *dir, const char *name, const void *data, size_t size)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	check(fd >= 0 && write(fd, data, size) == (ssize_t)size);
	close(fd);
}

/* The cache holds nothing, or only the template if the import succeeded (then removed). */
static void cache_check(int imported)
{
	DIR *d = opendir(cache);
	struct dirent *de;
	int n = 0;

	check(d != NULL);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		check(imported && !strcmp(de->d_name, "fuzz.tar.zst"));
		check(unlinkat(dirfd(d), de->d_name, 0) == 0);
		n++;
	}
	closedir(d);
	check(n == imported);
}

static void layout_clear(void)
{
	int fd = open(layout, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	check(fd >= 0 && tmpl_fs_clear(fd) == 0);
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
	(void)argc;
	(void)argv;
	snprintf(top, sizeof top, "/tmp/fuzz_tmpl_json.%d", (int)getpid());
	snprintf(layout, sizeof layout, "%s/layout", top);
	snprintf(cache, sizeof cache, "%s/cache", top);
	mkdir(top, 0700);
	mkdir(layout, 0700);
	mkdir(cache, 0700);
	atexit(top_remove);
	return 0;
}

/* The input as the image's manifest: docker's manifest.json, or the OCI manifest blob. */
static void import_check(const uint8_t *data, size_t size, int docker)
{
	char blobs[160], name[SHA256_HEX_LEN + 1], index[512];
	unsigned char d[SHA256_DIGEST_LEN];
	struct sha256 c;
	int n;

	layout_clear();
	if (docker) {
		file_write(layout, "manifest.json", data, size);
	} else {
		snprintf(blobs, sizeof blobs, "%s/blobs", layout);
		mkdir(blobs, 0755);
		snprintf(blobs, sizeof blobs, "%s/blobs/sha256", layout);
		mkdir(blobs, 0755);
		sha256_init(&c);
		sha256_update(&c, data, size);
		sha256_final(&c, d);
		sha256_hex(d, name);
		file_write(blobs, name, data, size);
		n = snprintf(index, sizeof index, "{\"schemaVersion\":2,\"manifests\":[{\"digest\":"
			     "\"sha256:%s\",\"size\":%zu}]}", name, size);
		file_write(layout, "index.json", index, (size_t)n);
	}
	cache_check(tmpl_import_oci(layout, "fuzz", cache, NULL, NULL) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char a[SHA256_DIGEST_LEN], b[SHA256_DIGEST_LEN];
	int ra = walk((const char *)data, size, a), rb = walk((const char *)data, size, b);

	check(ra == rb && (ra == 0 || ra == -1));
	check(!memcmp(a, b, sizeof a));
	if (size)
		import_check(data + 1, size - 1, data[0] & 1);
	return 0;
}
