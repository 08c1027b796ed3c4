#ifndef VZHOST_WEB_NODEINFO_H
#define VZHOST_WEB_NODEINFO_H

#include "base/json.h"

/* The node as GET /api/v1/node shows it; each writes one member. */

/* "services": init's list (vzsvc list), null if init does not answer. */
void nodeinfo_services_json(struct json *j);
/* A "service" event for each service whose state changed since the last poll. */
void nodeinfo_services_poll(void);
/* "warnings": the last 20 kernel log records of level warning or worse. */
void nodeinfo_warnings_json(struct json *j);
/* "memory" and "zram" (null without zram). */
void nodeinfo_memory_json(struct json *j);
/* "disk": the data disk (/vz). */
void nodeinfo_disk_json(struct json *j);

#endif
