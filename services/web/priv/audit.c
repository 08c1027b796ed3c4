#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "audit.h"
#include "base/json.h"
#include "base/log.h"
#include "clock.h"

static void audit_rotate(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)AUDIT_FILE_MAX &&
	    rename(AUDIT_FILE, AUDIT_FILE ".1") < 0)
		log_warn("%s: rotating: %s", AUDIT_FILE, strerror(errno));
}

static void audit_append(const char *line, size_t len)
{
	int fd = open(AUDIT_FILE, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		log_warn("%s: %s", AUDIT_FILE, strerror(errno));
		return;
	}
	if (write(fd, line, len) != (ssize_t)len)
		log_warn("%s: %s", AUDIT_FILE, strerror(errno));
	audit_rotate(fd);
	close(fd);
}

static void kv_opt(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v)
		json_string(j, v);
	else
		json_null(j);
}

void audit_log(const struct audit_entry *e)
{
	char line[AUDIT_LINE_MAX], when[21];
	struct json j;
	FILE *f = fmemopen(line, sizeof line, "w");
	long len;

	if (!f)
		return;
	clock_iso(clock_unix_ms() / 1000, when);
	json_init(&j, f);
	json_object_begin(&j);
	json_kv_string(&j, "time", when);
	json_kv_string(&j, "who", e->who);
	json_kv_string(&j, "source", e->source);
	json_kv_string(&j, "action", e->action);
	json_key(&j, "ct");
	if (e->ctid)
		json_uint(&j, e->ctid);
	else
		json_null(&j);
	kv_opt(&j, "target", e->target);
	json_kv_string(&j, "result", e->result);
	kv_opt(&j, "task", e->task);
	json_object_end(&j);
	if (json_finish(&j) < 0 || (len = ftell(f)) <= 0 || (size_t)len >= sizeof line) {
		fclose(f);
		log_warn("audit: a line longer than %d bytes was not written", AUDIT_LINE_MAX);
		return;
	}
	fclose(f);
	line[len] = 0;
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%.*s", (int)len - 1, line);
	audit_append(line, (size_t)len);
}
