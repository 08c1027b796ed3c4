# vzhost-login: the serial console's login and its supervision of sessions
# (docs/init.md, docs/consoles.md).

PROGRAMS += vzhost-login

vzhost-login_SRCS := $(sort $(wildcard services/login/*.c))
vzhost-login_USES := node base
