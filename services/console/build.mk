# Container consoles (docs/consoles.md): the holder, the attach command and
# the serial menu.

PROGRAMS += vzconsoled vzconsole vzmenu

vzconsoled_SRCS := services/console/vzconsoled.c services/console/holder_console.c \
	services/console/holder_conn.c services/console/holder_drain.c
vzconsoled_USES := console node base

vzconsole_SRCS := services/console/vzconsole.c
vzconsole_USES := console base

# the container rows come from lib/ct (ct/info.h), as vzlist's do
vzmenu_SRCS := services/console/vzmenu.c
vzmenu_USES := ct net ploop tmpl console conf base
