# The ploop command (docs/ploop.md) and the disk library it is built on.

PROGRAMS += ploop

PLOOP_IMAGE_SRCS := lib/ploop_header.c lib/ploop_geometry.c lib/ploop_bat.c lib/ploop_image.c \
	lib/ploop_create.c lib/ploop_grow.c lib/ploop_stack.c lib/ploop_io.c lib/ploop_check.c \
	lib/ploop_dd.c lib/ploop_dd_xml.c lib/ploop_dd_format.c lib/ploop_dd_edit.c \
	lib/ploop_dd_file.c lib/file.c lib/fdio.c

PLOOP_DISK_SRCS := lib/ploop_disk_path.c lib/ploop_disk_create.c lib/ploop_disk_stack.c \
	lib/ploop_disk_fs.c lib/ploop_disk_dev.c lib/ploop_disk_mount.c lib/ploop_disk_resize.c \
	lib/ploop_disk_snapshot.c lib/ploop_disk_check.c lib/ploop_disk_info.c \
	lib/ploop_disk_compact.c lib/ploop_disk_convert.c lib/ploop_disk_copy.c \
	lib/ploop_disk_delete.c lib/dm.c lib/spawn.c lib/report.c lib/sha512.c \
	$(PLOOP_IMAGE_SRCS)

ploop_SRCS := ploop/main.c ploop/cli.c ploop/cmd_init.c ploop/cmd_mount.c ploop/cmd_info.c \
	ploop/cmd_check.c ploop/cmd_snapshot.c ploop/cmd_resize.c ploop/cmd_copy.c \
	$(PLOOP_DISK_SRCS)
