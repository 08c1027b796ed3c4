#ifndef VZHOST_ROOTFILE_H
#define VZHOST_ROOTFILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * Files the node opens in a tree it does not trust: a container's root or
 * private area, a ploop image directory moved in from elsewhere, a
 * container process's /proc/PID directory (docs/security.md, "Files and
 * images the node reads"). Every open goes through openat2(2) relative to
 * the descriptor of an anchor directory, and guarantees:
 *
 * - scope ROOTFILE_IN_ROOT: the path resolves as if the anchor were "/"
 *   (RESOLVE_IN_ROOT): an absolute symlink or ".." inside the tree stops at
 *   the anchor; no magic link (/proc/PID/root, /proc/self/fd/N) is followed
 *   (RESOLVE_NO_MAGICLINKS); no mount point is crossed (RESOLVE_NO_XDEV),
 *   EXDEV. Symlinks in the directories on the way are resolved inside the
 *   tree.
 * - scope ROOTFILE_BENEATH: the path must stay below the anchor
 *   (RESOLVE_BENEATH: an absolute path or ".." above it fails EXDEV) and
 *   passes no symlink at all (RESOLVE_NO_SYMLINKS, RESOLVE_NO_MAGICLINKS),
 *   ELOOP.
 * - in both, the final component is never followed: a symlink there fails
 *   ELOOP.
 * - regular files only: the object is looked up with O_PATH and fstat'ed
 *   before anything opens it, so a FIFO, socket or device is never opened
 *   (ENXIO; a directory EISDIR). The descriptor returned is then reopened
 *   from that O_PATH one (the very inode checked, through /proc/self/fd),
 *   with O_CLOEXEC | O_NOCTTY | O_NONBLOCK, and O_NONBLOCK is cleared
 *   again once fstat shows a regular file.
 * - reads are bounded by the caller's buffer (EFBIG when the file is
 *   larger); writes replace the file through its directory's descriptor,
 *   never writing through what is at the final component.
 *
 * Functions return a descriptor, a length or 0, or -1 with errno set.
 */

enum rootfile_scope { ROOTFILE_IN_ROOT, ROOTFILE_BENEATH };

/*
 * The anchor: an O_PATH descriptor of the directory path, reached with no
 * symbolic link anywhere in path (ELOOP). For the node's own paths to a
 * container's root, private area or image directory.
 */
int rootfile_dir_open(const char *path);
/* 1 with the first prefix of path that is a symlink in link, 0 if none (for messages). */
int rootfile_path_symlink(const char *path, char *link, size_t len);

/*
 * Opens the regular file path under dir. flags: O_RDONLY, O_WRONLY or
 * O_RDWR, optionally O_DIRECT, O_TRUNC, and O_CREAT: with O_EXCL a new file
 * (mode), without it the existing file or else a new one.
 */
int rootfile_open(int dir, const char *path, int flags, mode_t mode, enum rootfile_scope scope);
/* lstat(2) of path under dir (the final component not followed). */
int rootfile_stat(int dir, const char *path, struct stat *st, enum rootfile_scope scope);
/*
 * The whole file into buf: at most size - 1 bytes and a NUL; a longer file
 * fails with EFBIG. Returns the length.
 */
ssize_t rootfile_read(int dir, const char *path, char *buf, size_t size,
		      enum rootfile_scope scope);
/*
 * Replaces path with data: a temporary ".NAME.vzhost" in the same directory
 * is created O_EXCL through that directory's descriptor, written, given mode
 * and the directory's owner, fsync'ed and renamed over NAME. Whatever was at
 * NAME (a symlink, a FIFO) is replaced, never written through; a directory
 * there fails EISDIR.
 */
int rootfile_write(int dir, const char *path, const void *data, size_t len, mode_t mode,
		   enum rootfile_scope scope);

/* Why a refusal above happened, for "NAME: <why>" ("is a symbolic link; refused"). */
const char *rootfile_why(int err);

#endif
