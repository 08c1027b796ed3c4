# Container templates (docs/templates.md). TMPL_SRCS is the library for
# every program that unpacks templates (vzctl create).

TMPL_SRCS := lib/tmpl_tar.c lib/tmpl_path.c lib/tmpl_stream.c lib/tmpl_fs.c \
	lib/tmpl_unpack.c lib/tmpl_extract.c lib/tmpl_find.c lib/tmpl_oci.c lib/tmpl_json.c \
	lib/sha256.c lib/report.c

PROGRAMS += vztmpl-import

vztmpl-import_SRCS := tmpl/vztmpl-import.c $(TMPL_SRCS)
