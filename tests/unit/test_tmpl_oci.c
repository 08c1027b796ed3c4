/*
 * OCI import: an image layout and a docker-save tarball built here with
 * the host's tar (two layers, the second with a whiteout, an opaque
 * directory, a device node and a fifo) flatten to one template, the node
 * and fifo skipped and said so in one line; a tampered blob, a missing
 * layer and bad JSON are refused. Needs root (layers are owned by root)
 * and the node's decompressors (node_tools.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "node_tools.h"
#include "tap.h"
#include "tmpl/tmpl.h"
#include "tmpl/json.h"

static char top[128];

/* Two layers, an OCI layout of them in oci/, a docker save of them in docker.tar. */
static const char make_images[] =
	"set -e; cd \"$1\"; mkdir -p l1/etc l1/d/old l2/etc l2/d oci/blobs/sha256 docker/l1 docker/l2\n"
	"echo a > l1/etc/a; echo b > l1/etc/b; echo old > l1/d/old/f\n"
	"touch l2/etc/.wh.a l2/d/.wh..wh..opq; echo new > l2/d/new; echo b2 > l2/etc/b\n"
	"mkdir l2/dev; mknod l2/dev/null c 1 3; mkfifo l2/dev/initctl\n"
	"tar -C l1 --numeric-owner -czf layer1 .; tar -C l2 --numeric-owner -cf layer2 .\n"
	"h1=$(sha256sum < layer1 | cut -c1-64); h2=$(sha256sum < layer2 | cut -c1-64)\n"
	"cp layer1 oci/blobs/sha256/$h1; cp layer2 oci/blobs/sha256/$h2\n"
	"printf '{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
	"\"digest\":\"sha256:%064d\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
	"\"digest\":\"sha256:%s\",\"size\":1},{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
	"\"digest\":\"sha256:%s\",\"size\":1}]}' 0 $h1 $h2 > manifest\n"
	"hm=$(sha256sum < manifest | cut -c1-64); cp manifest oci/blobs/sha256/$hm\n"
	"printf '{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
	"\"digest\":\"sha256:%s\",\"size\":1}]}' $hm > oci/index.json\n"
	"echo '{\"imageLayoutVersion\":\"1.0.0\"}' > oci/oci-layout\n"
	"gzip -dc layer1 > docker/l1/layer.tar; cp layer2 docker/l2/layer.tar\n"
	"echo '[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]' > docker/manifest.json\n"
	"tar -C docker -cf docker.tar .\n"
	"cp -a oci bad; echo tampered >> bad/blobs/sha256/$h2\n"
	"cp -a oci json; echo '{\"manifests\":[' > json/index.json\n";

static void import_check(const char *src, const char *name)
{
	char path[512], tarball[512], dest[512], cmd[2048];
	struct collect c, n;
	struct report rep = collect_report(&c), notice = collect_report(&n);
	int r;

	snprintf(path, sizeof path, "%s/%s", top, src);
	r = tmpl_import_oci(path, name, top, &rep, &notice);
	ok(r == 0, "%s imports (%s)", src, c.n ? c.msg[0] : "no message");
	ok(n.n == 1 && !strcmp(n.msg[0], "skipped 1 device node and 1 fifo from the image's layers"
				 " (containers get /dev from the node)"),
	   "%s: one line about the skipped node and fifo (%s)", src, n.n ? n.msg[0] : "none");
	snprintf(tarball, sizeof tarball, "%s/%s.tar.zst", top, name);
	snprintf(dest, sizeof dest, "%s/ct-%s", top, name);
	snprintf(cmd, sizeof cmd, "mkdir -p %s", dest);
	system(cmd);
	r = tmpl_extract(tarball, dest, 100000, 100000, &rep);
	ok(r == 0, "%s: the template extracts", name);
	snprintf(cmd, sizeof cmd,
		 "cd %s && [ ! -e etc/a ] && grep -qx b2 etc/b && [ ! -e d/old ] && grep -qx new d/new"
		 " && [ ! -e etc/.wh.a ] && [ ! -e d/.wh..wh..opq ] && [ -z \"$(ls -A dev)\" ]", dest);
	ok(system(cmd) == 0, "%s: layers in order, whiteout and opaque directory honoured", name);
	snprintf(cmd, sizeof cmd, "ls -a %s | grep -q import", top);
	ok(system(cmd) != 0, "%s: no work directory left", name);
}

static void refused(const char *src, const char *needle)
{
	char path[512];
	struct collect c;
	struct report rep = collect_report(&c);

	snprintf(path, sizeof path, "%s/%s", top, src);
	ok(tmpl_import_oci(path, "bad", top, &rep, NULL) == -1 && collect_has(&c, needle),
	   "%s refused (%s)", src, c.n ? c.msg[0] : "no message");
	snprintf(path, sizeof path, "%s/bad.tar.zst", top);
	ok(access(path, F_OK) < 0, "%s: no template written", src);
}

static void json_count(void *ctx, const char *path, const char *v)
{
	(void)path;
	(void)v;
	(*(int *)ctx)++;
}

static void json_cases(void)
{
	static const struct { const char *text; int ok, strings; } t[] = {
		{ "{\"a\":[\"x\",{\"b\":\"y\"}],\"n\":-1.5e3,\"t\":true,\"z\":null}", 1, 2 },
		{ "[\"\\u0041\\n\"]", 1, 1 },
		{ "{\"a\":}", 0, 0 }, { "[1,]", 0, 0 }, { "\"\\u00e9\"", 0, 0 },
		{ "{} x", 0, 0 }, { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 0, 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int n = 0, r = tmpl_json_walk(t[i].text, strlen(t[i].text), json_count, &n);

		ok(t[i].ok ? r == 0 && n == t[i].strings : r == -1, "json: %s", t[i].text);
	}
}

int main(void)
{
	FILE *f;
	char script[1024];

	if (geteuid() != 0) {
		printf("1..0 # SKIP OCI layers are owned by root: needs root\n");
		return 0;
	}
	snprintf(top, sizeof top, "/tmp/test_tmpl_oci.%d", (int)getpid());
	mkdir(top, 0700);
	if (node_tools_use(top) < 0) {
		printf("Bail out! the node's decompressors are needed (see above)\n");
		return 1;
	}
	snprintf(script, sizeof script, "%s.sh", top);
	f = fopen(script, "w");
	fputs(make_images, f);
	fclose(f);
	snprintf(script, sizeof script, "mkdir -p %s && sh %s.sh %s", top, top, top);
	ok(system(script) == 0, "test images built");
	json_cases();
	import_check("oci", "oci-test");
	import_check("docker.tar", "docker-test");
	refused("bad", "does not match its digest");
	refused("json", "not valid JSON");
	refused("missing", "No such file");
	ok(tmpl_import_oci(top, "../x", top, &(struct report){ 0 }, NULL) == -1,
	   "bad template name refused");
	snprintf(script, sizeof script, "rm -rf %s %s.sh", top, top);
	system(script);
	return done_testing();
}
