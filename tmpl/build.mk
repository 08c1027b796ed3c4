# Container templates (docs/templates.md). TMPL_SRCS is the library for
# every program that unpacks templates (vzctl create).

TMPL_SRCS := lib/tmpl_tar.c lib/tmpl_path.c lib/tmpl_stream.c lib/tmpl_fs.c \
	lib/tmpl_unpack.c lib/tmpl_extract.c lib/tmpl_find.c lib/tmpl_oci.c lib/tmpl_json.c \
	lib/sha256.c lib/report.c

PROGRAMS += vztmpl-import

vztmpl-import_SRCS := tmpl/vztmpl-import.c $(TMPL_SRCS)

# vztmpl-dl: the repository client, https through the static mbedtls.
TMPL_REPO_SRCS := lib/tmpl_repo.c lib/tmpl_url.c lib/tmpl_http_parse.c lib/tmpl_conn.c \
	lib/tmpl_http_get.c lib/tmpl_dl.c lib/tmpl_find.c lib/sha256.c lib/report.c

PROGRAMS += vztmpl-dl

vztmpl-dl_SRCS := tmpl/vztmpl-dl.c lib/tmpl_tls.c $(TMPL_REPO_SRCS) lib/vzconf.c \
	lib/vzconf_line.c lib/vzconf_parse.c lib/vzconf_file.c lib/vzconf_lookup.c lib/file.c lib/fdio.c
vztmpl-dl_LIBS := $(SYSROOT)/lib/libmbedtls.a $(SYSROOT)/lib/libmbedx509.a \
	$(SYSROOT)/lib/libmbedcrypto.a

PROGRAMS += vztmpl-extract

vztmpl-extract_SRCS := tmpl/vztmpl-extract.c $(TMPL_SRCS)
