# vzhost's own C programs and their unit tests. build.sh drives this file:
#
#   target (static, musl):  make O=out/BOARD/build CC=musl-gcc TARGET=1 \
#                                CONFIG_H=out/BOARD/config.h SYSROOT=... MBEDTLS=... programs
#   host unit tests:        make O=out/host CONFIG_H=... tests
#   fuzz targets:           make O=out/fuzz CC=clang FUZZ=1 CONFIG_H=... fuzz
#
# One rule set for every program: a program NAME lists its sources in
# NAME_SRCS; objects land under $(O)/obj with dependency files, so changing
# one C file rebuilds only what depends on it.

O        ?= out/host
CC       ?= cc
CONFIG_H ?= $(O)/config.h
SYSROOT  ?=
MBEDTLS  ?=

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wformat-security \
            -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wwrite-strings \
            -Wno-unused-parameter
CPPFLAGS := -D_GNU_SOURCE -Ilib -include $(CONFIG_H)
CFLAGS   := -std=c11 $(WARNINGS) -g

ifeq ($(TARGET),1)
# Static musl binaries for the node. musl has no _FORTIFY_SOURCE; it does
# provide SSP, and the linker hardening flags apply to static binaries too.
# mbedtls's headers by -I: they must come before any in the sysroot, which
# the musl-cc wrapper puts first among the -isystem directories.
CPPFLAGS += $(if $(MBEDTLS),-I$(MBEDTLS)/include) $(if $(SYSROOT),-isystem $(SYSROOT)/include)
CFLAGS   += -Os -fstack-protector-strong -fstack-clash-protection \
            -fcf-protection -ffunction-sections -fdata-sections
LDFLAGS  := -static -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,-z,noexecstack
else ifeq ($(FUZZ),1)
# libFuzzer targets (clang): parsers of untrusted input under ASan and UBSan.
CFLAGS   += -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
LDFLAGS  := -fsanitize=fuzzer,address,undefined
else
# Host build for unit tests: the same code under ASan and UBSan.
CFLAGS   += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=all
LDFLAGS  := -fsanitize=address,undefined
endif

# ---- the shared library: one archive per lib/ folder ------------------------
include lib/build.mk

# ---- programs installed in the node image --------------------------------
include init/build.mk
include services/login/build.mk
include services/svc/build.mk
include services/tmpl/build.mk
include services/console/build.mk
include services/ploop/build.mk
include services/ct/build.mk
include services/web/build.mk
PROGRAMS := $(sort $(PROGRAMS))

# ---- unit tests (host) ---------------------------------------------------
include tests/unit/build.mk
TESTS := $(sort $(TESTS))

# ---- fuzz targets (host, clang, FUZZ=1) ----------------------------------
include tests/fuzz/build.mk
FUZZERS := $(sort $(FUZZERS))

# ---- test tools run inside the booted guest (TARGET=1, not installed) -----
include tests/guest/build.mk
GUEST_TOOLS := $(sort $(GUEST_TOOLS))

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))

# A program links its own sources and the archives it names in NAME_USES,
# in layer order (lib/build.mk), then NAME_LIBS (outside libraries).
archives = $(foreach l,$(LIB_LAYERS),$(if $(filter $(l),$(1)),$(O)/lib/lib$(l).a))

define archive_rule
$(O)/lib/lib$(1).a: $(call obj,$(LIB_$(1)_SRCS))
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach l,$(LIB_LAYERS),$(eval $(call archive_rule,$(l))))

# Guest tools land apart from the programs, so the image never carries them.
define program_rule
$(O)/$(2)/$(1): $(call obj,$($(1)_SRCS)) $(call archives,$($(1)_USES)) $(filter %.a,$($(1)_LIBS))
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$($(1)_LIBS)
endef
$(foreach p,$(PROGRAMS) $(TESTS) $(FUZZERS),$(eval $(call program_rule,$(p),bin)))
$(foreach p,$(GUEST_TOOLS),$(eval $(call program_rule,$(p),guest-bin)))

# Objects are rebuilt when the compiler or its flags change (MBEDTLS among
# them: a new mbedtls configuration is a new directory).
FLAGS_STAMP := $(O)/obj/flags
FLAGS_TEXT := $(CC) $(CPPFLAGS) $(CFLAGS)
$(shell mkdir -p $(O)/obj && echo '$(FLAGS_TEXT)' | cmp -s - $(FLAGS_STAMP) || \
	echo '$(FLAGS_TEXT)' >$(FLAGS_STAMP))

$(O)/obj/%.o: %.c $(CONFIG_H) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

programs: $(addprefix $(O)/bin/,$(PROGRAMS))
tests: $(addprefix $(O)/bin/,$(TESTS))
fuzz: $(addprefix $(O)/bin/,$(FUZZERS))
guest-tools: $(addprefix $(O)/guest-bin/,$(GUEST_TOOLS))

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)

.PHONY: programs tests fuzz guest-tools
.DEFAULT_GOAL := programs
