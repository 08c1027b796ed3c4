#ifndef VZHOST_DEVPATH_H
#define VZHOST_DEVPATH_H

#define DEVPATH_MAX 64

/* NULL if s looks like a device node path "/dev/NAME", else why not. */
const char *devpath_check(const char *s);

#endif
