# The container runtime's commands (docs/containers.md): vzctl, its monitor
# vzmon, vzlist. The runtime itself is lib/ct.

PROGRAMS += vzctl vzmon vzlist

CT_USES := ct net ploop tmpl console conf base

vzctl_SRCS := services/ct/vzctl.c $(sort $(wildcard services/ct/cmd_*.c))
# https for templates downloaded by vzctl create (vzmon and vzlist never download)
vzctl_USES := tls $(CT_USES)
vzctl_LIBS := $(MBEDTLS_LIBS)

vzmon_SRCS := services/ct/vzmon.c
vzmon_USES := $(CT_USES)

vzlist_SRCS := services/ct/vzlist.c
vzlist_USES := $(CT_USES)
