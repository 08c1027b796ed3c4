#ifndef VZHOST_FILE_H
#define VZHOST_FILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Whole-file helpers with explicit limits. file_read stores at most
 * size - 1 bytes and a terminating NUL; a longer file fails with EFBIG.
 */
ssize_t file_read(const char *path, char *buf, size_t size);
/* One write(2) of s to an existing file (procfs, sysfs, cgroupfs). */
int file_write_string(const char *path, const char *s);
/*
 * Replaces path with data: writes PATH.new, fsyncs it, renames it over
 * path and fsyncs the directory, so path holds the old or the new data
 * after a crash, never a mix.
 */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

#endif
