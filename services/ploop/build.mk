# The ploop command (docs/ploop.md), built on lib/ploop.

PROGRAMS += ploop

ploop_SRCS := $(sort $(wildcard services/ploop/*.c))
ploop_USES := ploop base
