#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vzctl.h"

#include "console/client.h"

/* The words of argv joined by blanks, as OpenVZ passes them to sh -c. */
static char *join_words(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/*
 * COMMAND is run by the container's /bin/sh -c; a lone "-" (OpenVZ's
 * form) runs the container's /bin/sh on our standard input instead, so a
 * script can be piped in: `vzctl exec 101 - < setup.sh`.
 */
static int exec_common(int argc, char **argv, const char *cmd)
{
	static char shell[] = "/bin/sh";
	char *words[2] = { NULL, NULL };
	int from_stdin = argc == 3 && strcmp(argv[2], "-") == 0;
	struct ct ct;
	int rc;

	if (argc < 3) {
		vzctl_err("usage: vzctl %s CTID|NAME COMMAND [ARG...] | -", cmd);
		return EXIT_VZ_USAGE;
	}
	rc = vzctl_open(&ct, argv[1], CT_OPEN_EXISTING);
	if (rc)
		return rc;
	words[0] = from_stdin ? shell : join_words(argc - 2, argv + 2);
	rc = words[0] ? ct_exec(&ct, words, from_stdin ? 0 : CT_EXEC_SHELL) : -1;
	if (rc < 0) {
		vzctl_err("%s", words[0] ? ct.error : "out of memory");
		rc = vzctl_exit_code(ct.error_kind);
	}
	if (!from_stdin)
		free(words[0]);
	ct_close(&ct);
	return rc;
}

/* exec and exec2 both return the command's exit status (exec2 in OpenVZ). */
int cmd_exec(int argc, char **argv)
{
	return exec_common(argc, argv, "exec");
}

int cmd_exec2(int argc, char **argv)
{
	return exec_common(argc, argv, "exec2");
}

int cmd_enter(int argc, char **argv)
{
	char *words[2] = { NULL, NULL };
	struct ct ct;
	int rc;

	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--exec") == 0)) {
		vzctl_err("usage: vzctl enter CTID|NAME [--exec COMMAND]");
		return EXIT_VZ_USAGE;
	}
	rc = vzctl_open(&ct, argv[1], CT_OPEN_EXISTING);
	if (rc)
		return rc;
	if (argc == 4)
		words[0] = argv[3];
	else
		fprintf(stderr, "entered into CT %u\n", ct.ctid);
	rc = ct_exec(&ct, argc == 4 ? words : NULL, CT_EXEC_SHELL | CT_EXEC_PTY);
	if (rc < 0) {
		vzctl_err("%s", ct.error);
		rc = vzctl_exit_code(ct.error_kind);
	} else if (argc == 2) {
		fprintf(stderr, "exited from CT %u\n", ct.ctid);
	}
	ct_close(&ct);
	return rc;
}

static void stderr_line(void *arg, const char *msg)
{
	vzctl_err("%s", msg);
}

static struct report stderr_report = { stderr_line, NULL };

int cmd_console(int argc, char **argv)
{
	struct ct ct;
	int rc;

	if (argc != 2) {
		vzctl_err("usage: vzctl console CTID|NAME");
		return EXIT_VZ_USAGE;
	}
	rc = vzctl_open(&ct, argv[1], CT_OPEN_EXISTING);
	if (rc)
		return rc;
	rc = console_attach(ct.ctid, 0, 1, 0, &stderr_report) < 0 ? EXIT_VZ_FAIL : 0;
	ct_close(&ct);
	return rc;
}
