#include <errno.h>
#include <string.h>

#include "base/file.h"
#include "base/log.h"
#include "webconf.h"

static struct nodeconf conf;

/* Kconfig's values, through the settings' own parsers. */
static void webconf_defaults(struct node_settings *ns)
{
	static const char *const defaults[][2] = {
		{ "WEB", CONFIG_WEB },
		{ "WEB_LISTEN", CONFIG_WEB_LISTEN },
		{ "WEB_ALLOW_FROM", CONFIG_WEB_ALLOW_FROM },
	};
	char err[NODE_SETTING_ERR_MAX];
	size_t i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		node_setting_set(node_setting_by_conf(defaults[i][0]), ns, defaults[i][1], err);
}

const struct nodeconf *webconf_load(void)
{
	static char text[CONF_FILE_MAX + 1];
	ssize_t len;

	memset(&conf, 0, sizeof conf);
	webconf_defaults(&conf.node);
	len = file_read(WEB_CONF_FILE, text, sizeof text);
	if (len < 0)
		log_warn("%s: %s; using the image's defaults", WEB_CONF_FILE, strerror(errno));
	else
		nodeconf_parse(text, (size_t)len, WEB_CONF_FILE, &conf, &log_report_warn);
	memset(text, 0, sizeof text);
	return &conf;
}

void webconf_json(struct json *j)
{
	char text[WEB_TEXT_MAX];

	web_listen_format(&conf.node.web_listen, text);
	json_kv_string(j, "listen", text);
	web_allow_format(&conf.node.web_allow, text);
	json_kv_string(j, "allow_from", text);
}
