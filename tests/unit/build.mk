# Host unit tests (TAP), each tests/unit/test_NAME.c a program that runs
# under ASan and UBSan. They link the host archives of lib/ (everything but
# the mbedtls glue); a test of a program's own files names them here.

TESTS += $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
$(foreach t,$(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c)),\
	$(eval $(t)_SRCS := tests/unit/$(t).c)$(eval $(t)_USES := $(LIB_HOST)))

test_cmdline_SRCS += init/cmdline.c init/bootopt.c
test_svcdef_SRCS += init/svcorder.c
test_blkprobe_SRCS += init/blkprobe.c
test_login_supervise_SRCS += services/login/login_supervise.c
test_console_conn_SRCS += services/console/holder_conn.c
test_console_drain_SRCS += services/console/holder_console.c services/console/holder_conn.c \
	services/console/holder_drain.c

# The ploop command's behaviour (host build of services/ploop).
$(O)/bin/ploop_cli.t: tests/unit/ploop_cli.t $(O)/bin/ploop
	@mkdir -p $(@D)
	cp $< $@ && chmod 0755 $@

tests: $(O)/bin/ploop_cli.t

test_web_wire_SRCS += services/web/wire.c
test_web_http_SRCS += $(WEB_HTTP_SRCS)
test_web_ws_SRCS += $(WEB_HTTP_SRCS)
test_web_peer_SRCS += $(WEB_HTTP_SRCS)
test_web_auth_SRCS += $(addprefix services/web/priv/,cookie.c session.c token.c ratelimit.c secret.c route.c)
test_web_ctopts_SRCS += services/web/priv/ctopts.c
