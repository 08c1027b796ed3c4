/* Opening files in an untrusted tree (lib/base/rootfile.h), each attack beside its control. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/rootfile.h"
#include "tap.h"

static char top[64];

static void path_of(char *out, size_t len, const char *rel)
{
	snprintf(out, len, "%s/%s", top, rel);
}

static void put(const char *rel, const char *text)
{
	char p[256];

	path_of(p, sizeof p, rel);
	if (file_write_atomic(p, text, strlen(text), 0644) < 0)
		abort();
}

static void link_to(const char *target, const char *rel)
{
	char p[256];

	path_of(p, sizeof p, rel);
	if (symlink(target, p) < 0)
		abort();
}

static void make_dir(const char *rel)
{
	char p[256];

	path_of(p, sizeof p, rel);
	if (mkdir(p, 0755) < 0)
		abort();
}

static const char *text_of(const char *rel)
{
	static char buf[256];
	char p[256];

	path_of(p, sizeof p, rel);
	if (file_read(p, buf, sizeof buf) < 0)
		snprintf(buf, sizeof buf, "(%s)", strerror(errno));
	return buf;
}

static int root_open(const char *rel)
{
	char p[256];

	path_of(p, sizeof p, rel);
	return rootfile_dir_open(p);
}

static void test_in_root(void)
{
	char buf[64];
	int root = root_open("ct"), fd;

	ok(root >= 0, "the container root opens as an anchor");
	make_dir("ct/etc");
	put("ct/etc/hosts", "127.0.0.1 localhost\n");
	is_int(rootfile_read(root, "etc/hosts", buf, sizeof buf, ROOTFILE_IN_ROOT), 20,
	       "control: a plain etc/hosts is read");
	link_to("/etc/passwd", "ct/etc/passwd-link");
	errno = 0;
	ok(rootfile_read(root, "etc/passwd-link", buf, sizeof buf, ROOTFILE_IN_ROOT) < 0 &&
	   errno == ELOOP, "a final symlink is not followed (ELOOP)");
	is_str(rootfile_why(ELOOP), "is a symbolic link; refused", "and says why");
	link_to("/node", "ct/up");
	put("node-secret", "node\n");
	link_to("../../node-secret", "ct/etc/rel");
	errno = 0;
	fd = rootfile_open(root, "etc/rel", O_RDONLY, 0, ROOTFILE_IN_ROOT);
	ok(fd < 0 && errno == ELOOP, "a relative symlink out of the root is not followed either");
	ok(rootfile_write(root, "up/hostname", "x\n", 2, 0644, ROOTFILE_IN_ROOT) < 0 &&
	   errno == ENOENT, "a directory symlink to /node resolves inside the root (ENOENT)");
	{
		char p[256];

		path_of(p, sizeof p, "ct/etc/inittab");
		ok(!mkfifo(p, 0644), "a FIFO planted as etc/inittab");
	}
	errno = 0;
	ok(rootfile_read(root, "etc/inittab", buf, sizeof buf, ROOTFILE_IN_ROOT) < 0 &&
	   errno == ENXIO, "is refused at once, never opened (ENXIO, no hang)");
	errno = 0;
	ok(rootfile_read(root, "etc", buf, sizeof buf, ROOTFILE_IN_ROOT) < 0 && errno == EISDIR,
	   "a directory is refused (EISDIR)");
	close(root);
}

static void test_write(void)
{
	int root = root_open("ct");
	struct stat st;

	put("node-hostname", "node\n");
	ok(rootfile_write(root, "etc/hostname", "ct\n", 3, 0644, ROOTFILE_IN_ROOT) == 0,
	   "control: etc/hostname written in a plain etc");
	is_str(text_of("ct/etc/hostname"), "ct\n", "and it holds the new text");
	{
		char p[256], t[256];

		path_of(p, sizeof p, "ct/etc/hostname");
		path_of(t, sizeof t, "node-hostname");
		unlink(p);
		ok(!symlink(t, p), "etc/hostname made a symlink to a node file");
	}
	ok(rootfile_write(root, "etc/hostname", "evil\n", 5, 0644, ROOTFILE_IN_ROOT) == 0,
	   "writing it replaces the symlink");
	is_str(text_of("node-hostname"), "node\n", "the node's file is untouched");
	is_str(text_of("ct/etc/hostname"), "evil\n", "the new text is inside the container");
	{
		char p[256];

		path_of(p, sizeof p, "ct/etc/hostname");
		ok(!lstat(p, &st) && S_ISREG(st.st_mode), "as a regular file");
	}
	make_dir("ct/etc/resolv.conf");
	errno = 0;
	ok(rootfile_write(root, "etc/resolv.conf", "x\n", 2, 0644, ROOTFILE_IN_ROOT) < 0 &&
	   errno == EISDIR, "a directory at the name is not replaced (EISDIR)");
	close(root);
}

static void test_etc_is_root(void)
{
	int root;

	make_dir("ct3");
	link_to("/", "ct3/etc");
	root = root_open("ct3");
	ok(rootfile_write(root, "etc/hostname", "ct3\n", 4, 0644, ROOTFILE_IN_ROOT) == 0,
	   "etc -> / : the write lands in the container's own root");
	is_str(text_of("ct3/hostname"), "ct3\n", "at ct3/hostname");
	close(root);
}

static void test_bounded(void)
{
	static char big[70000];
	char buf[16384];
	int root = root_open("ct");

	memset(big, 'h', sizeof big - 1);
	put("ct/etc/hosts", big);
	errno = 0;
	ok(rootfile_read(root, "etc/hosts", buf, sizeof buf, ROOTFILE_IN_ROOT) < 0 &&
	   errno == EFBIG, "a file larger than the buffer fails EFBIG");
	close(root);
}

static void test_beneath(void)
{
	char link[256], p[256];
	int dir, fd;

	make_dir("img");
	put("img/root.hds", "image");
	put("other.hds", "other");
	link_to("../other.hds", "img/evil.hds");
	dir = root_open("img");
	fd = rootfile_open(dir, "root.hds", O_RDWR, 0, ROOTFILE_BENEATH);
	ok(fd >= 0, "control: a plain delta opens read-write");
	if (fd >= 0)
		close(fd);
	errno = 0;
	ok(rootfile_open(dir, "evil.hds", O_RDWR, 0, ROOTFILE_BENEATH) < 0 && errno == ELOOP,
	   "a delta symlink is refused (ELOOP)");
	errno = 0;
	ok(rootfile_open(dir, "../other.hds", O_RDWR, 0, ROOTFILE_BENEATH) < 0 && errno == EXDEV,
	   "a name with .. is refused (EXDEV)");
	path_of(p, sizeof p, "other.hds");
	errno = 0;
	ok(rootfile_open(dir, p, O_RDWR, 0, ROOTFILE_BENEATH) < 0 && errno == EXDEV,
	   "an absolute name is refused (EXDEV)");
	fd = rootfile_open(dir, "new.lck", O_RDWR | O_CREAT, 0644, ROOTFILE_BENEATH);
	ok(fd >= 0, "O_CREAT makes a missing file");
	if (fd >= 0)
		close(fd);
	fd = rootfile_open(dir, "new.lck", O_RDWR | O_CREAT, 0644, ROOTFILE_BENEATH);
	ok(fd >= 0, "and opens it when it exists");
	if (fd >= 0)
		close(fd);
	errno = 0;
	ok(rootfile_open(dir, "evil.hds", O_RDWR | O_CREAT, 0644, ROOTFILE_BENEATH) < 0 &&
	   errno == ELOOP, "O_CREAT does not create through a symlink");
	is_str(text_of("other.hds"), "other", "the file it points at is untouched");
	close(dir);
	fd = rootfile_dir_open("/dev");
	errno = 0;
	ok(rootfile_open(fd, "null", O_RDWR, 0, ROOTFILE_BENEATH) < 0 && errno == ENXIO,
	   "a device node is refused without being opened (ENXIO)");
	close(fd);
	link_to("img", "img-link");
	errno = 0;
	ok(root_open("img-link") < 0 && errno == ELOOP, "an anchor path through a symlink is refused");
	path_of(p, sizeof p, "img-link/root.hds");
	ok(rootfile_path_symlink(p, link, sizeof link) == 1 && strstr(link, "/img-link") &&
	   !strstr(link, "root.hds"), "and the symlink in the path is named: %s", link);
	path_of(p, sizeof p, "img/root.hds");
	ok(rootfile_path_symlink(p, link, sizeof link) == 0, "control: a plain path has none");
}

int main(void)
{
	char cmd[128];

	snprintf(top, sizeof top, "/tmp/rootfile-XXXXXX");
	if (!mkdtemp(top))
		return 1;
	make_dir("ct");
	test_in_root();
	test_write();
	test_etc_is_root();
	test_bounded();
	test_beneath();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd))
		printf("# cannot remove %s\n", top);
	return done_testing();
}
