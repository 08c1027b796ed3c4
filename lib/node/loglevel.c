#include <string.h>

#include "node/loglevel.h"

static const char *const loglevel_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

const char *loglevel_parse(const char *s, int *level)
{
	int i;

	for (i = 0; i < 8; i++) {
		if (!strcmp(s, loglevel_names[i]) || (s[0] == '0' + i && !s[1])) {
			*level = i;
			return NULL;
		}
	}
	return "expected emerg, alert, crit, err, warning, notice, info, debug or 0-7";
}

const char *loglevel_name(int level)
{
	return loglevel_names[level];
}
