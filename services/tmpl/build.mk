# Container templates (docs/templates.md): import a tarball or OCI image,
# download from a repository (https through mbedtls), extract.

PROGRAMS += vztmpl-import vztmpl-dl vztmpl-extract

vztmpl-import_SRCS := services/tmpl/vztmpl-import.c
vztmpl-import_USES := tmpl base

vztmpl-dl_SRCS := services/tmpl/vztmpl-dl.c
vztmpl-dl_USES := tls tmpl conf base
vztmpl-dl_LIBS := $(MBEDTLS_LIBS)

vztmpl-extract_SRCS := services/tmpl/vztmpl-extract.c
vztmpl-extract_USES := tmpl base
