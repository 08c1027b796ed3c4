/* /proc/PID/cgroup of a container's init as vzctl exec reads it (lib/ct/proc_cgroup.c). */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ct/proc_cgroup.h"

static void path_ok(const char *text, const char *want)
{
	char path[64];
	const char *why = "";
	int rc = proc_cgroup_parse(text, strlen(text), "/vz/101", path, sizeof path, &why);

	if (!ok(rc == 0 && !strcmp(path, want), "accepted as %s", want))
		printf("#   got: %s\n", rc ? why : path);
}

static void path_bad(const char *text, size_t len, const char *cause)
{
	char path[64] = "untouched";
	const char *why = NULL;
	int rc = proc_cgroup_parse(text, len, "/vz/101", path, sizeof path, &why);

	if (!ok(rc < 0 && why && strstr(why, cause) && !strcmp(path, "untouched"),
		"refused: %s", cause))
		printf("#   got: %s\n", rc ? why : path);
}

int main(void)
{
	char big[PROC_CGROUP_MAX + 64];

	path_ok("0::/vz/101\n", "/vz/101");
	path_ok("0::/vz/101/init.scope\n", "/vz/101/init.scope");
	path_ok("0::/vz/101/init.scope", "/vz/101/init.scope");
	path_ok("12:pids:/x\n1:name=systemd:/\n0::/vz/101/system.slice/a b.service\n",
		"/vz/101/system.slice/a b.service");
	path_ok("0::/vz/101/...\n", "/vz/101/...");
	path_bad("", 0, "no cgroup v2 line");
	path_bad("1:name=systemd:/vz/101\n", 23, "no cgroup v2 line");
	path_bad("0::/vz/1011\n", 11, "not the container's");
	path_bad("0::/vz/10\n", 9, "not the container's");
	path_bad("0::/vz\n", 7, "not the container's");
	path_bad("0::/vz/101/../102\n", 17, ". or ..");
	path_bad("0::/vz/101/./x\n", 14, ". or ..");
	path_bad("0::/vz/101//x\n", 13, "empty");
	path_bad("0::/vz/101/\n", 11, "empty");
	path_bad("0::vz/101\n", 9, "absolute");
	path_bad("0::/vz/101/x\x01y\n", 15, "control");
	path_bad("0::/vz/101/x\0y\n", 14, "control");
	path_bad("0::/vz/101/init.scope (deleted)\n", 31, "removed");
	path_bad("0::/vz/101/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 76,
		 "too long");
	memset(big, 'x', sizeof big);
	memcpy(big + PROC_CGROUP_MAX - 2, "\n0::/vz/101\n", 12);
	path_bad(big, sizeof big, "no cgroup v2 line");
	return done_testing();
}
