#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "node/ctlproto.h"

static const char *const ctl_ops[] = {
	[CTL_LIST] = "list",
	[CTL_STATUS] = "status",
	[CTL_START] = "start",
	[CTL_STOP] = "stop",
	[CTL_RESTART] = "restart",
	[CTL_FDSTORE_PUT] = "fdstore-put",
	[CTL_FDSTORE_GET] = "fdstore-get",
	[CTL_FDSTORE_DEL] = "fdstore-del",
	[CTL_FDSTORE_LIST] = "fdstore-list",
};

static int op_takes_name(int op)
{
	return op != CTL_LIST && op != CTL_FDSTORE_LIST;
}

const char *ctl_op_parse(const char *word, enum ctl_op *op)
{
	size_t i;

	for (i = 0; i < sizeof ctl_ops / sizeof ctl_ops[0]; i++)
		if (!strcmp(word, ctl_ops[i])) {
			*op = (enum ctl_op)i;
			return NULL;
		}
	return "unknown operation";
}

const char *ctl_request_parse(const char *buf, size_t len, enum ctl_op *op,
			      char name[SVC_NAME_MAX])
{
	char text[CTL_REQUEST_MAX], *space;
	const char *why;
	enum ctl_op o;

	if (!len)
		return "empty request";
	if (len >= sizeof text)
		return "request too long";
	if (memchr(buf, 0, len))
		return "NUL byte in the request";
	memcpy(text, buf, len);
	text[len] = 0;
	space = strchr(text, ' ');
	if (space)
		*space++ = 0;
	why = ctl_op_parse(text, &o);
	if (why)
		return why;
	if (op_takes_name(o) != !!space)
		return space ? "this operation takes no name" : "this operation needs a name";
	name[0] = 0;
	if (space) {
		why = svcdef_name_check(space);
		if (why)
			return why;
		strcpy(name, space);
	}
	*op = o;
	return NULL;
}

int ctl_request_format(char *buf, size_t size, enum ctl_op op, const char *name)
{
	int n;

	if (!op_takes_name(op))
		n = snprintf(buf, size, "%s", ctl_ops[op]);
	else
		n = snprintf(buf, size, "%s %s", ctl_ops[op], name);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return n;
}
