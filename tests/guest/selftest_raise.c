/*
 * Linked into the kernel's cgroup selftests with -Wl,--wrap=raise (see
 * tests/system/61-cgroup-selftests.t). test_core clones children with a raw
 * clone3() and has them raise(SIGSTOP); musl's raise() signals the thread id
 * cached in the caller's thread descriptor, which in such a child is still
 * the parent's, so the parent stopped itself and the test hung. kill() with
 * getpid() (a real system call in musl) signals the caller.
 */
#include <signal.h>
#include <unistd.h>

int __wrap_raise(int sig);

int __wrap_raise(int sig)
{
	return kill(getpid(), sig);
}
