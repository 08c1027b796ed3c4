#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/serial.h"

static const struct {
	unsigned baud;
	speed_t code;
} serial_speeds[] = {
	{ 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 }, { 9600, B9600 },
	{ 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
	{ 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 },
	{ 500000, B500000 }, { 576000, B576000 }, { 921600, B921600 },
};

/* tty<n>, a virtual terminal on the screen, for nodes without a serial line. */
static const char *const serial_prefixes[] = { "ttyS", "ttyUSB", "ttyAMA", "hvc", "tty" };

speed_t serial_speed_code(unsigned speed)
{
	size_t i;

	for (i = 0; i < sizeof serial_speeds / sizeof serial_speeds[0]; i++)
		if (serial_speeds[i].baud == speed)
			return serial_speeds[i].code;
	return B0;
}

static int digits_only(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int serial_device_valid(const char *dev, size_t len)
{
	size_t p, plen;

	for (p = 0; p < sizeof serial_prefixes / sizeof serial_prefixes[0]; p++) {
		plen = strlen(serial_prefixes[p]);
		if (len <= plen || len > plen + 3 || memcmp(dev, serial_prefixes[p], plen))
			continue;
		if (digits_only(dev + plen, len - plen))
			return 1;
	}
	return 0;
}

static int serial_speed_parse(const char *s, unsigned *speed)
{
	unsigned long v;
	char *end;

	if (*s < '1' || *s > '9' || strlen(s) > 7)
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || serial_speed_code((unsigned)v) == B0)
		return -1;
	*speed = (unsigned)v;
	return 0;
}

const char *serial_parse(const char *s, struct serial_console *con)
{
	const char *comma = strchr(s, ',');
	size_t len = comma ? (size_t)(comma - s) : strlen(s);

	if (!serial_device_valid(s, len))
		return "expected ttyS<n>, ttyUSB<n>, ttyAMA<n>, hvc<n> or tty<n> as device";
	con->speed = 0;
	if (comma && serial_speed_parse(comma + 1, &con->speed) < 0)
		return "speed must be a standard baud rate (1200 ... 921600)";
	memcpy(con->device, s, len);
	con->device[len] = 0;
	return NULL;
}

static const char *ports_err(char *err, const char *word, size_t len, const char *cause)
{
	snprintf(err, SERIAL_ERR_MAX, "%.*s: %s", (int)(len > 20 ? 20 : len), word, cause);
	return err;
}

static int ports_has(const struct serial_ports *ports, const char *dev, size_t len)
{
	unsigned i;

	for (i = 0; i < ports->n; i++)
		if (strlen(ports->port[i].device) == len && !memcmp(ports->port[i].device, dev, len))
			return 1;
	return 0;
}

/* One word of the list: a device, or the speed of the device before it. */
static const char *ports_word(struct serial_ports *ports, const char *w, size_t len, char *err)
{
	struct serial_console *last = ports->n ? &ports->port[ports->n - 1] : NULL;
	char speed[8];

	if (*w >= '0' && *w <= '9') {
		if (!last || last->speed)
			return ports_err(err, w, len, "a speed must follow its device");
		if (len >= sizeof speed)
			return ports_err(err, w, len, "speed must be a standard baud rate (1200 ... 921600)");
		memcpy(speed, w, len);
		speed[len] = 0;
		if (serial_speed_parse(speed, &last->speed) < 0)
			return ports_err(err, w, len, "speed must be a standard baud rate (1200 ... 921600)");
		return NULL;
	}
	if (!serial_device_valid(w, len))
		return ports_err(err, w, len,
				 "expected ttyS<n>, ttyUSB<n>, ttyAMA<n>, hvc<n> or tty<n> as device");
	if (ports_has(ports, w, len))
		return ports_err(err, w, len, "listed twice");
	if (ports->n == SERIAL_PORTS_MAX)
		return ports_err(err, w, len, "too many ports (at most 4)");
	memcpy(ports->port[ports->n].device, w, len);
	ports->port[ports->n].device[len] = 0;
	ports->port[ports->n++].speed = 0;
	return NULL;
}

const char *serial_ports_parse(const char *s, struct serial_ports *ports, char *err)
{
	struct serial_ports p = { .n = 0 };
	const char *why;
	size_t len;

	for (;;) {
		s += strspn(s, ", \t\n");
		if (!*s)
			break;
		len = strcspn(s, ", \t\n");
		why = ports_word(&p, s, len, err);
		if (why)
			return why;
		s += len;
	}
	if (!p.n) {
		snprintf(err, SERIAL_ERR_MAX, "expected at least one port, such as ttyS0,115200");
		return err;
	}
	*ports = p;
	return NULL;
}

const char *serial_menu_parse(const char *s, int *on)
{
	if (!strcmp(s, "yes") || !strcmp(s, "1"))
		*on = 1;
	else if (!strcmp(s, "no") || !strcmp(s, "0"))
		*on = 0;
	else
		return "expected yes or no (or 1 or 0)";
	return NULL;
}
