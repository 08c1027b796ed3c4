/*
 * libFuzzer target: requests on init's control socket. Invariant: a
 * request that parses formats back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node/ctlproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[SVC_NAME_MAX], out[CTL_REQUEST_MAX];
	enum ctl_op op;
	int n;

	if (ctl_request_parse((const char *)data, size, &op, name))
		return 0;
	n = ctl_request_format(out, sizeof out, op, name);
	if (n < 0 || (size_t)n != size || memcmp(out, data, size))
		abort();
	return 0;
}
