#ifndef VZHOST_TMPL_H
#define VZHOST_TMPL_H

#include <stddef.h>
#include <sys/types.h>

#include "base/report.h"

/*
 * Container templates (docs/templates.md): OpenVZ precreated tarballs
 * NAME.tar.{zst,xz,gz} unpacked safely into a container's private area,
 * found in the cache or among the templates built into the node, imported
 * from OCI images and downloaded from a repository with SHA-256 checks.
 */

#define TMPL_CACHE_DIR "/vz/template/cache"
#define TMPL_BUILTIN_DIR "/usr/share/vzhost/templates"
#define TMPL_NAME_MAX 128		/* template names, without ".tar.zst" */
#define TMPL_ID_LIMIT 65536		/* ids in a template are below this */
#define TMPL_MEMBER_MAX (64ULL << 30)	/* bytes of one member */

/*
 * Unpacks the tarball (gzip, xz, zstd or plain tar, told by its magic;
 * decompressed by a confined child, lib/tmpl/sandbox.h) into dest, an
 * existing empty directory: regular files, directories, symlinks and hard
 * links only, every path confined to dest (no "..", no absolute paths, no
 * symlink followed, hard links only to members already extracted),
 * uid/gid shifted by shift_uid/shift_gid and bounded by TMPL_ID_LIMIT,
 * setuid/setgid kept (the files belong to the container's ids), at most
 * the free space of dest's filesystem written. Device nodes and fifos are
 * skipped. Errors name the member and the cause. On failure dest holds a
 * partial tree: the caller removes it.
 */
int tmpl_extract(const char *tarball, const char *dest, uid_t shift_uid,
		 gid_t shift_gid, struct report *rep);
/*
 * The same, and when device nodes or fifos were skipped, one line saying
 * how many of each to notice ("skipped 57 device nodes and 2 fifos from
 * the template (containers get /dev from the node)").
 */
int tmpl_extract_notify(const char *tarball, const char *dest, uid_t shift_uid,
			gid_t shift_gid, struct report *rep, const struct report *notice);

/*
 * cache_dir/NAME.tar.{zst,xz,gz}, the first that exists, else the same in
 * TMPL_BUILTIN_DIR. -1 with errno: EINVAL for a bad name, ENOENT if none
 * exists, ENAMETOOLONG if len is short.
 */
int tmpl_find(const char *cache_dir, const char *name, char *path, size_t len);

/* 1 if name is a template name: [A-Za-z0-9][A-Za-z0-9._+-]*, at most TMPL_NAME_MAX. */
int tmpl_name_valid(const char *name);

/*
 * Imports an OCI image (an image layout directory, or a tarball of one or
 * of `docker save`) as cache_dir/NAME.tar.zst: layers verified against
 * their digests, applied in order with whiteouts honoured, flattened.
 * Device nodes and fifos in layers are skipped, told to notice in one line.
 */
int tmpl_import_oci(const char *src, const char *name, const char *cache_dir,
		    struct report *rep, const struct report *notice);

#endif
