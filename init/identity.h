#ifndef VZHOST_INIT_IDENTITY_H
#define VZHOST_INIT_IDENTITY_H

/* Sets the host name and writes /etc/hostname and /etc/hosts. */
void identity_setup(const char *hostname);

#endif
