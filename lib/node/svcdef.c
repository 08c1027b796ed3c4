#include <stdlib.h>
#include <string.h>

#include "node/svcdef.h"
#include "node/svcdef_command.h"

typedef const char *svc_key_fn(struct svcdef *def, const char *value);

const char *svcdef_name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= SVC_NAME_MAX)
		return "service names have 1-31 characters";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != len)
		return "service names use only a-z, 0-9, '_' and '-'";
	if (name[0] == '-' || name[0] == '_')
		return "service names start with a letter or digit";
	return NULL;
}

static const char *key_command(struct svcdef *def, const char *v)
{
	return svcdef_command_parse(def, v);
}

static const char *key_after(struct svcdef *def, const char *v)
{
	size_t len;

	for (def->nafter = 0;; v += len) {
		v += strspn(v, " \t");
		len = strcspn(v, " \t");
		if (!len)
			return NULL;
		if (def->nafter == SVC_AFTER_MAX)
			return "more than 8 services in after=";
		if (len >= SVC_NAME_MAX)
			return "service name in after= longer than 31 characters";
		memcpy(def->after[def->nafter], v, len);
		def->after[def->nafter][len] = 0;
		if (svcdef_name_check(def->after[def->nafter]))
			return "bad service name in after=";
		def->nafter++;
	}
}

static const char *key_restart(struct svcdef *def, const char *v)
{
	if (!strcmp(v, "always"))
		def->restart = SVC_RESTART_ALWAYS;
	else if (!strcmp(v, "on-failure"))
		def->restart = SVC_RESTART_ON_FAILURE;
	else if (!strcmp(v, "never"))
		def->restart = SVC_RESTART_NEVER;
	else
		return "restart= expects always, on-failure or never";
	return NULL;
}

static const char *key_user(struct svcdef *def, const char *v)
{
	size_t len = strlen(v);

	if (!len || len >= SVC_USER_MAX || (*v >= '0' && *v <= '9') || *v == '-' ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_-") != len)
		return "user= expects a user name ([a-z_][a-z0-9_-]*, at most 31)";
	strcpy(def->user, v);
	return NULL;
}

static const char *key_condition(struct svcdef *def, const char *v)
{
	if (strcmp(v, "net-dhcp"))
		return "condition= expects net-dhcp";
	def->condition = SVC_COND_NET_DHCP;
	return NULL;
}

static const char *key_stop_timeout(struct svcdef *def, const char *v)
{
	unsigned long n;
	char *end;

	if (*v < '1' || *v > '9' || strlen(v) > 3)
		return "stop_timeout= expects seconds 1-300";
	n = strtoul(v, &end, 10);
	if (*end || n > SVC_STOP_TIMEOUT_MAX)
		return "stop_timeout= expects seconds 1-300";
	def->stop_timeout = (unsigned)n;
	return NULL;
}

static const char *key_ready(struct svcdef *def, const char *v)
{
	size_t len = strlen(v);

	if (*v != '/' || len >= SVC_READY_MAX || strspn(v, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") != len || strstr(v, "..") ||
	    strstr(v, "//"))
		return "ready= expects an absolute path (at most 63 of a-z A-Z 0-9 / . _ -)";
	strcpy(def->ready, v);
	return NULL;
}

static const struct {
	const char *key;
	svc_key_fn *set;
} svc_keys[] = {
	{ "command", key_command },
	{ "after", key_after },
	{ "restart", key_restart },
	{ "user", key_user },
	{ "condition", key_condition },
	{ "stop_timeout", key_stop_timeout },
	{ "ready", key_ready },
};

#define SVC_KEYS (sizeof svc_keys / sizeof svc_keys[0])

/* One line (NUL-terminated, no newline); *seen tracks keys already given. */
static const char *svcdef_line(struct svcdef *def, char *line, unsigned *seen)
{
	char *eq, *end;
	size_t i;

	line += strspn(line, " \t");
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = 0;
	if (!*line || *line == '#')
		return NULL;
	eq = strchr(line, '=');
	if (!eq)
		return "expected key=value";
	*eq = 0;
	for (i = 0; i < SVC_KEYS && strcmp(line, svc_keys[i].key); i++)
		;
	if (i == SVC_KEYS)
		return "unknown key (known: command, after, restart, user, condition, stop_timeout, ready)";
	if (*seen & 1u << i)
		return "key given twice";
	*seen |= 1u << i;
	return svc_keys[i].set(def, eq + 1);
}

static void svcdef_defaults(struct svcdef *def)
{
	memset(def, 0, sizeof *def);
	def->restart = SVC_RESTART_ALWAYS;
	def->condition = SVC_COND_NONE;
	strcpy(def->user, "root");
	def->stop_timeout = 10;
}

int svcdef_parse(const char *buf, size_t len, const char *fname, struct svcdef *def,
		 const struct report *rep)
{
	char line[SVC_LINE_MAX];
	const char *p = buf, *end = buf + len, *nl, *err;
	unsigned lineno = 0, seen = 0;
	int bad = 0;

	svcdef_defaults(def);
	if (len > SVC_FILE_MAX || memchr(buf, 0, len)) {
		report_msg(rep, "%s: not a service file (larger than %d bytes or binary)", fname,
			   SVC_FILE_MAX);
		return -1;
	}
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		if ((size_t)(nl - p) >= sizeof line) {
			err = "line longer than 511 characters";
		} else {
			memcpy(line, p, (size_t)(nl - p));
			line[nl - p] = 0;
			err = svcdef_line(def, line, &seen);
		}
		if (err) {
			report_msg(rep, "%s:%u: %s", fname, lineno, err);
			bad++;
		}
	}
	if (!def->argc) {
		report_msg(rep, "%s: no command= line", fname);
		bad++;
	}
	return bad ? -1 : 0;
}
