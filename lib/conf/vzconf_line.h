#ifndef VZHOST_VZCONF_LINE_H
#define VZHOST_VZCONF_LINE_H

/* Internal to lib/conf/vzconf*.c: one line of a struct vzconf. */

#include "conf/vzconf.h"

/*
 * Copies text into l and parses it. Returns -1 (ENOMEM) or 0 with *err
 * NULL (a valid entry, comment or blank line) or the cause that makes the
 * line malformed (kept, with klen 0).
 */
int vzconf_line_make(struct vzconf_line *l, const char *text, size_t len, const char **err);
void vzconf_line_free(struct vzconf_line *l);
/* Appends l (taking its memory) after the last line; -1 ENOSPC, ENOMEM. */
int vzconf_line_push(struct vzconf *c, struct vzconf_line *l);

#endif
