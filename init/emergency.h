#ifndef VZHOST_INIT_EMERGENCY_H
#define VZHOST_INIT_EMERGENCY_H

/*
 * Last resort when init cannot do its job: a loud message, then /bin/sh on
 * /dev/console, respawned whenever it exits, while every child is reaped.
 * PID 1 never exits. Never returns.
 */
void emergency_shell(const char *why) __attribute__((noreturn));

#endif
