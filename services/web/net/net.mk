# The net process of vzwebd (docs/web-design.md): services/web/build.mk
# links WEB_NET_SRCS into vzwebd with the archives in WEB_NET_USES and
# MBEDTLS_LIBS. The pure parsers (services/web/http) are also what the
# unit tests and fuzzers of the HTTP layer link.

WEB_HTTP_SRCS := $(sort $(wildcard services/web/http/*.c))
WEB_NET_SRCS := $(sort $(wildcard services/web/net/*.c)) $(WEB_HTTP_SRCS)
WEB_NET_USES := tls console base
