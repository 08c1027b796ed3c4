#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "node/shadow.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/test_shadow.XXXXXX", path[128], link[128], text[1024], hash[128];
	struct stat st;

	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof path, "%s/real", dir);
	snprintf(link, sizeof link, "%s/shadow", dir);
	ok(file_write_atomic(path, "root:!:19000:0:99999:7:::\nbin:*:19000::::::\n", 44, 0640) == 0,
	   "write a shadow file");
	ok(symlink(path, link) == 0, "symlink to it");
	ok(shadow_hash_get(link, "root", hash, sizeof hash) == 0 && !strcmp(hash, "!"),
	   "root's field read through the link");
	ok(shadow_hash_locked(hash) && shadow_hash_locked("") && shadow_hash_locked("*x") &&
		   !shadow_hash_locked("$6$a$b"),
	   "locked forms");
	is_int(shadow_hash_set(link, "root", "$6$salt$hash"), 0, "set root's hash");
	ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the symlink is kept");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640, "the file mode is kept");
	file_read(path, text, sizeof text);
	ok(!strncmp(text, "root:$6$salt$hash:", 18) && strstr(text, ":0:99999:7:::\nbin:*:19000"),
	   "root line rewritten, other fields and lines kept");
	is_int(shadow_hash_set(link, "admin", "$6$x$y"), 0, "missing user is added");
	ok(shadow_hash_get(path, "admin", hash, sizeof hash) == 0 && !strcmp(hash, "$6$x$y"),
	   "added entry readable");
	ok(shadow_hash_get(path, "nobody", hash, sizeof hash) < 0, "unknown user: error");
	unlink(link);
	unlink(path);
	rmdir(dir);
	return done_testing();
}
