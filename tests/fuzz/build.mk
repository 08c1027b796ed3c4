# libFuzzer targets for every parser of untrusted input (tests/fuzz/fuzz.t
# runs them briefly in the suite).

FUZZERS += fuzz_cmdline fuzz_conf fuzz_svcdef

fuzz_cmdline_SRCS := tests/fuzz/fuzz_cmdline.c lib/cmdline.c lib/bootopt.c lib/report.c \
	lib/inet4.c lib/netmode.c lib/hostname.c lib/serial.c lib/devpath.c lib/zramsize.c

fuzz_conf_SRCS := tests/fuzz/fuzz_conf.c lib/conf.c lib/nodeconf.c lib/nodeconf_format.c \
	lib/crypthash.c lib/report.c lib/inet4.c lib/netmode.c lib/hostname.c lib/serial.c \
	lib/devpath.c lib/zramsize.c

fuzz_svcdef_SRCS := tests/fuzz/fuzz_svcdef.c lib/svcdef.c lib/svcdef_command.c \
	lib/svcorder.c lib/report.c lib/ctlproto.c

FUZZERS += fuzz_ploop_header

fuzz_ploop_header_SRCS := tests/fuzz/fuzz_ploop_header.c lib/ploop_header.c \
	lib/ploop_geometry.c lib/ploop_bat.c lib/ploop_image.c lib/fdio.c lib/ploop_check.c

FUZZERS += fuzz_ploop_dd

fuzz_ploop_dd_SRCS := tests/fuzz/fuzz_ploop_dd.c lib/ploop_dd.c lib/ploop_dd_xml.c \
	lib/ploop_dd_format.c lib/ploop_dd_edit.c lib/ploop_dd_file.c lib/file.c lib/fdio.c lib/ploop_geometry.c

FUZZERS += fuzz_vzconf

fuzz_vzconf_SRCS := tests/fuzz/fuzz_vzconf.c lib/vzconf.c lib/vzconf_line.c \
	lib/vzconf_parse.c lib/vzconf_file.c lib/vzconf_lookup.c lib/file.c lib/fdio.c lib/report.c \
	lib/vzsize.c lib/vzvalue.c lib/vznet_ip.c lib/vznet_netif.c lib/vzcgroup.c \
	lib/hostname.c lib/inet4.c

FUZZERS += fuzz_tmpl_tar

fuzz_tmpl_tar_SRCS := tests/fuzz/fuzz_tmpl_tar.c lib/tmpl_tar.c lib/tmpl_path.c lib/report.c

FUZZERS += fuzz_tmpl_repo

fuzz_tmpl_repo_SRCS := tests/fuzz/fuzz_tmpl_repo.c lib/tmpl_repo.c lib/tmpl_url.c \
	lib/tmpl_http_parse.c lib/tmpl_find.c lib/sha256.c lib/report.c

FUZZERS += fuzz_console_proto

fuzz_console_proto_SRCS := tests/fuzz/fuzz_console_proto.c lib/console_proto.c \
	lib/console_detach.c
