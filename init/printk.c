#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "base/file.h"
#include "base/log.h"
#include "printk.h"

void printk_console_apply(const struct node_settings *ns)
{
	int given = !!(ns->set & NS_CONSOLE_LOGLEVEL);
	int level = given ? ns->console_loglevel : LOG_WARNING;
	char text[16];

	/* The kernel shows a message when its level is below the console's. */
	if (!given && log_console_level() <= level + 1)
		return;
	log_info("console: from now on only messages of level %s or more severe; all of them "
		 "in dmesg and logread (CONSOLE_LOGLEVEL, vzhost.loglevel)", loglevel_name(level));
	snprintf(text, sizeof text, "%d\n", level + 1);
	if (file_write_string(LOG_PRINTK_PATH, text) < 0)
		log_warn("%s: %s; the console keeps showing every message", LOG_PRINTK_PATH,
			 strerror(errno));
}
