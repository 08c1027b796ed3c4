#include <string.h>

#include "base/hostname.h"

static int char_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

const char *hostname_check(const char *s)
{
	size_t len = strlen(s), i;

	if (!len)
		return "empty host name";
	if (len > HOSTNAME_MAX)
		return "longer than 63 characters";
	for (i = 0; i < len; i++)
		if (!char_is_alnum(s[i]) && s[i] != '-')
			return "only letters, digits and '-' are allowed";
	if (s[0] == '-' || s[len - 1] == '-')
		return "must not begin or end with '-'";
	return NULL;
}
