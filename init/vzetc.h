#ifndef VZHOST_INIT_VZETC_H
#define VZHOST_INIT_VZETC_H

#include "storage.h"

/* /etc/vz on the data disk (docs/init.md, "Container configuration"). */
void vzetc_setup(const struct storage *st);

#endif
