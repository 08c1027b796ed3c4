/*
 * libFuzzer target: /run/vzhost/console as vzhost-login parses it.
 * Invariant: what parses formats back into text that parses to the same
 * ports and menu setting.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node/consolefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[2 * CONSOLE_FILE_MAX], out[CONSOLE_FILE_MAX], err[CONSOLE_FILE_ERR_MAX];
	struct console_file cf, back;
	unsigned line, i;
	int n;

	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (console_file_parse(text, &cf, &line, err))
		return 0;
	check(cf.ports.n >= 1 && cf.ports.n <= SERIAL_PORTS_MAX && (cf.menu == 0 || cf.menu == 1));
	n = console_file_format(&cf, out, sizeof out);
	check(n > 0);
	check(!console_file_parse(out, &back, &line, err));
	check(back.menu == cf.menu && back.ports.n == cf.ports.n);
	for (i = 0; i < cf.ports.n; i++)
		check(!strcmp(back.ports.port[i].device, cf.ports.port[i].device) &&
		      back.ports.port[i].speed == cf.ports.port[i].speed);
	return 0;
}
