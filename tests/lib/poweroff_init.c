/*
 * A trivial PID 1 that prints one line and powers the machine off at once.
 * Used to probe whether KVM boots our kernel, and as the floor in the boot
 * time benchmark (same kernel, same QEMU command line, no userland).
 */
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "vzhost-poweroff-init: up\n";

	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		return 1;
	sync();
	reboot(RB_POWER_OFF);
	return 1;
}
