# vzwebd, the web UI and REST API (docs/web.md, docs/web-design.md): one
# program, priv (vzwebd.c, priv/) and the net process it executes
# (net/, http/: WEB_NET_SRCS of net/net.mk); and vzweb, its command line.

PROGRAMS += vzwebd vzweb

include services/web/net/net.mk

WEB_PRIV_SRCS := $(sort $(wildcard services/web/priv/*.c))

vzwebd_SRCS := services/web/vzwebd.c services/web/wire.c $(WEB_PRIV_SRCS) $(WEB_NET_SRCS)
vzwebd_USES := tls ct net ploop tmpl console conf node base
vzwebd_LIBS := $(MBEDTLS_LIBS)

vzweb_SRCS := services/web/vzweb.c services/web/priv/password.c
vzweb_USES := node base
