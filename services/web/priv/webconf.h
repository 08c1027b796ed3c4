#ifndef VZHOST_WEB_WEBCONF_H
#define VZHOST_WEB_WEBCONF_H

#include "base/json.h"
#include "node/nodeconf.h"

/*
 * vzwebd's settings as init publishes them for this boot (WEB_CONF_FILE,
 * written from the kernel command line, the node configuration and
 * Kconfig: docs/init.md): on or off, the listening address, the allowed
 * client networks and the operator's certificate, if any.
 */

/* Reads WEB_CONF_FILE (Kconfig's defaults if it is missing): the settings. */
const struct nodeconf *webconf_load(void);
/* "listen", "allow_from" members. */
void webconf_json(struct json *j);

#endif
