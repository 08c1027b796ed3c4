#include <string.h>

#include "collect.h"
#include "node/ctlproto.h"
#include "node/svcdef.h"
#include "../../init/svcorder.h"
#include "tap.h"

static int svc(const char *text, struct svcdef *def, struct collect *c)
{
	struct report r = collect_report(c);

	return svcdef_parse(text, strlen(text), "x.service", def, &r);
}

static void test_valid(void)
{
	const char *vars[SVC_VAR_COUNT] = { "eth0", "ttyS0", "115200", "512" };
	char buf[1024], *argv[SVC_ARGV_MAX + 1];
	struct svcdef def;
	struct collect c;

	is_int(svc("# udhcpc\ncommand=/sbin/udhcpc -f -i ${IFACE} \"-x\" \"a \\\"b\\\" c\"\n"
		   "after=syslogd klogd\nrestart=on-failure\nuser=nobody\ncondition=net-dhcp\n"
		   "stop_timeout=5\nready=/dev/log\n",
		   &def, &c),
	       0, "valid definition");
	is_int(def.argc, 6, "six words");
	is_int(def.nafter, 2, "two after=");
	is_str(def.after[1], "klogd", "after= name");
	is_int(def.restart, SVC_RESTART_ON_FAILURE, "restart=on-failure");
	is_str(def.user, "nobody", "user=");
	is_int(def.condition, SVC_COND_NET_DHCP, "condition=");
	is_int(def.stop_timeout, 5, "stop_timeout=");
	is_str(def.ready, "/dev/log", "ready=");
	is_int(svcdef_argv(&def, vars, buf, sizeof buf, argv), 0, "argv expansion");
	is_str(argv[3], "eth0", "${IFACE} substituted");
	is_str(argv[4], "-x", "quoted word");
	ok(argv[5] && !strcmp(argv[5], "a \"b\" c") && !argv[6], "escaped quotes, NULL end");
	is_int(svc("command=/sbin/syslogd -n -C${LOG_RING_KB}\n", &def, &c), 0, "defaults");
	is_int(def.restart, SVC_RESTART_ALWAYS, "default restart=always");
	is_str(def.user, "root", "default user root");
	is_int(def.stop_timeout, 10, "default stop_timeout");
	is_str(def.ready, "", "no ready= by default");
	svcdef_argv(&def, vars, buf, sizeof buf, argv);
	is_str(argv[2], "-C512", "substitution inside a word");
}

static void test_invalid(void)
{
	char line[700];
	struct svcdef def;
	struct collect c;

	is_int(svc("restart=always\n", &def, &c), -1, "missing command");
	ok(collect_has(&c, "x.service: no command= line"), "missing command message");
	is_int(svc("command=/bin/true\nnice=5\n", &def, &c), -1, "unknown key");
	ok(collect_has(&c, "x.service:2: unknown key"), "unknown key names line");
	is_int(svc("command=/bin/true\nrestart=sometimes\n", &def, &c), -1, "bad restart");
	ok(collect_has(&c, "restart= expects always, on-failure or never"), "bad restart message");
	is_int(svc("command=bin/true\n", &def, &c), -1, "relative command");
	is_int(svc("command=/bin/echo ${HOME}\n", &def, &c), -1, "unknown variable");
	is_int(svc("command=/bin/echo \"open\n", &def, &c), -1, "unterminated quote");
	is_int(svc("command=/bin/true\ncommand=/bin/false\n", &def, &c), -1, "duplicate key");
	is_int(svc("command=/bin/true\nstop_timeout=0\nuser=Root\nafter=Bad!\n", &def, &c), -1,
	       "bad values");
	is_int(c.n, 3, "each bad line reported");
	is_int(svc("command=/bin/true\nready=dev/log\n", &def, &c), -1, "relative ready=");
	ok(collect_has(&c, "x.service:2: ready= expects an absolute path"), "ready= message");
	is_int(svc("command=/bin/true\nready=/run/../etc/x\n", &def, &c), -1, "ready= with ..");
	is_int(svc("command=/bin/true\nready=/run/a b\n", &def, &c), -1, "ready= with a blank");
	memset(line, 'a', sizeof line);
	memcpy(line, "command=/", 9);
	line[sizeof line - 1] = 0;
	is_int(svc(line, &def, &c), -1, "overlong line");
	ok(collect_has(&c, "x.service:1: line longer than 511 characters"), "overlong message");
	ok(svcdef_name_check("udhcpc") == NULL && svcdef_name_check("-x") &&
		   svcdef_name_check("a/b") && svcdef_name_check(""),
	   "service name check");
}

static void order_case(const char *const afters[], size_t n, size_t *order, size_t *count,
		       struct collect *c)
{
	static struct svcdef defs[8];
	const struct svcdef *ptrs[8];
	struct report r = collect_report(c);
	char text[128];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(text, sizeof text, "command=/bin/true\nafter=%s\n", afters[i]);
		svcdef_parse(text, strlen(text), "t", &defs[i], NULL);
		snprintf(defs[i].name, sizeof defs[i].name, "s%zu", i);
		ptrs[i] = &defs[i];
	}
	*count = svcorder_sort(ptrs, n, order, &r);
}

static void test_order(void)
{
	static const char *const chain[] = { "s1", "s2", "", "missing" };
	static const char *const cycle[] = { "s1", "s0", "", "s0" };
	size_t order[8], n;
	struct collect c;

	order_case(chain, 4, order, &n, &c);
	ok(n == 4 && order[0] == 2 && order[1] == 1 && order[2] == 0 && order[3] == 3,
	   "dependency order s2 s1 s0 s3");
	is_int(c.n, 0, "missing after= target ignored silently");
	order_case(cycle, 4, order, &n, &c);
	ok(n == 1 && order[0] == 2, "only the service outside the cycle is ordered");
	is_int(c.n, 3, "cycle members and their dependants reported");
	ok(collect_has(&c, "service s0: in or behind a dependency cycle"), "cycle message");
}

static void test_ctlproto(void)
{
	char name[SVC_NAME_MAX];
	enum ctl_op op;

	ok(!ctl_request_parse("list", 4, &op, name) && op == CTL_LIST, "list");
	ok(!ctl_request_parse("restart udhcpc", 14, &op, name) && op == CTL_RESTART &&
		   !strcmp(name, "udhcpc"),
	   "restart NAME");
	is_str(ctl_request_parse("list x", 6, &op, name), "this operation takes no name",
	       "list takes no name");
	is_str(ctl_request_parse("start", 5, &op, name), "this operation needs a name",
	       "start needs a name");
	is_str(ctl_request_parse("kill x", 6, &op, name), "unknown operation", "unknown operation");
	ok(ctl_request_parse("stop ../x", 9, &op, name) != NULL, "bad name");
	is_str(ctl_request_parse("stop x\0y", 8, &op, name), "NUL byte in the request", "NUL byte");
}

int main(void)
{
	test_valid();
	test_invalid();
	test_order();
	test_ctlproto();
	return done_testing();
}
