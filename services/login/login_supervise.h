#ifndef VZHOST_INIT_LOGIN_SUPERVISE_H
#define VZHOST_INIT_LOGIN_SUPERVISE_H

#include "base/exit.h"
#include "node/serial.h"

/*
 * The console service's supervisor: one child per port, each running
 * serve(port, menu) in a new session (it ends by becoming getty). A child
 * that exits is replaced: at once after a session that ended cleanly (a
 * logout, a hangup), else after the backoff delay (lib/base/backoff.h); a port
 * in a crash loop is retried every BACKOFF_MAX_MS, never given up. SIGTERM,
 * SIGINT or SIGHUP ends every child and then the supervisor. Never returns.
 * A child that exits with EXIT_PORT_ABSENT (lib/base/exit.h: its device
 * does not open as a terminal; it has said why) is retried every
 * BACKOFF_MAX_MS.
 */

typedef void login_serve_fn(const struct serial_console *port, int menu);

void __attribute__((noreturn)) login_supervise(const struct serial_ports *ports, int menu,
					       login_serve_fn *serve);

#endif
