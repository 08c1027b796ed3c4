#ifndef VZHOST_VZVALUE_H
#define VZHOST_VZVALUE_H

#include <stdint.h>

#include "conf/vzsize.h"

/*
 * The scalar values of an OpenVZ container config and of vzctl's options,
 * with OpenVZ's ranges. Each parser returns NULL or the cause, and writes
 * its result only on success. Numbers are decimal digits only: no sign, no
 * blanks, no hex.
 */

#define VZ_CTID_MIN 2		/* 0 is the host, 1 is reserved */
#define VZ_CTID_MAX 2147483647U
#define VZ_NAME_MAX 64
#define VZ_FQDN_MAX 253
#define VZ_CPUUNITS_MIN 8
#define VZ_CPUUNITS_MAX 500000
#define VZ_CPUUNITS_DEFAULT 1000
#define VZ_CPUS_MAX 4096

/* Decimal digits, at most max. */
const char *vzvalue_decimal(const char *s, uint64_t max, uint64_t *out);

/* CTID: VZ_CTID_MIN..VZ_CTID_MAX, no leading zeros. */
const char *vzvalue_ctid(const char *s, unsigned *ctid);
/*
 * NAME: 1-64 of [A-Za-z0-9._-], not starting with '.' or '-' and not all
 * digits (a container is named by CTID or NAME, so they must not collide).
 */
const char *vzvalue_name(const char *s);
/* HOSTNAME: dot-separated RFC 1123 labels, at most 253 characters. */
const char *vzvalue_hostname(const char *s);
/* ONBOOT: "yes" or "no". */
const char *vzvalue_onboot(const char *s, int *on);
/* CPUUNITS: 8..500000. */
const char *vzvalue_cpuunits(const char *s, unsigned *units);
/* CPULIMIT: percent of one CPU, "N" or "N%", 0 (no limit)..100*VZ_CPUS_MAX. */
const char *vzvalue_cpulimit(const char *s, unsigned *percent);
/* CPUS: 1..VZ_CPUS_MAX, or 0 / "unlimited" for all (stored as 0). */
const char *vzvalue_cpus(const char *s, unsigned *cpus);
/*
 * Counts as barrier:limit or one value for both, each a number or
 * "unlimited" (NUMPROC, DISKINODES; no suffixes).
 */
const char *vzvalue_count_pair(const char *s, struct vzpair *out);

#endif
