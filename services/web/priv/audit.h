#ifndef VZHOST_WEB_AUDIT_H
#define VZHOST_WEB_AUDIT_H

/*
 * The audit log: one JSON line per change, login and console attach
 *
 *   {"time": "...Z", "who": "admin", "source": "192.0.2.7", "action": "start",
 *    "ct": 101, "target": null, "result": "ok", "task": "..."}
 *
 * to syslog (LOG_AUTHPRIV) and appended to AUDIT_FILE, which is rotated to
 * AUDIT_FILE.1 when it passes AUDIT_FILE_MAX bytes.
 */

#define AUDIT_FILE "/vz/etc/web/audit.log"
#define AUDIT_FILE_MAX (1u << 20)
#define AUDIT_LINE_MAX 2048

struct audit_entry {
	const char *who, *source, *action;
	unsigned ctid;			/* 0: none */
	const char *target;		/* a template, snapshot or token name; NULL: none */
	const char *result;		/* "ok", "failed: ...", "refused: ..." */
	const char *task;		/* NULL: none */
};

void audit_log(const struct audit_entry *e);

#endif
