#ifndef VZHOST_TEST_DMPLOOP_H
#define VZHOST_TEST_DMPLOOP_H

#include <stddef.h>
#include <stdint.h>

#include "ploop/ploop.h"

/* The dmploop guest tool (dmploop.c): shared helpers and its commands. */

#define CHUNK (1u << 20)

void die(int code, const char *what, int err) __attribute__((noreturn));
uint64_t num(const char *s);
void *xmalloc_aligned(size_t len);
void pattern_fill(unsigned char *buf, size_t len, uint64_t seed, uint64_t off);
int open_dev(const char *dev, int flags);
void pread_all(int fd, void *buf, size_t len, uint64_t off);
int verify_buf(const unsigned char *buf, size_t n, uint64_t seed, uint64_t off,
	       unsigned char *want);
void stack_open(struct ploop_stack *s, int n, char **files, int rw);
void stack_close(struct ploop_stack *s);

/* dmploop_image.c: images through the library, patterns, corruption */
int cmd_create(int argc, char **argv);
int cmd_lib_write(int argc, char **argv);
int cmd_lib_grow(int argc, char **argv);
int cmd_pattern_write(int argc, char **argv);
int cmd_pattern_verify(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_mangle(int argc, char **argv);
int cmd_header(int argc, char **argv);
int cmd_libcheck(int argc, char **argv);

/* dmploop_dm.c: device-mapper */
int cmd_setup(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_simple(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_dm_table(int argc, char **argv);
int cmd_dm_message(int argc, char **argv);
int cmd_discard(int argc, char **argv);
int cmd_flush(int argc, char **argv);

/* dmploop_fs.c: records with fsync, concurrent writers */
int cmd_fsync_loop(int argc, char **argv);
int cmd_records_verify(int argc, char **argv);
int cmd_concurrent(int argc, char **argv);

#endif
