#include <errno.h>
#include <string.h>

#include "node/svcdef.h"
#include "node/svcdef_command.h"

static const char *const svc_var_names[SVC_VAR_COUNT] = {
	[SVC_VAR_IFACE] = "IFACE",
	[SVC_VAR_CONSOLE_DEVICE] = "CONSOLE_DEVICE",
	[SVC_VAR_CONSOLE_SPEED] = "CONSOLE_SPEED",
	[SVC_VAR_LOG_RING_KB] = "LOG_RING_KB",
};

/* The variable named at s (just after "${"), or -1; *len gets its length up to '}'. */
static int svc_var_lookup(const char *s, size_t *len)
{
	const char *close = strchr(s, '}');
	int i;

	if (!close)
		return -1;
	for (i = 0; i < SVC_VAR_COUNT; i++) {
		if (strlen(svc_var_names[i]) == (size_t)(close - s) &&
		    !strncmp(s, svc_var_names[i], (size_t)(close - s))) {
			*len = (size_t)(close - s) + 1;
			return i;
		}
	}
	return -1;
}

static const char *word_check_vars(const char *word)
{
	size_t len;

	for (word = strstr(word, "${"); word; word = strstr(word, "${")) {
		if (svc_var_lookup(word + 2, &len) < 0)
			return "unknown ${...} variable (known: ${IFACE}, ${CONSOLE_DEVICE}, "
			       "${CONSOLE_SPEED}, ${LOG_RING_KB})";
		word += 2 + len;
	}
	return NULL;
}

static const char *word_put(struct svcdef *def, size_t *used, char c)
{
	if (*used + 1 >= sizeof def->args)
		return "command longer than 511 bytes";
	def->args[(*used)++] = c;
	return NULL;
}

/* One word starting at *p (not a blank); *p is left after it. */
static const char *command_word(struct svcdef *def, size_t *used, const char **p)
{
	const char *s = *p, *err = NULL;
	int quoted = 0;

	for (; *s && !err && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		err = word_put(def, used, *s);
	}
	if (!err && quoted)
		err = "unterminated double quote in command";
	if (!err)
		err = word_put(def, used, 0);
	*p = s;
	return err;
}

const char *svcdef_command_parse(struct svcdef *def, const char *value)
{
	const char *err, *word;
	size_t used = 0;

	def->argc = 0;
	for (;;) {
		while (*value == ' ' || *value == '\t')
			value++;
		if (!*value)
			break;
		if (def->argc == SVC_ARGV_MAX)
			return "more than 32 command arguments";
		word = def->args + used;
		err = command_word(def, &used, &value);
		if (!err)
			err = word_check_vars(word);
		if (err)
			return err;
		def->argc++;
	}
	if (!def->argc)
		return "empty command";
	if (def->args[0] != '/')
		return "command must start with an absolute program path";
	return NULL;
}

static int expand_put(char *buf, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n >= size) {
		errno = E2BIG;
		return -1;
	}
	memcpy(buf + *used, s, n);
	*used += n;
	return 0;
}

static int word_expand(const char *word, const char *const values[SVC_VAR_COUNT], char *buf,
		       size_t size, size_t *used)
{
	const char *dollar;
	size_t len;
	int var;

	while ((dollar = strstr(word, "${"))) {
		var = svc_var_lookup(dollar + 2, &len);
		if (var < 0) {
			if (expand_put(buf, size, used, word, (size_t)(dollar + 2 - word)) < 0)
				return -1;
			word = dollar + 2;
			continue;
		}
		if (expand_put(buf, size, used, word, (size_t)(dollar - word)) < 0 ||
		    expand_put(buf, size, used, values[var], strlen(values[var])) < 0)
			return -1;
		word = dollar + 2 + len;
	}
	return expand_put(buf, size, used, word, strlen(word) + 1);
}

int svcdef_argv(const struct svcdef *def, const char *const values[SVC_VAR_COUNT], char *buf,
		size_t size, char **argv)
{
	const char *word = def->args;
	size_t used = 0;
	unsigned i;

	for (i = 0; i < def->argc; i++) {
		argv[i] = buf + used;
		if (word_expand(word, values, buf, size, &used) < 0)
			return -1;
		word += strlen(word) + 1;
	}
	argv[i] = NULL;
	return 0;
}
