# Container consoles: the holder, the attach command and the serial menu
# (docs/consoles.md).

PROGRAMS += vzconsoled vzconsole

CONSOLE_CLIENT_SRCS := lib/console_client.c lib/console_attach.c lib/console_detach.c \
	lib/console_proto.c lib/report.c

vzconsoled_SRCS := console/vzconsoled.c console/holder_console.c console/holder_conn.c \
	lib/console_ring.c lib/console_proto.c lib/initfd.c lib/log.c lib/report.c lib/file.c lib/fdio.c \
	lib/monotime.c

vzconsole_SRCS := console/vzconsole.c $(CONSOLE_CLIENT_SRCS)

PROGRAMS += vzmenu

vzmenu_SRCS := console/vzmenu.c $(CONSOLE_CLIENT_SRCS) lib/file.c lib/fdio.c lib/vzconf.c lib/vzconf_line.c \
	lib/vzconf_parse.c lib/vzconf_file.c lib/vzconf_lookup.c
