# libFuzzer targets for every parser of untrusted input (tests/fuzz/fuzz.t
# runs them briefly in the suite), each tests/fuzz/fuzz_NAME.c.

FUZZERS += $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
$(foreach t,$(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c)),\
	$(eval $(t)_SRCS := tests/fuzz/$(t).c)$(eval $(t)_USES := $(LIB_HOST)))

fuzz_cmdline_SRCS += init/cmdline.c init/bootopt.c
fuzz_svcdef_SRCS += init/svcorder.c
fuzz_web_wire_SRCS += services/web/wire.c
fuzz_web_head_SRCS += $(WEB_HTTP_SRCS)
fuzz_web_chunked_SRCS += $(WEB_HTTP_SRCS)
fuzz_web_ws_SRCS += $(WEB_HTTP_SRCS)
