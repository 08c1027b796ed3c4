/* libFuzzer target: the shell-style seed/config parser and its round trip. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node/nodeconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nodeconf cfg, again;
	static char text[CONF_FILE_MAX];
	int len;

	memset(&cfg, 0, sizeof cfg);
	if (nodeconf_parse((const char *)data, size, "fuzz", &cfg, NULL) < 0)
		return 0;
	len = nodeconf_format(&cfg, text, sizeof text);
	if (len < 0)
		return 0;
	memset(&again, 0, sizeof again);
	if (nodeconf_parse(text, (size_t)len, "fuzz", &again, NULL) != 0)
		abort();
	if ((cfg.node.set & NS_HOSTNAME) && strcmp(cfg.node.hostname, again.node.hostname))
		abort();
	return 0;
}
