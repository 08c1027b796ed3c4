#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "identity.h"
#include "base/log.h"

void identity_setup(const char *hostname)
{
	char text[256];
	int n;

	if (sethostname(hostname, strlen(hostname)) < 0)
		log_error("hostname: sethostname %s: %s", hostname, strerror(errno));
	n = snprintf(text, sizeof text, "%s\n", hostname);
	if (file_write_atomic("/etc/hostname", text, (size_t)n, 0644) < 0)
		log_error("hostname: /etc/hostname: %s", strerror(errno));
	n = snprintf(text, sizeof text,
		     "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost\n",
		     hostname);
	if (file_write_atomic("/etc/hosts", text, (size_t)n, 0644) < 0)
		log_error("hostname: /etc/hosts: %s", strerror(errno));
	log_info("hostname: %s", hostname);
}
