# Host unit tests (TAP); each runs under ASan and UBSan.

TESTS += test_cmdline test_conf test_svcdef test_blkprobe test_backoff test_shadow \
	test_sha512crypt

test_cmdline_SRCS := tests/unit/test_cmdline.c lib/cmdline.c lib/bootopt.c lib/report.c \
	lib/inet4.c lib/netmode.c lib/hostname.c lib/serial.c lib/devpath.c lib/zramsize.c

test_conf_SRCS := tests/unit/test_conf.c lib/conf.c lib/nodeconf.c lib/nodeconf_format.c \
	lib/nodesettings.c lib/report.c lib/inet4.c lib/netmode.c lib/hostname.c lib/serial.c \
	lib/crypthash.c lib/devpath.c lib/zramsize.c

test_svcdef_SRCS := tests/unit/test_svcdef.c lib/svcdef.c lib/svcdef_command.c \
	lib/svcorder.c lib/report.c lib/ctlproto.c

test_blkprobe_SRCS := tests/unit/test_blkprobe.c lib/blkprobe.c

test_backoff_SRCS := tests/unit/test_backoff.c lib/backoff.c

TESTS += test_login_supervise
test_login_supervise_SRCS := tests/unit/test_login_supervise.c init/login_supervise.c \
	lib/backoff.c lib/monotime.c lib/log.c lib/report.c

test_shadow_SRCS := tests/unit/test_shadow.c lib/shadow.c lib/file.c lib/fdio.c

test_sha512crypt_SRCS := tests/unit/test_sha512crypt.c lib/sha512.c lib/sha512crypt.c

PLOOP_SRCS := lib/ploop_header.c lib/ploop_geometry.c lib/ploop_bat.c lib/ploop_image.c lib/fdio.c \
	lib/ploop_create.c lib/ploop_grow.c lib/ploop_stack.c lib/ploop_io.c lib/ploop_check.c

TESTS += test_ploop_header test_ploop_io test_ploop_check

test_ploop_header_SRCS := tests/unit/test_ploop_header.c $(PLOOP_SRCS)
test_ploop_io_SRCS := tests/unit/test_ploop_io.c $(PLOOP_SRCS)
test_ploop_check_SRCS := tests/unit/test_ploop_check.c $(PLOOP_SRCS)

TESTS += test_ploop_dd

test_ploop_dd_SRCS := tests/unit/test_ploop_dd.c lib/ploop_dd.c lib/ploop_dd_xml.c \
	lib/ploop_dd_format.c lib/ploop_dd_edit.c lib/ploop_dd_file.c lib/file.c lib/fdio.c lib/ploop_geometry.c

VZCONF_SRCS := lib/vzconf.c lib/vzconf_line.c lib/vzconf_parse.c lib/vzconf_file.c \
	lib/vzconf_lookup.c lib/file.c lib/fdio.c lib/report.c
VZVALUE_SRCS := lib/vzsize.c lib/vzvalue.c lib/vznet_ip.c lib/vznet_netif.c lib/vzcgroup.c \
	lib/hostname.c lib/inet4.c

TESTS += test_vzconf test_vzvalue

test_vzconf_SRCS := tests/unit/test_vzconf.c $(VZCONF_SRCS) $(VZVALUE_SRCS)
test_vzvalue_SRCS := tests/unit/test_vzvalue.c $(VZVALUE_SRCS)

# The ploop disk library and the ploop command (host build of ploop/build.mk's program).
TESTS += test_ploop_disk

test_ploop_disk_SRCS := tests/unit/test_ploop_disk.c $(PLOOP_DISK_SRCS)

$(O)/bin/ploop_cli.t: tests/unit/ploop_cli.t $(O)/bin/ploop
	@mkdir -p $(@D)
	cp $< $@ && chmod 0755 $@

tests: $(O)/bin/ploop_cli.t

# Consoles (docs/consoles.md).
TESTS += test_console_ring test_console_detach test_console_proto

test_console_ring_SRCS := tests/unit/test_console_ring.c lib/console_ring.c
test_console_detach_SRCS := tests/unit/test_console_detach.c lib/console_detach.c
test_console_proto_SRCS := tests/unit/test_console_proto.c lib/console_proto.c

TESTS += test_console_conn

test_console_conn_SRCS := tests/unit/test_console_conn.c console/holder_conn.c lib/console_ring.c \
	lib/console_proto.c lib/file.c lib/fdio.c lib/monotime.c

TESTS += test_console_drain

test_console_drain_SRCS := tests/unit/test_console_drain.c console/holder_console.c \
	console/holder_conn.c lib/console_ring.c lib/console_proto.c lib/initfd.c lib/file.c \
	lib/fdio.c lib/monotime.c

TMPL_EXTRACT_SRCS := lib/tmpl_tar.c lib/tmpl_path.c lib/tmpl_stream.c lib/tmpl_fs.c \
	lib/tmpl_unpack.c lib/tmpl_extract.c lib/tmpl_find.c lib/report.c

TESTS += test_tmpl

test_tmpl_SRCS := tests/unit/test_tmpl.c $(TMPL_EXTRACT_SRCS)

# rtnetlink requests and replies (lib/rtnl*.c; the sockets are exercised in
# tests/system/73-ct-net.t).
TESTS += test_rtnl

test_rtnl_SRCS := tests/unit/test_rtnl.c lib/rtnl_msg.c lib/rtnl_parse.c lib/rtnl_link.c \
	lib/rtnl_rule.c lib/rtnl_bridge.c lib/rtnl_sock.c

TESTS += test_tmpl_oci

test_tmpl_oci_SRCS := tests/unit/test_tmpl_oci.c lib/tmpl_oci.c lib/tmpl_json.c lib/sha256.c \
	$(TMPL_EXTRACT_SRCS)

# The template repository client (vztmpl-dl) without TLS.
TESTS += test_tmpl_repo

test_tmpl_repo_SRCS := tests/unit/test_tmpl_repo.c $(TMPL_REPO_SRCS)

# vzctl create's download of a missing template: once, under the cache's lock.
TESTS += test_tmpl_fetch

test_tmpl_fetch_SRCS := tests/unit/test_tmpl_fetch.c $(TMPL_REPO_SRCS)

# SHA-256 (templates: repository downloads, OCI blobs).
TESTS += test_sha256

test_sha256_SRCS := tests/unit/test_sha256.c lib/sha256.c

# vzctl set/create options (ct/cmd_set.c) on an in-memory config.
TESTS += test_ct_set
test_ct_set_SRCS := tests/unit/test_ct_set.c ct/cmd_set.c lib/ct_config.c lib/ct_lock.c lib/ct_state.c \
	lib/ct_cgroup.c lib/ct_limits.c lib/ct_net.c lib/vzconf.c lib/vzconf_line.c \
	lib/vzconf_parse.c lib/vzconf_file.c lib/vzconf_lookup.c lib/vzsize.c lib/vzvalue.c \
	lib/vznet_ip.c lib/vznet_netif.c lib/vzcgroup.c lib/inet4.c lib/hostname.c lib/file.c lib/fdio.c \
	lib/report.c $(PLOOP_DISK_SRCS) $(CT_NET_SRCS)
