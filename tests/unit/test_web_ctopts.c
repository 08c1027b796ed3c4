/*
 * The web API's create and change bodies as vzctl's options
 * (services/web/priv/ctopts.c): every setting vzctl takes from argv
 * (lib/ct's table, ct_setting_known) is a JSON key of the same name, its
 * value passed as vzctl would get it; numbers and booleans as their text,
 * arrays only for repeatable options; unknown and misplaced keys refused
 * by name.
 */
#include <stdio.h>
#include <string.h>

#include "../../services/web/priv/ctopts.h"
#include "ct/settings.h"
#include "tap.h"

static struct json_doc doc;
static struct ctopts o;

/* Parses text and fills o: ctopts_from_json's answer. */
static const char *from(const char *text, int kind, const char **field, int *unknown)
{
	if (json_doc_parse(&doc, text, strlen(text)) < 0) {
		*field = NULL;
		*unknown = 0;
		return "not JSON";
	}
	return ctopts_from_json(&o, &doc, 0, kind, field, unknown);
}

/* o's options as "name=value name=value". */
static const char *pairs(void)
{
	static char buf[1024];
	size_t len = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < o.n && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s=%s", i ? " " : "",
					o.name[i], o.value[i]);
	return buf;
}

/* The names of vzctl set's options (lib/ct/settings.c's table). */
static const char *const vzctl_set_names[] = {
	"ram", "swap", "physpages", "swappages", "numproc", "cpuunits", "cpulimit", "cpus",
	"diskspace", "diskinodes", "hostname", "ipadd", "ipdel", "nameserver", "netif_add",
	"netif_del", "onboot", "name", "description", "stop-timeout", "devices",
};

static void test_table(void)
{
	const char *why, *field;
	char text[128], want[128];
	int unknown, bad = 0;
	size_t i;

	for (i = 0; i < sizeof vzctl_set_names / sizeof vzctl_set_names[0]; i++) {
		const char *n = vzctl_set_names[i];

		snprintf(text, sizeof text, "{\"%s\": \"v1\"}", n);
		snprintf(want, sizeof want, "%s=v1", n);
		why = from(text, CTOPTS_SET, &field, &unknown);
		if (!ct_setting_known(n) || why || strcmp(pairs(), want)) {
			printf("# %s: known %d, %s, %s\n", n, ct_setting_known(n), why ? why : "taken",
			     pairs());
			bad++;
		}
	}
	ok(!bad, "every vzctl set option is a JSON key of a change, passed as vzctl gets it");
	why = from("{\"ctid\": 101, \"ostemplate\": \"busybox\", \"layout\": \"ploop\", "
		   "\"config\": \"basic\", \"ram\": \"256M\"}", CTOPTS_CREATE, &field, &unknown);
	ok(!why && o.ctid == 101 &&
	   !strcmp(pairs(), "ostemplate=busybox layout=ploop config=basic ram=256M"),
	   "a create takes ctid and vzctl create's own options besides");
}

static void test_values(void)
{
	const char *why, *field;
	int unknown;

	why = from("{\"ram\": \"1.5G\", \"cpus\": 2, \"onboot\": true, \"ipadd\": [\"10.0.0.1\", "
		   "\"10.0.0.2\"]}", CTOPTS_SET, &field, &unknown);
	is_str(why ? why : pairs(), "ram=1.5G cpus=2 onboot=yes ipadd=10.0.0.1 ipadd=10.0.0.2",
	       "strings as written, numbers as their text, true as yes, an array as the option repeated");
	ok(o.save == 1, "a change is saved unless asked not to");
	why = from("{\"onboot\": false, \"save\": false}", CTOPTS_SET, &field, &unknown);
	ok(!why && o.save == 0 && !strcmp(pairs(), "onboot=no"),
	   "false is no; save false keeps it live only");
	why = from("{\"ram\": [\"1G\"]}", CTOPTS_SET, &field, &unknown);
	ok(why && !unknown && !strcmp(field, "ram") && !strcmp(why, "expected one value, not an array"),
	   "an array for a single option is refused naming it");
	why = from("{\"ipadd\": [[\"10.0.0.1\"]]}", CTOPTS_SET, &field, &unknown);
	ok(why && !strcmp(field, "ipadd"), "nested arrays are refused naming the option");
	why = from("{\"hostname\": {\"a\": 1}}", CTOPTS_SET, &field, &unknown);
	ok(why && !strcmp(field, "hostname"), "an object value is refused naming the option");
	why = from("{\"ram\": 123456789012345678901234567890123456}", CTOPTS_SET, &field, &unknown);
	ok(why && !strcmp(field, "ram"), "a number longer than any option's value is refused");
}

static void test_refusals(void)
{
	const char *why, *field;
	int unknown;

	why = from("{\"rma\": \"1G\"}", CTOPTS_SET, &field, &unknown);
	ok(why && unknown && !strcmp(field, "rma"), "an unknown key is refused by name");
	why = from("{\"ctid\": 101, \"ram\": \"1G\"}", CTOPTS_SET, &field, &unknown);
	ok(why && unknown && !strcmp(field, "ctid"), "ctid in a change is an unknown key");
	why = from("{\"ostemplate\": \"busybox\"}", CTOPTS_SET, &field, &unknown);
	ok(why && unknown && !strcmp(field, "ostemplate"), "ostemplate in a change is an unknown key");
	why = from("{\"save\": true, \"ram\": \"1G\"}", CTOPTS_CREATE, &field, &unknown);
	ok(why && unknown && !strcmp(field, "save"), "save in a create is an unknown key");
	why = from("{\"ostemplate\": \"busybox\"}", CTOPTS_CREATE, &field, &unknown);
	ok(why && !unknown && !strcmp(field, "ctid"), "a create without ctid is refused naming it");
	why = from("{\"ctid\": \"abc\"}", CTOPTS_CREATE, &field, &unknown);
	ok(why && !strcmp(field, "ctid"), "a ctid that is no CTID is refused naming it");
	why = from("{\"start\": \"yes\", \"ctid\": 101}", CTOPTS_CREATE, &field, &unknown);
	ok(why && !strcmp(field, "start"), "start takes true or false only");
	why = from("{\"save\": false}", CTOPTS_SET, &field, &unknown);
	ok(why && !field, "a change with no settings is refused");
}

int main(void)
{
	test_table();
	test_values();
	test_refusals();
	return done_testing();
}
