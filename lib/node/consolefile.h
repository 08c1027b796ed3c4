#ifndef VZHOST_NODE_CONSOLEFILE_H
#define VZHOST_NODE_CONSOLEFILE_H

#include <stddef.h>

#include "node/serial.h"

/*
 * /run/vzhost/console: the ports the console service serves and whether
 * root's login there opens the console menu. init writes it from the
 * node settings (SERIAL_CONSOLE, SERIAL_MENU, vzhost.console, vzhost.menu);
 * vzhost-login reads it. Lines:
 *
 *   menu yes|no            (default yes)
 *   port DEVICE SPEED      one per port, the first one first
 */

#define CONSOLE_FILE "/run/vzhost/console"
#define CONSOLE_FILE_MAX 1024	/* bytes, with the NUL */
#define CONSOLE_FILE_ERR_MAX (SERIAL_ERR_MAX + 32)

struct console_file {
	struct serial_ports ports;	/* every port with its speed */
	int menu;
};

/* The file's text for cf into buf; its length, or -1 (ENOSPC). */
int console_file_format(const struct console_file *cf, char *buf, size_t size);

/*
 * Parses the file's text (NUL-terminated): NULL with cf filled, or why
 * not, written into err (CONSOLE_FILE_ERR_MAX bytes); *line is the line at
 * fault, or 0 when the fault is in the whole.
 */
const char *console_file_parse(const char *text, struct console_file *cf, unsigned *line,
			       char *err);

#endif
