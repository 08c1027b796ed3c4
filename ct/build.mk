# The container runtime: vzctl, its monitor vzmon, vzlist (docs/containers.md).
# Included after ploop/build.mk and console/build.mk (uses their source lists).

PROGRAMS += vzctl vzmon vzlist

# The template unpacker (tmpl/build.mk), networking (lib/ctnet.h) and the
# console holder's client (console/build.mk).
CT_TMPL_SRCS := lib/tmpl_tar.c lib/tmpl_path.c lib/tmpl_stream.c lib/tmpl_fs.c lib/tmpl_unpack.c \
	lib/tmpl_extract.c $(TMPL_REPO_SRCS)
CT_NET_SRCS := lib/ctnet.c lib/ctnet_run.c lib/ctnet_venet.c lib/ctnet_netif.c lib/ctnet_resolv.c \
	lib/ctnet_rule.c lib/rtnl_rule.c lib/rtnl_bridge.c \
	lib/rtnl_msg.c lib/rtnl_parse.c lib/rtnl_sock.c lib/rtnl_link.c lib/rtnl_addr.c \
	lib/rtnl_route.c lib/rtnl_neigh.c lib/rtnl_sysctl.c lib/netif.c

CT_LIB_SRCS := lib/ct_config.c lib/ct_lock.c lib/ct_state.c lib/ct_cgroup.c lib/ct_mount.c \
	lib/ct_limits.c lib/ct_start.c lib/ct_stop.c lib/ct_monitor.c lib/ct_ns.c lib/ct_dev.c \
	lib/ct_caps.c lib/ct_seccomp.c lib/ct_exec.c lib/ct_exec_io.c lib/fdpass.c lib/ct_create.c lib/ct_destroy.c \
	lib/ct_snapshot.c lib/ct_net.c lib/ct_wait.c lib/ct_trace.c \
	lib/vzconf.c lib/vzconf_line.c lib/vzconf_parse.c lib/vzconf_file.c lib/vzconf_lookup.c \
	lib/vzsize.c lib/vzvalue.c lib/vznet_ip.c lib/vznet_netif.c lib/vzcgroup.c lib/inet4.c \
	lib/log.c lib/file.c lib/fdio.c lib/report.c lib/hostname.c $(PLOOP_DISK_SRCS) $(CT_TMPL_SRCS) \
	$(CT_NET_SRCS) $(CONSOLE_CLIENT_SRCS)
CT_LIB_SRCS := $(sort $(CT_LIB_SRCS))

vzctl_SRCS := ct/vzctl.c ct/cmd_set.c ct/cmd_create.c ct/cmd_lifecycle.c ct/cmd_exec.c \
	ct/cmd_snapshot.c ct/cmd_onboot.c $(CT_LIB_SRCS)
# https for templates downloaded by vzctl create (vzmon and vzlist never download)
vzctl_SRCS += lib/tmpl_tls.c
vzctl_LIBS := $(SYSROOT)/lib/libmbedtls.a $(SYSROOT)/lib/libmbedx509.a $(SYSROOT)/lib/libmbedcrypto.a
vzmon_SRCS := ct/vzmon.c $(CT_LIB_SRCS)
vzlist_SRCS := ct/vzlist.c $(CT_LIB_SRCS)
