#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/log.h"
#include "services.h"

static int service_file_wanted(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 8 && !strcmp(d->d_name + len - 8, ".service");
}

static int service_load_one(struct service *svc, const char *dir, const char *file)
{
	static char buf[SVC_FILE_MAX + 1];
	char path[512], name[64];
	size_t len = strlen(file) - 8;
	const char *err;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), file);
	err = svcdef_name_check(name);
	if (err) {
		log_error("%s: %s; service skipped", path, err);
		return -1;
	}
	if (file_read(path, buf, sizeof buf) < 0) {
		log_error("%s: %s; service skipped", path,
			  errno == EFBIG ? "larger than 4096 bytes" : strerror(errno));
		return -1;
	}
	if (svcdef_parse(buf, strlen(buf), path, &svc->def, &log_report_warn) < 0) {
		log_error("%s: invalid definition; service %s skipped", path, name);
		return -1;
	}
	strcpy(svc->def.name, name);
	svc->state = SVC_STOPPED;
	svc->pid = 0;
	svc->out_fd = -1;
	backoff_reset(&svc->backoff);
	return 0;
}

void services_load(struct services *s, const char *dir)
{
	const struct svcdef *defs[SVC_MAX];
	struct dirent **names;
	int count, i;

	s->n = 0;
	count = scandir(dir, &names, service_file_wanted, alphasort);
	if (count < 0) {
		log_error("%s: %s; no services will run", dir, strerror(errno));
		return;
	}
	for (i = 0; i < count; i++) {
		if (s->n == SVC_MAX)
			log_error("%s/%s: more than %d services; skipped", dir, names[i]->d_name,
				  SVC_MAX);
		else if (service_load_one(&s->svc[s->n], dir, names[i]->d_name) == 0)
			s->n++;
		free(names[i]);
	}
	free(names);
	for (i = 0; (size_t)i < s->n; i++)
		defs[i] = &s->svc[i].def;
	s->norder = svcorder_sort(defs, s->n, s->order, &log_report_warn);
}

struct service *service_find(struct services *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->svc[i].def.name, name))
			return &s->svc[i];
	return NULL;
}

struct service *service_find_pid(struct services *s, pid_t pid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->svc[i].pid == pid && pid > 0)
			return &s->svc[i];
	return NULL;
}

const char *service_state_name(enum svc_state state)
{
	static const char *const names[] = {
		[SVC_STOPPED] = "stopped",
		[SVC_RUNNING] = "running",
		[SVC_STOPPING] = "stopping",
		[SVC_BACKOFF] = "backoff",
		[SVC_FAILED] = "failed",
		[SVC_DISABLED] = "disabled",
	};

	return names[state];
}
