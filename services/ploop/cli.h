#ifndef VZHOST_PLOOP_CLI_H
#define VZHOST_PLOOP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "base/exit.h"
#include "base/json.h"
#include "ploop/disk.h"

/* A context whose notes go to out, one "ploop: ..." line each (NULL: silent). */
void cli_ctx_init(struct ploop_disk_ctx *ctx, FILE *out);
/* Prints "ploop: <ctx->error>" and returns EXIT_ERROR. */
int cli_fail(const struct ploop_disk_ctx *ctx);
/* Prints "ploop: <msg>" and a usage hint, returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *msg);
/* 10G, 512M, 4096K, 1T or plain bytes: NULL, or why not. */
const char *cli_parse_size(const char *s, uint64_t *bytes);
/* cli_parse_size of an option's value: 0, or EXIT_USAGE with a message. */
int cli_size_arg(const char *s, uint64_t *bytes);
/* The disk directory named by a descriptor, directory or delta argument. */
int cli_disk_dir(const char *arg, char *dir, size_t len);
/* The one DiskDescriptor.xml left after cmd's options, as its directory:
   0, or the exit code (usage, or the disk not found) with a message. */
int cli_disk_arg(int argc, char **argv, const char *cmd, char *dir, size_t len);
/* Ends the JSON document on stdout: EXIT_OK, or EXIT_ERROR with a message. */
int cli_json_finish(struct json *j);

int cmd_init(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_snapshot_list(int argc, char **argv);
int cmd_snapshot_delete(int argc, char **argv);
int cmd_snapshot_merge(int argc, char **argv);
int cmd_snapshot_switch(int argc, char **argv);
int cmd_resize(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_delete(int argc, char **argv);

#endif
