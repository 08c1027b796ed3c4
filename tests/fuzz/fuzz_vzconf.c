/*
 * libFuzzer target: OpenVZ config files (load, set, unset, format) and the
 * value parsers run on every value found. Invariants: an unmodified file
 * formats byte for byte as read; set/unset change only their key; what is
 * formatted parses back to the same values.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/vzcgroup.h"
#include "conf/vzconf.h"
#include "conf/vznet.h"
#include "conf/vzsize.h"
#include "conf/vzvalue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char text[VZCONF_FILE_MAX + 1];

static void check(int cond)
{
	if (!cond)
		abort();
}

static void values_parse(const char *v)
{
	static struct vzip ips[VZNET_IP_MAX];
	static struct vznetif ifs[VZNET_NETIF_MAX];
	char buf[512];
	struct vzpair p, q;
	unsigned u, n;
	uint64_t x;
	int on;

	if (!vzsize_parse_pair(v, VZSIZE_PAGES, &p)) {
		check(vzsize_format_pair(&p, buf, sizeof buf) > 0);
		check(!vzsize_parse_pair(buf, VZSIZE_PAGES, &q));
		check(p.barrier == q.barrier && p.limit == q.limit);
		check(vzsize_format_human(vzcg_pages_bytes(p.limit), buf, sizeof buf) > 0);
		check(vzcg_memory_high(vzcg_pages_bytes(p.limit)) <= vzcg_pages_bytes(p.limit));
	}
	(void)vzsize_parse_pair(v, VZSIZE_KIB, &p);
	(void)vzsize_parse_ram(v, &x);
	(void)vzvalue_count_pair(v, &p);
	(void)vzvalue_ctid(v, &u);
	(void)vzvalue_name(v);
	(void)vzvalue_hostname(v);
	(void)vzvalue_onboot(v, &on);
	if (!vzvalue_cpuunits(v, &u))
		check(vzcg_cpu_weight(u) >= 1 && vzcg_cpu_weight(u) <= 10000);
	(void)vzvalue_cpulimit(v, &u);
	(void)vzvalue_cpus(v, &u);
	if (!vznet_ip_list(v, ips, VZNET_IP_MAX, &n) && n)
		check(vznet_ip_format(&ips[0], buf, sizeof buf) > 0);
	(void)vznet_nameservers(v, ips, &n);
	(void)vznet_netif_add_parse(v, ifs);
	if (!vznet_netif_parse(v, ifs, &n) && vznet_netif_format(ifs, n, buf, sizeof buf) >= 0) {
		unsigned m;

		check(!vznet_netif_parse(buf, ifs, &m) && m == n);
	}
}

/* Sets the first key to a value made of the input's last bytes, and checks. */
static void set_check(struct vzconf *c, const char *key, const uint8_t *data, size_t size,
		      int bad)
{
	char value[64];
	struct vzconf again;
	size_t n = size < sizeof value - 1 ? size : sizeof value - 1, i;
	int len;

	memcpy(value, data + size - n, n);
	value[n] = 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			value[i] = '$';
	if (vzconf_set(c, key, value, NULL) < 0)
		return;
	len = vzconf_format(c, text, sizeof text);
	check(len >= 0 && (size_t)len == vzconf_size(c));
	check(vzconf_parse(&again, "again", text, (size_t)len, NULL) == bad);
	check(!strcmp(vzconf_get(&again, key), value));
	vzconf_free(&again);
	check(vzconf_unset(c, key) >= 1);
	len = vzconf_format(c, text, sizeof text);
	check(len >= 0 && vzconf_parse(&again, "again", text, (size_t)len, NULL) == bad);
	check(vzconf_get(&again, key) == NULL);
	vzconf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vzconf c;
	char key[VZCONF_KEY_MAX], this[VZCONF_KEY_MAX];
	const struct vzconf_line *l;
	unsigned i;
	int bad, len;

	bad = vzconf_parse(&c, "fuzz", (const char *)data, size, NULL);
	if (bad < 0)
		return 0;
	len = vzconf_format(&c, text, sizeof text);
	check(len >= 0 && (size_t)len == size && !memcmp(text, data, size));
	key[0] = 0;
	for (i = 0; i < c.nlines; i++) {
		l = &c.line[i];
		if (!l->klen)
			continue;
		if (!key[0]) {
			memcpy(key, l->text + l->koff, l->klen);
			key[l->klen] = 0;
		}
		values_parse(l->value);
		memcpy(this, l->text + l->koff, l->klen);
		this[l->klen] = 0;
		/* Setting the last entry of a key to its own value changes nothing. */
		if (vzconf_get(&c, this) == l->value)
			check(vzconf_set(&c, this, l->value, NULL) == 0 || errno == EINVAL);
	}
	len = vzconf_format(&c, text, sizeof text);
	check(len >= 0 && (size_t)len == size && !memcmp(text, data, size));
	if (key[0] && size)
		set_check(&c, key, data, size, bad);
	vzconf_free(&c);
	return 0;
}
