#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tmpl/tmpl.h"
#include "tmpl/unpack.h"

int tmpl_extract(const char *tarball, const char *dest, uid_t shift_uid, gid_t shift_gid,
		 struct report *rep)
{
	return tmpl_extract_notify(tarball, dest, shift_uid, shift_gid, rep, NULL);
}

int tmpl_extract_notify(const char *tarball, const char *dest, uid_t shift_uid,
			gid_t shift_gid, struct report *rep, const struct report *notice)
{
	struct tmpl_unpack u;
	int fd, r;

	fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		report_msg(rep, "%s: %s", dest, strerror(errno));
		return -1;
	}
	if (tmpl_unpack_init(&u, fd, shift_uid, shift_gid, rep) < 0) {
		report_msg(rep, "%s: statvfs: %s", dest, strerror(errno));
		close(fd);
		return -1;
	}
	r = tmpl_unpack_file(&u, tarball);
	if (r == 0)
		tmpl_skipped_notice(&u.skipped, "template", notice);
	tmpl_unpack_fini(&u);
	close(fd);
	return r;
}
