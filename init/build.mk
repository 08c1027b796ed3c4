# PID 1 and its companion commands (see docs/init.md).

PROGRAMS += init vzsvc vzhost-login

init_SRCS := init/main.c init/rootmove.c init/mounts.c init/cgroup.c init/settings.c init/storage.c \
	init/seed.c init/format.c init/datadisk.c init/provision.c init/rootpw.c \
	init/identity.c init/network.c init/services.c init/supervise.c init/svcexec.c \
	init/svclog.c init/control.c init/control_reply.c init/control_fdstore.c init/fdstore.c init/reap.c init/loop.c \
	init/shutdown.c init/unmount.c init/emergency.c init/swap.c init/vzetc.c \
	lib/log.c lib/report.c lib/monotime.c lib/file.c lib/cmdline.c lib/bootopt.c \
	lib/conf.c lib/nodeconf.c lib/nodeconf_format.c lib/nodesettings.c lib/inet4.c \
	lib/netmode.c lib/hostname.c lib/serial.c lib/crypthash.c lib/devpath.c lib/blkprobe.c \
	lib/blkdev.c lib/fdio.c lib/shadow.c lib/netif.c lib/spawn.c lib/svcdef.c lib/svcdef_command.c \
	lib/svcorder.c lib/backoff.c lib/ctlproto.c lib/zramsize.c

vzsvc_SRCS := init/vzsvc.c lib/ctlproto.c lib/svcdef.c lib/svcdef_command.c lib/report.c

vzhost-login_SRCS := init/vzhost-login.c init/login_supervise.c init/tty.c init/pwhash.c \
	lib/log.c lib/report.c lib/backoff.c lib/monotime.c \
	lib/file.c lib/fdio.c lib/serial.c lib/shadow.c lib/sha512.c lib/sha512crypt.c
