#ifndef VZHOST_SVCDEF_H
#define VZHOST_SVCDEF_H

#include <stddef.h>

#include "base/report.h"

/*
 * Service definitions: /etc/vzhost/services/NAME.service, one "key=value"
 * per line, '#' comments and blank lines allowed:
 *
 *   command=/sbin/udhcpc -f -i ${IFACE}    (required; argv, no shell)
 *   after=syslogd klogd                    (start order only)
 *   restart=always|on-failure|never        (default always)
 *   user=NAME                              (default root)
 *   condition=net-dhcp                     (start only when it holds)
 *   stop_timeout=SECONDS                   (1-300, default 10)
 *   ready=/dev/log                         (started once this path exists)
 *
 * The command is split at blanks; "double quotes" group words, with \" and
 * \\ as escapes. ${IFACE}, ${CONSOLE_DEVICE}, ${CONSOLE_SPEED} and
 * ${LOG_RING_KB} are replaced when the service starts. Any malformed line
 * makes the whole definition invalid: a service is never run with a
 * setting silently dropped.
 */

#define SVC_NAME_MAX 32
#define SVC_FILE_MAX 4096
#define SVC_LINE_MAX 512
#define SVC_CMD_MAX 512
#define SVC_ARGV_MAX 32
#define SVC_AFTER_MAX 8
#define SVC_USER_MAX 32
#define SVC_STOP_TIMEOUT_MAX 300
#define SVC_READY_MAX 64

enum svc_restart {
	SVC_RESTART_ALWAYS,
	SVC_RESTART_ON_FAILURE,
	SVC_RESTART_NEVER,
};

enum svc_condition {
	SVC_COND_NONE,
	SVC_COND_NET_DHCP,
};

enum svc_var {
	SVC_VAR_IFACE,
	SVC_VAR_CONSOLE_DEVICE,
	SVC_VAR_CONSOLE_SPEED,
	SVC_VAR_LOG_RING_KB,
	SVC_VAR_COUNT,
};

struct svcdef {
	char name[SVC_NAME_MAX];
	char args[SVC_CMD_MAX];	/* argc NUL-terminated words */
	unsigned argc;
	char after[SVC_AFTER_MAX][SVC_NAME_MAX];
	unsigned nafter;
	enum svc_restart restart;
	enum svc_condition condition;
	char user[SVC_USER_MAX];
	unsigned stop_timeout;
	char ready[SVC_READY_MAX];	/* "" or an absolute path */
};

/* NULL if name is a valid service name ([a-z0-9_-], 1-31, letter or digit first). */
const char *svcdef_name_check(const char *name);
/* 0, or -1 after reporting each problem as "FNAME:LINE: cause". */
int svcdef_parse(const char *buf, size_t len, const char *fname, struct svcdef *def,
		 const struct report *rep);
/*
 * argv for execve: words with ${VAR} replaced by values[VAR], stored in
 * buf; argv has room for SVC_ARGV_MAX + 1 pointers. -1 (E2BIG) if the
 * expansion does not fit.
 */
int svcdef_argv(const struct svcdef *def, const char *const values[SVC_VAR_COUNT], char *buf,
		size_t size, char **argv);

#endif
