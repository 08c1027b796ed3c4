#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "node/consolefile.h"

int console_file_format(const struct console_file *cf, char *buf, size_t size)
{
	int len = fmt_fit(buf, size, "menu %s\n", cf->menu ? "yes" : "no"), n;
	unsigned i;

	for (i = 0; len >= 0 && i < cf->ports.n; i++) {
		n = fmt_fit(buf + len, size - (size_t)len, "port %s %u\n", cf->ports.port[i].device,
			    cf->ports.port[i].speed);
		len = n < 0 ? -1 : len + n;
	}
	return len;
}

/* One line, "menu yes|no" or "port DEVICE SPEED" (appended to spec as DEVICE,SPEED). */
static const char *line_parse(char *line, char *spec, size_t size, int *menu)
{
	static const char *const bad = "expected \"menu yes|no\" or \"port DEVICE SPEED\"";
	char *dev, *speed;
	size_t len = strlen(spec);

	if (!strncmp(line, "menu ", 5))
		return serial_menu_parse(line + 5, menu) ? bad : NULL;
	if (strncmp(line, "port ", 5))
		return bad;
	dev = line + 5;
	speed = strchr(dev, ' ');
	if (!speed || !speed[1] || len + strlen(line) + 2 > size)
		return bad;
	*speed++ = 0;
	snprintf(spec + len, size - len, "%s%s,%s", len ? " " : "", dev, speed);
	return NULL;
}

const char *console_file_parse(const char *text, struct console_file *cf, unsigned *line,
			       char *err)
{
	char copy[CONSOLE_FILE_MAX], spec[CONSOLE_FILE_MAX] = "", *l, *next;
	const char *why;
	unsigned i;

	*line = 0;
	if (strlen(text) >= sizeof copy) {
		snprintf(err, CONSOLE_FILE_ERR_MAX, "longer than %d bytes", CONSOLE_FILE_MAX - 1);
		return err;
	}
	strcpy(copy, text);
	cf->menu = 1;
	for (l = copy; *l; l = next) {
		next = l + strcspn(l, "\n");
		if (*next)
			*next++ = 0;
		++*line;
		why = line_parse(l, spec, sizeof spec, &cf->menu);
		if (why)
			return why;
	}
	*line = 0;
	if (serial_ports_parse(spec, &cf->ports, err))
		return err;
	for (i = 0; i < cf->ports.n; i++)
		if (!cf->ports.port[i].speed) {
			snprintf(err, CONSOLE_FILE_ERR_MAX, "%s: no speed", cf->ports.port[i].device);
			return err;
		}
	return NULL;
}
