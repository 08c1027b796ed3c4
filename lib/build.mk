# The shared library, one archive per folder. The folders are layers: a
# folder includes only itself and the layers below it (docs/build.md).
#
#   base                       files, fds, logging, errors, hashes
#   conf  node                 OpenVZ config files; the node's own settings
#   net  ploop  tmpl  console  container networking, disk images, templates,
#                              console protocol and client
#   ct                         the container runtime
#   tls                        mbedtls glue (only programs that speak TLS)
#
# LIB_LAYERS lists them in link order: an archive before those it uses.

LIB_LAYERS := tls ct net ploop tmpl console conf node base

$(foreach l,$(LIB_LAYERS),$(eval LIB_$(l)_SRCS := $(sort $(wildcard lib/$(l)/*.c))))

# Everything but the mbedtls glue: what host unit tests and fuzzers link.
LIB_HOST := ct net ploop tmpl console conf node base

# mbedtls, built static for the node by build.sh (into MBEDTLS, a directory
# per configuration): what a user of tls links.
MBEDTLS_LIBS := $(MBEDTLS)/lib/libmbedtls.a $(MBEDTLS)/lib/libmbedx509.a \
	$(MBEDTLS)/lib/libmbedcrypto.a
