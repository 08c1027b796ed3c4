#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf/vzconf.h"

const char *vzconf_lookup(const struct vzconf *ct, const struct vzconf *global,
			  const char *key)
{
	const char *v = ct ? vzconf_get(ct, key) : NULL;

	return v || !global ? v : vzconf_get(global, key);
}

/* Length of a $VEID or ${VEID} reference at s, or 0. */
static size_t veid_ref(const char *s)
{
	if (!strncmp(s, "${VEID}", 7))
		return 7;
	if (!strncmp(s, "$VEID", 5) && !shassign_key_char(s[5], 0))
		return 5;
	return 0;
}

int vzconf_expand_veid(const char *value, unsigned ctid, char *out, size_t size)
{
	char id[16];
	size_t n = 0, ref, idlen = (size_t)snprintf(id, sizeof id, "%u", ctid);

	for (; *value; value++) {
		ref = veid_ref(value);
		if (ref && n + idlen < size) {
			memcpy(out + n, id, idlen);
			n += idlen;
			value += ref - 1;
		} else if (!ref && n + 1 < size) {
			out[n++] = *value;
		} else {
			errno = ENAMETOOLONG;
			return -1;
		}
	}
	if (!size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	out[n] = 0;
	return 0;
}

int vzconf_lookup_path(const struct vzconf *ct, const struct vzconf *global, const char *key,
		       unsigned ctid, char *out, size_t size)
{
	const char *v = vzconf_lookup(ct, global, key);

	if (!v) {
		errno = ENOENT;
		return -1;
	}
	return vzconf_expand_veid(v, ctid, out, size);
}

static int path_print(char *out, size_t size, int n)
{
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int vzconf_ct_path(unsigned ctid, char *out, size_t size)
{
	return path_print(out, size, snprintf(out, size, VZCONF_CT_DIR "/%u.conf", ctid));
}

int vzconf_sample_path(const char *name, char *out, size_t size)
{
	size_t i, len = strlen(name);

	for (i = 0; i < len; i++)
		if (!shassign_key_char(name[i], 0) && name[i] != '.' && name[i] != '-')
			break;
	if (i < len || len == 0 || len > 64 || name[0] == '.' || name[0] == '-') {
		errno = EINVAL;
		return -1;
	}
	return path_print(out, size, snprintf(out, size, VZCONF_CT_DIR "/ve-%s.conf-sample", name));
}
