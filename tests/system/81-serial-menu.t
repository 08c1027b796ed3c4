#!/usr/bin/env bash
# The serial console service and menu (docs/consoles.md), driven through
# QEMU's serial ports like an operator at a terminal. First boot, two ports
# (SERIAL_CONSOLE="ttyS0,115200 ttyS1"): on ttyS0 root logs in and gets the
# menu, creates and starts a real busybox container from the host shell,
# sees it listed with state, host name and IP, types a command ahead of
# the host shell and sees it run, attaches, logs in at the
# container's getty, runs a command and sees its output, Esc then .
# back to the menu, a service failure on the status line, line noise,
# refresh, logout. ttyS1 has its own login and menu, comes back after a
# hangup and after its getty is killed. Second boot with vzhost.menu=no and
# a port without a UART: root gets a plain shell, vzmenu works as a command,
# the missing port is reported and ttyS0 still works, also when the console
# service's settings file is garbled. Third boot without a root password:
# both ports ask; the first answer wins.
. "$(dirname "$0")/../lib/vm.sh"
vm_init serial-menu
PASS=$(openssl rand -hex 8)
CTPASS=ct-$(openssl rand -hex 4)

ms_since() { echo $(((${EPOCHREALTIME//[.,]/} - ${1//[.,]/}) / 1000)); }

menu_login() { # on the current port: log in as root, expect the menu
	vm_send '' && vm_expect ' login: ' 120 && vm_send root && vm_expect 'Password: ' 30 &&
		vm_send "$PASS" && vm_expect 'containers ==' 60 && vm_expect 'vzmenu> ' 10
}

vm_blank_disk "$VM_DIR/data.img" 2G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" \
	'SERIAL_CONSOLE="ttyS0,115200 ttyS1"'
vm_port_add port2
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"

vm_expect ' login: ' 240 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS"
vm_expect 'containers ==' 30 && vm_expect 'vzmenu> ' 10
ok $? "root's login on ttyS0 opens the console menu"
like "$(tail -c 3000 "$VM_LOG" | tr -d '\r')" '\(no containers in /etc/vz/conf\)' \
	"no containers yet, and the menu says so"

vm_send s
vm_expect '# ' 30
ok $? "s: a host shell"
vm_send "vzctl create 101 --ostemplate busybox --layout simfs --hostname web1 >/dev/null && vzctl set 101 --ipadd 10.1.2.3 --save >/dev/null && vzctl start 101 --wait >/dev/null && vzctl exec 101 'echo root:$CTPASS | chpasswd' >/dev/null 2>&1 && echo CT-STARTED-\$((40+2))"
vm_expect '^CT-STARTED-42' 240
ok $? "a busybox container 101 created from the built-in template and started"
vm_send 'exit'
vm_expect 'vzmenu> ' 30
ok $? "leaving the host shell returns to the menu"
printf '%s\n' "$(tail -c 2000 "$VM_LOG" | tr -d '\r')" | grep -Eq '^ +1 +101 +running +web1 +10\.1\.2\.3$'
ok $? "the menu lists container 101: running, host name, IP"

# s and the next command typed at once, before the host shell is up
vm_send s
vm_send 'echo TYPED-$((40+3))'
vm_expect '^TYPED-43' 30
ok $? "s: a command typed ahead of the host shell reaches it"
vm_send 'exit'
vm_expect 'vzmenu> ' 30

t0=$EPOCHREALTIME
vm_send 1
vm_expect 'attached to the console of CT 101' 30
ok $? "1: attaches to the console of container 101"
diag "menu choice to attached: $(ms_since "$t0") ms"
vm_send ''
vm_expect 'web1 login: ' 60 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$CTPASS"
ok $? "the container's getty on its console: root logs in"
vm_send 'echo IN-CT-$((6 * 7)); hostname'
vm_expect '^IN-CT-42' 60 && vm_expect '^web1$' 10
ok $? "a command run inside the container: its output, and the container's host name"
printf '\033.' >&"$VM_IN"
vm_expect '\[detached\]' 30 && vm_expect 'vzmenu> ' 10
ok $? "Esc then . returns to the menu"

vm_send 's'
vm_expect '# ' 30
vm_send "dmesg | grep -c 'console 101: attach read-write by uid 0 .*(vzmenu) /dev/ttyS0' | sed 's/^/ATTACHES=/'"
vm_expect 'ATTACHES=1' 30
ok $? "the attach is logged with who, which container and the line"
vm_send 'kill -9 $(pidof syslogd) && echo KILLED'
vm_expect '^KILLED' 30
vm_send 'exit'
vm_expect 'vzmenu> ' 30
printf '%s\n' "$(tail -c 1500 "$VM_LOG" | tr -d '\r')" |
	grep -Eq '^  last warning: \[[0-9]+s\] init: service syslogd: killed by signal 9'
ok $? "a service failure shows on the menu's status line"
vm_send 'w'
vm_expect '== last [0-9]+ warnings and errors of the kernel log' 10 &&
	vm_expect 'init: service syslogd: killed by signal 9' 10 && vm_expect 'vzmenu> ' 10
ok $? "w lists the recent warnings, the service failure among them"

vm_send 'bogus'
vm_expect 'type a number from the list' 10
ok $? "unknown input gets a one-line hint"
printf '\001\002\033[A\r' >&"$VM_IN"
vm_expect 'not understood' 10
ok $? "control characters (line noise) get a hint"
printf '\004' >&"$VM_IN"
vm_expect 'not understood' 10 && vm_expect 'vzmenu> ' 10
ok $? "a ^D (end of input on a live line) is not taken for a logout"
vm_send "$(head -c 300 /dev/zero | tr '\0' 7)"
vm_expect 'not understood' 10 && vm_expect 'vzmenu> ' 10
ok $? "an overlong line is dropped with a hint"
vm_send '   '
vm_send '  r  '
vm_expect 'containers ==' 10 && vm_expect 'vzmenu> ' 10
ok $? "blanks around a choice are ignored: r redraws"
! vm_tail | grep -q 'attached to the console'
ok $? "none of the noise attached to a container"

t0=$EPOCHREALTIME
vm_send 'q'
vm_expect ' login: ' 60
ok $? "q logs out, and ttyS0 gets a new login"
diag "logout to the next login prompt: $(ms_since "$t0") ms"

vm_port port2
menu_login
ok $? "ttyS1 has its own login, and root's login there opens the menu"
printf '%s\n' "$(tail -c 2000 "$VM_LOG" | tr -d '\r')" | grep -Eq '^ +1 +101 +running +web1 +10\.1\.2\.3$'
ok $? "the menu on ttyS1 lists container 101"
vm_send s && vm_expect '# ' 30 && vm_send 'tty' && vm_expect '^/dev/ttyS1' 10
ok $? "its host shell runs on /dev/ttyS1"
vm_send 'exit' && vm_expect 'vzmenu> ' 30

vm_port console
vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS" && vm_expect 'vzmenu> ' 30 &&
	vm_send s && vm_expect '# ' 30
ok $? "back on ttyS0: the host shell"
# A hangup of ttyS1 (carrier lost on a real line): the session gets SIGHUP.
t0=$EPOCHREALTIME
vm_send "for p in /proc/[0-9]*; do [ \"\$(readlink \$p/fd/0)\" = /dev/ttyS1 ] && [ \"\$(cat \$p/comm)\" = vzmenu ] && kill -HUP \${p#/proc/} && echo HUP-SENT; done"
vm_expect '^HUP-SENT' 30
vm_port port2
vm_expect ' login: ' 60
ok $? "after a hangup ttyS1 gets a new login"
diag "hangup signal sent to the next login prompt: $(ms_since "$t0") ms"
vm_port console
vm_send "for p in /proc/[0-9]*; do [ \"\$(readlink \$p/fd/0)\" = /dev/ttyS1 ] && [ \"\$(cat \$p/comm)\" = getty ] && kill -9 \${p#/proc/} && echo KILL-SENT; done"
vm_expect '^KILL-SENT' 30
vm_port port2
vm_expect ' login: ' 60
ok $? "a getty killed on ttyS1 is replaced"
vm_port console
vm_send "for i in 1 2 3 4 5 6 7 8 9 10; do n=0; for p in /proc/[0-9]*; do [ \"\$(readlink \$p/fd/0)\" = /dev/ttyS1 ] && [ \"\$(cat \$p/comm)\" = getty ] && n=\$((n+1)); done; [ \$n = 1 ] && break; sleep 1; done; echo GETTYS=\$n; stty -F /dev/ttyS1 | head -1; ps -o pid,ppid,comm,args | grep -E 'getty|login|vzmenu'"
vm_expect '^GETTYS=1' 40 && vm_expect '^speed 115200 baud' 10
ok $? "one getty on ttyS1 after the restarts, at 115200 (the first port's speed)"
vm_send 'vzctl stop 101 >/dev/null; poweroff'
vm_wait_exit 180
ok $? "poweroff"

# --- second boot: menu off, a port without a UART, a bad console list --------
vm_boot "$VM_DIR/data.img" "" "vzhost.menu=no vzhost.console=ttyS0,ttyS2 vzhost.console=ttyS0,ttyQ7,ttyS0"
vm_expect ' login: ' 240 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS"
vm_expect '# ' 30
ok $? "vzhost.menu=no: root's login on ttyS0 gets a shell"
! vm_tail | grep -q 'vzmenu> '
ok $? "and no menu"
vm_send "cat /run/vzhost/console | tr '\\n' ' ' | sed 's/^/PUBLISHED=/;s/\$/=END/'"
vm_expect 'PUBLISHED=menu no port ttyS0 115200 port ttyS2 115200 =END' 30
ok $? "the command line's ports and menu setting win over the persisted configuration"
boot_log=$(tr -d '\r' <"$VM_LOG")
like "$boot_log" 'init: cmdline: vzhost.console=ttyS0,ttyQ7,ttyS0: ttyQ7: expected ttyS<n>, ttyUSB<n>, ttyAMA<n>, hvc<n> or tty<n> as device; ignored' \
	"a bad console list is reported naming the setting, the value and the bad word, and ignored"
vm_send "sleep 3; dmesg | grep -c 'vzhost-login: console ttyS2: /dev/ttyS2: no UART at this port; retrying every 60 s' | sed 's/^/MISSING=/'"
vm_expect 'MISSING=[1-9]' 30
ok $? "the port without a UART is reported, naming it"
vm_send 'vzmenu'
vm_expect 'containers ==' 30 && vm_expect 'vzmenu> ' 10
ok $? "vzmenu works as a command in a host shell"
printf '%s\n' "$(tail -c 2000 "$VM_LOG" | tr -d '\r')" | grep -Eq '^ +1 +101 +stopped +web1 +10\.1\.2\.3$'
ok $? "it lists container 101, stopped"
vm_send 'q'
vm_send 'echo BACK-IN-SHELL'
vm_expect '^BACK-IN-SHELL' 30
ok $? "q returns to the shell"
vm_send 'echo "port /dev/ttyS0 9600" >/run/vzhost/console; vzsvc restart console'
vm_expect ' login: ' 60 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS" &&
	vm_expect 'vzmenu> ' 30
ok $? "with its settings file garbled, a restarted console service still serves ttyS0"
vm_send s && vm_expect '# ' 30
vm_send "dmesg | grep -c 'console: serving the default port ttyS0 with the menu on' | sed 's/^/FALLBACK=/'"
vm_expect 'FALLBACK=1' 30
ok $? "and says so"
vm_send 'poweroff'
vm_wait_exit 180
ok $? "poweroff"

# --- third boot: no root password yet, two ports ask at once --------------------
PASS2="first-$(openssl rand -hex 6)"
vm_boot "" "" "vzhost.ramonly=1 vzhost.console=ttyS0,ttyS1"
vm_expect 'New root password: ' 240
vm_port port2
vm_expect 'New root password: ' 60
ok $? "without a root password both ports ask for one"
vm_port console
vm_send "$PASS2" && vm_expect 'Retype new root password: ' 30 && vm_send "$PASS2" &&
	vm_expect 'root password set' 30
ok $? "set on ttyS0"
vm_port port2
vm_send 'other-pass-1' && vm_expect 'Retype new root password: ' 30 && vm_send 'other-pass-1' &&
	vm_expect 'root password was set on another console meanwhile; not changed' 30
ok $? "the prompt still open on ttyS1 does not overwrite it"
vm_expect ' login: ' 30 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS2" &&
	vm_expect 'vzmenu> ' 30
ok $? "the password set on ttyS0 logs in on ttyS1"
vm_kill
done_testing
