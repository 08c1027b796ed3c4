#ifndef VZHOST_HOSTNAME_H
#define VZHOST_HOSTNAME_H

#define HOSTNAME_MAX 63

/* NULL if s is one RFC 1123 label (1-63 of [A-Za-z0-9-], no edge '-'), else why not. */
const char *hostname_check(const char *s);

#endif
