#ifndef VZHOST_VZCONF_H
#define VZHOST_VZCONF_H

#include <stddef.h>

#include "base/report.h"
#include "base/shassign.h"

/*
 * OpenVZ configuration files (/etc/vz/vz.conf, /etc/vz/conf/CTID.conf):
 * KEY="value", KEY='value' or KEY=value lines, '#' comments, blank lines,
 * as vzctl reads them and as the shell sources them. A file is kept as its
 * list of lines so that load, set, save changes only the lines set or
 * unset: comments, unknown keys, key order and the bytes of every other
 * line survive. Values are one line each (vzctl reads line by line); in
 * double quotes \" \\ \$ \` are escapes; '$' is literal (see
 * vzconf_expand_veid for $VEID).
 *
 * A malformed line is reported as "NAME:LINE: cause", kept verbatim for
 * save, and otherwise ignored (its key is not visible).
 */

#define VZCONF_FILE_MAX 65536
#define VZCONF_LINE_MAX 4096	/* bytes of one line, without its newline */
#define VZCONF_LINES_MAX 4096
#define VZCONF_KEYS_MAX 512
#define VZCONF_KEY_MAX SHASSIGN_KEY_MAX	/* with the NUL */
#define VZCONF_VALUE_MAX 4096	/* with the NUL */
#define VZCONF_NAME_MAX 256

#define VZCONF_GLOBAL_PATH "/etc/vz/vz.conf"
#define VZCONF_CT_DIR "/etc/vz/conf"

struct vzconf_line {
	char *text;		/* the line as read or set, without '\n' */
	size_t len;
	size_t koff, klen;	/* the key within text; klen 0: no entry */
	size_t voff, vlen;	/* the value as written, quotes included */
	char *value;		/* entries: the value unquoted */
};

struct vzconf {
	char name[VZCONF_NAME_MAX];	/* for messages: usually the path */
	struct vzconf_line *line;
	unsigned nlines, cap, nkeys;
	int no_final_newline;
};

/* An empty configuration named name. */
void vzconf_init(struct vzconf *c, const char *name);
void vzconf_free(struct vzconf *c);

/*
 * Fills c (initialized here) from buf. Returns the number of malformed
 * lines, or -1 when the whole buffer is refused (EFBIG larger than
 * VZCONF_FILE_MAX, EINVAL NUL bytes, E2BIG too many lines or keys; ENOMEM),
 * reported with the cause; c is then empty.
 */
int vzconf_parse(struct vzconf *c, const char *name, const char *buf, size_t len,
		 const struct report *rep);
/* vzconf_parse of the file at path; -1 with errno when it cannot be read. */
int vzconf_load(struct vzconf *c, const char *path, const struct report *rep);

/* Bytes vzconf_format writes (without a NUL). */
size_t vzconf_size(const struct vzconf *c);
/* The file text into buf; returns its length, or -1 (ENOSPC) if size is short. */
int vzconf_format(const struct vzconf *c, char *buf, size_t size);
/* Atomically replaces path (mode 0644) with the file text. */
int vzconf_save(const struct vzconf *c, const char *path);

/* The value of key's last entry (the one the shell keeps), or NULL. */
const char *vzconf_get(const struct vzconf *c, const char *key);
/*
 * Sets key to value: the last entry's value is rewritten in place as
 * "value" (the rest of its line kept; earlier duplicates dropped), or a
 * KEY="value" line is appended. Setting the current value changes nothing.
 * Returns 0, or -1 reported: EINVAL bad key or a value with a newline or
 * control character, E2BIG line too long, EFBIG file too large, ENOSPC too
 * many keys or lines, ENOMEM.
 */
int vzconf_set(struct vzconf *c, const char *key, const char *value,
	       const struct report *rep);
/* Removes every entry of key; returns how many were removed. */
int vzconf_unset(struct vzconf *c, const char *key);

/* 1 if s is a key vzconf_set accepts: [A-Za-z_][A-Za-z0-9_]{0,62}. */
int vzconf_key_valid(const char *s);

/*
 * The lookup layer: a CT's value over the global vz.conf default. Either
 * config may be NULL.
 */
const char *vzconf_lookup(const struct vzconf *ct, const struct vzconf *global,
			  const char *key);
/*
 * value with each $VEID and ${VEID} replaced by ctid (as vzctl does for
 * VE_ROOT and VE_PRIVATE); other '$' text is copied. -1 (ENAMETOOLONG)
 * if out is too small.
 */
int vzconf_expand_veid(const char *value, unsigned ctid, char *out, size_t size);
/* vzconf_lookup then vzconf_expand_veid; -1 ENOENT if neither sets key. */
int vzconf_lookup_path(const struct vzconf *ct, const struct vzconf *global, const char *key,
		       unsigned ctid, char *out, size_t size);
/* "/etc/vz/conf/CTID.conf" */
int vzconf_ct_path(unsigned ctid, char *out, size_t size);
/*
 * "/etc/vz/conf/ve-NAME.conf-sample" for vzctl create --config NAME or
 * CONFIGFILE; -1 EINVAL when NAME is not [A-Za-z0-9._-]{1,64} not starting
 * with '.' or '-'.
 */
int vzconf_sample_path(const char *name, char *out, size_t size);

#endif
