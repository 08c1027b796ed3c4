#include <string.h>

#include "node/devpath.h"

const char *devpath_check(const char *s)
{
	size_t len = strlen(s);

	if (strncmp(s, "/dev/", 5) || len == 5)
		return "expected a device path /dev/NAME";
	if (len >= DEVPATH_MAX)
		return "device path longer than 63 characters";
	if (strspn(s, "/_.-+:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != len)
		return "device path contains unexpected characters";
	if (strstr(s, "/../") || strstr(s, "//") || s[len - 1] == '/' ||
	    (len >= 3 && !strcmp(s + len - 3, "/..")))
		return "device path must be a plain /dev/NAME path";
	return NULL;
}
