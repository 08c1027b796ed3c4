#ifndef VZHOST_INIT_SERVICES_H
#define VZHOST_INIT_SERVICES_H

#include <stdint.h>
#include <sys/types.h>

#include "base/backoff.h"
#include "node/svcdef.h"
#include "svcorder.h"

/* The supervised services: definitions, run state and start order. */

#define SERVICES_DIR "/etc/vzhost/services"
#define SVC_OUT_LINE 256

enum svc_state {
	SVC_STOPPED,
	SVC_RUNNING,
	SVC_STOPPING,
	SVC_BACKOFF,
	SVC_FAILED,
	SVC_DISABLED,
};

struct service {
	struct svcdef def;
	enum svc_state state;
	pid_t pid;
	int out_fd;
	size_t out_len;
	char out_buf[SVC_OUT_LINE];
	struct backoff backoff;
	int64_t started_at;
	int64_t restart_at;
	int64_t kill_at;
	unsigned restarts;
	unsigned start_seq;
	int restart_requested;
};

struct services {
	struct service svc[SVC_MAX];
	size_t n;
	size_t order[SVC_MAX];
	size_t norder;
	unsigned start_seq;
	int shutting_down;
	const char *vars[SVC_VAR_COUNT];
	int net_dhcp;
};

/* Reads every NAME.service in dir; bad files are reported and skipped. */
void services_load(struct services *s, const char *dir);
struct service *service_find(struct services *s, const char *name);
struct service *service_find_pid(struct services *s, pid_t pid);
const char *service_state_name(enum svc_state state);

#endif
