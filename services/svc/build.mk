# vzsvc: the operator's view of init's services over its control socket
# (docs/init.md).

PROGRAMS += vzsvc

vzsvc_SRCS := services/svc/vzsvc.c
vzsvc_USES := node base
