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

int ctl_op_parse(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof ctl_ops / sizeof ctl_ops[0]; i++)
		if (!strcmp(word, ctl_ops[i]))
			return (int)i;
	return -1;
}

int ctl_request_parse(const char *buf, size_t len, enum ctl_op *op, char name[SVC_NAME_MAX])
{
	char text[CTL_REQUEST_MAX], *space;
	int o;

	if (!len || len >= sizeof text || memchr(buf, 0, len))
		goto bad;
	memcpy(text, buf, len);
	text[len] = 0;
	space = strchr(text, ' ');
	if (space)
		*space++ = 0;
	o = ctl_op_parse(text);
	if (o < 0 || op_takes_name(o) != !!space)
		goto bad;
	name[0] = 0;
	if (space) {
		if (svcdef_name_check(space))
			goto bad;
		strcpy(name, space);
	}
	*op = (enum ctl_op)o;
	return 0;
bad:
	errno = EINVAL;
	return -1;
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
