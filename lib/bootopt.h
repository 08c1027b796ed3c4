#ifndef VZHOST_BOOTOPT_H
#define VZHOST_BOOTOPT_H

#include <stddef.h>
#include <stdint.h>

#include "devpath.h"
#include "hostname.h"
#include "inet4.h"
#include "netmode.h"
#include "report.h"
#include "serial.h"

/*
 * vzhost.* keys of the kernel command line. Other keys are ignored;
 * unknown vzhost.* keys and malformed values are reported and ignored.
 */

#define BOOTOPT_DATAWAIT_MAX 300

enum {
	BOOTOPT_FORMAT = 1 << 0,
	BOOTOPT_CONSOLE = 1 << 1,
	BOOTOPT_HOSTNAME = 1 << 2,
	BOOTOPT_NET = 1 << 3,
	BOOTOPT_IP = 1 << 4,
	BOOTOPT_GW = 1 << 5,
	BOOTOPT_DNS = 1 << 6,
	BOOTOPT_DATAWAIT = 1 << 7,
	BOOTOPT_DATA = 1 << 8,
	BOOTOPT_RAMONLY = 1 << 9,
};

struct bootopt {
	unsigned set;
	char format[DEVPATH_MAX];
	char data[DEVPATH_MAX];
	struct serial_console console;
	char hostname[HOSTNAME_MAX + 1];
	enum net_mode net_mode;
	uint32_t ip;
	unsigned prefix;
	uint32_t gw;
	uint32_t dns[INET4_LIST_MAX];
	unsigned ndns;
	unsigned datawait;
	int ramonly;
};

/* Number of complaints reported. */
int bootopt_parse(const char *buf, size_t len, struct bootopt *opt, const struct report *rep);

#endif
