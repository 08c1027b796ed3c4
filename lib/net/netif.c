#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/file.h"
#include "base/inet4.h"
#include "net/netif.h"

static int netif_ioctl(unsigned long req, void *arg)
{
	int fd, r, saved;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	r = ioctl(fd, req, arg);
	saved = errno;
	close(fd);
	errno = saved;
	return r;
}

static int ifreq_init(struct ifreq *ifr, const char *ifname)
{
	memset(ifr, 0, sizeof *ifr);
	if (strlen(ifname) >= sizeof ifr->ifr_name) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(ifr->ifr_name, ifname);
	return 0;
}

int netif_up(const char *ifname)
{
	struct ifreq ifr;

	if (ifreq_init(&ifr, ifname) < 0 || netif_ioctl(SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return netif_ioctl(SIOCSIFFLAGS, &ifr);
}

static void sockaddr_set(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof sin);
}

int netif_set_ipv4(const char *ifname, uint32_t addr, unsigned prefix)
{
	struct ifreq ifr;

	if (ifreq_init(&ifr, ifname) < 0)
		return -1;
	sockaddr_set(&ifr.ifr_addr, addr);
	if (netif_ioctl(SIOCSIFADDR, &ifr) < 0)
		return -1;
	sockaddr_set(&ifr.ifr_netmask, inet4_netmask(prefix));
	return netif_ioctl(SIOCSIFNETMASK, &ifr);
}

int netif_add_default_route(const char *ifname, uint32_t gw)
{
	char dev[IFNAMSIZ];
	struct rtentry rt;

	if (strlen(ifname) >= sizeof dev) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(dev, ifname);
	memset(&rt, 0, sizeof rt);
	sockaddr_set(&rt.rt_dst, 0);
	sockaddr_set(&rt.rt_genmask, 0);
	sockaddr_set(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = dev;
	return netif_ioctl(SIOCADDRT, &rt);
}

static int netif_is_ethernet(const char *name)
{
	char path[96], type[16];

	if (snprintf(path, sizeof path, "/sys/class/net/%s/type", name) >= (int)sizeof path ||
	    file_read(path, type, sizeof type) < 0 || atoi(type) != 1)
		return 0;
	if (snprintf(path, sizeof path, "/sys/class/net/%s/device", name) >= (int)sizeof path)
		return 0;
	return access(path, F_OK) == 0;
}

static int netif_wanted(const struct dirent *d)
{
	return d->d_name[0] != '.' && strnlen(d->d_name, IFNAMSIZ) < IFNAMSIZ &&
	       netif_is_ethernet(d->d_name);
}

int netif_find_ethernet(char *name, size_t size)
{
	struct dirent **names;
	int count, i, found = -1;

	count = scandir("/sys/class/net", &names, netif_wanted, alphasort);
	if (count < 0)
		return -1;
	if (count > 0 && strlen(names[0]->d_name) < size) {
		strcpy(name, names[0]->d_name);
		found = 0;
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	if (found < 0)
		errno = ENODEV;
	return found;
}
