#ifndef VZHOST_WEB_CTOPTS_H
#define VZHOST_WEB_CTOPTS_H

#include "base/json_parse.h"
#include "ct/ct.h"

/*
 * A create or change request's body as vzctl's options: each member
 * named after an option of vzctl create/set without its dashes ("ram",
 * "ipadd", "ostemplate"), its value in vzctl's syntax ("1.5G"). A string
 * is taken as it is, a number as written, true/false as yes/no, and an
 * array of them (ipadd, ipdel, nameserver, netif_add, netif_del) as the
 * option given once per element. Besides: create's "ctid", "start" and
 * "wait" (start --wait); a change's "save" (default true). Unknown keys
 * are refused by name. Pure.
 */

#define CTOPTS_MAX 72
#define CTOPTS_NUM_MAX 32

struct ctopts {
	unsigned n;
	const char *name[CTOPTS_MAX];	/* "ram", "ostemplate" ... */
	const char *value[CTOPTS_MAX];
	char num[CTOPTS_MAX][CTOPTS_NUM_MAX];	/* numbers and booleans as text */
	unsigned ctid;			/* create: 0 if not given */
	int start, wait, save;
};

enum { CTOPTS_CREATE = 1, CTOPTS_SET = 2 };

/*
 * The members of object obj into o: NULL, or why not with *field the
 * member at fault and *unknown 1 if it is a key the request does not take.
 */
const char *ctopts_from_json(struct ctopts *o, const struct json_doc *d, int obj, int kind,
			     const char **field, int *unknown);

#endif
