#ifndef VZHOST_SVCDEF_COMMAND_H
#define VZHOST_SVCDEF_COMMAND_H

#include "node/svcdef.h"

/* Splits a command= value into def->args/argc; NULL, or why it is refused. */
const char *svcdef_command_parse(struct svcdef *def, const char *value);

#endif
