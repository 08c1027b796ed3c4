#ifndef VZHOST_BASE_EXIT_H
#define VZHOST_BASE_EXIT_H

/*
 * Exit codes of every vzhost program (docs/style.md). A program exits with
 * one of these and, unless it is EXIT_OK, has printed one line saying what
 * failed and why. The numbers are contracts: scripts and tests rely on them.
 */
enum {
	EXIT_OK = 0,
	/* The command ran and its answer is a failure it has explained:
	   ploop check found problems that remain, init refused a vzsvc
	   request, a console attach failed, the password prompt met the end
	   of its input. */
	EXIT_FAILED = 1,
	/* vzhost-login's child for one port: the device is no terminal; its
	   supervisor retries it slowly (services/login/login_supervise.h). */
	EXIT_PORT_ABSENT = 2,
	/* Bad arguments or configuration: nothing was done. */
	EXIT_USAGE = 100,
	/* The operation could not be done: a system call failed or the
	   library refused it. */
	EXIT_ERROR = 111,
	/* A forked child could not exec its program (as the shell's 127). */
	EXIT_EXEC = 127,
};

/*
 * vzctl, vzlist and vzmon keep OpenVZ's numbers where OpenVZ has them
 * (docs/containers.md).
 */
enum {
	EXIT_VZ_FAIL = 1,
	EXIT_VZ_USAGE = 2,		/* VZ_INVALID_PARAMETER_SYNTAX */
	EXIT_VZ_BAD_VALUE = 3,		/* VZ_INVALID_PARAMETER_VALUE */
	EXIT_VZ_NO_CT = 11,		/* no such container */
	EXIT_VZ_NOT_RUNNING = 31,	/* VZ_VE_NOT_RUNNING */
	EXIT_VZ_RUNNING = 32,		/* VZ_VE_RUNNING */
	EXIT_VZ_EXISTS = 44,		/* VZ_FS_PRVT_AREA_EXIST */
};

#endif
