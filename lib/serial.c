#include <stdlib.h>
#include <string.h>

#include "serial.h"

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
