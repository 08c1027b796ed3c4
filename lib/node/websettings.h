#ifndef VZHOST_NODE_WEBSETTINGS_H
#define VZHOST_NODE_WEBSETTINGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The web service's node settings (docs/init.md, docs/web.md):
 *
 *   WEB=on|off                  vzhost.web=
 *   WEB_LISTEN=A.B.C.D[:PORT]   vzhost.web_listen=   (port 1-65535, default 443)
 *   WEB_ALLOW_FROM=CIDR[,CIDR]  vzhost.web_allow_from=   (up to 16, A.B.C.D/0-32)
 *
 * Pure parsers: NULL, or why the value is refused.
 */

#define WEB_ALLOW_MAX 16
#define WEB_PORT_DEFAULT 443
#define WEB_TEXT_MAX (WEB_ALLOW_MAX * 20)	/* the longest formatted value, with its NUL */

struct web_listen {
	uint32_t addr;			/* host order; 0: every address */
	unsigned port;
};

struct web_allow {
	unsigned n;
	uint32_t addr[WEB_ALLOW_MAX];	/* host order, masked */
	unsigned prefix[WEB_ALLOW_MAX];
};

const char *web_onoff_parse(const char *v, int *on);
const char *web_listen_parse(const char *v, struct web_listen *l);
const char *web_allow_parse(const char *v, struct web_allow *a);
/* "A.B.C.D:PORT" */
void web_listen_format(const struct web_listen *l, char out[WEB_TEXT_MAX]);
/* "A.B.C.D/P,A.B.C.D/P" */
void web_allow_format(const struct web_allow *a, char out[WEB_TEXT_MAX]);
/* 1 if addr (host order) is in one of a's networks. */
int web_allow_has(const struct web_allow *a, uint32_t addr);

#endif
