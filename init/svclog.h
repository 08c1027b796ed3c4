#ifndef VZHOST_INIT_SVCLOG_H
#define VZHOST_INIT_SVCLOG_H

#include "services.h"

/*
 * Service output: each service's stdout and stderr go into a pipe; init
 * logs every line into the kernel log tagged with the service name (and
 * so, through klogd, into syslog). Lines longer than SVC_OUT_LINE are split.
 */

/* Reads what the pipe holds now (at most 16 KiB per call); closes it at end of file. */
void svclog_read(struct service *svc);
/* Logs what is left (including a last partial line) and closes the pipe. */
void svclog_close(struct service *svc);

#endif
