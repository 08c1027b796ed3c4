# PID 1 (see docs/init.md): every C file in init/ is part of it.

PROGRAMS += init

init_SRCS := $(sort $(wildcard init/*.c))
init_USES := net node base
