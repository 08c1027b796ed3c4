#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/file.h"
#include "events.h"
#include "node/ctlproto.h"
#include "nodeinfo.h"

#define SERVICES_MAX 64
#define WARNINGS_KEPT 20
#define WARNING_MAX 256

struct service_row {
	char name[SVC_NAME_MAX];
	char state[16];
	long pid, restarts, uptime;	/* -1: none */
};

static struct {
	struct service_row rows[SERVICES_MAX];
	unsigned n;
} last;

/* init's answer to "list" into reply: its length, or -1. */
static ssize_t ctl_list(char *reply, size_t size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { 1, 0 };
	ssize_t n = -1;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	strcpy(addr.sun_path, CTL_SOCKET_PATH);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0 &&
	    connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
	    send(fd, "list", 4, MSG_NOSIGNAL) == 4)
		n = recv(fd, reply, size - 1, 0);
	close(fd);
	if (n < 3 || strncmp(reply, "ok\n", 3))
		return -1;
	reply[n] = 0;
	return n;
}

static long field_num(const char *s)
{
	return strcmp(s, "-") ? strtol(s, NULL, 10) : -1;
}

/* The services as init lists them: how many, or -1. */
static int services_read(struct service_row *rows)
{
	char reply[CTL_REPLY_MAX + 1], *line, *nl, pid[24], restarts[24], up[24];
	unsigned n = 0;

	if (ctl_list(reply, sizeof reply) < 0)
		return -1;
	for (line = reply + 3; *line && n < SERVICES_MAX; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = 0;
		if (sscanf(line, "%31s %15s %23s %23s %23s", rows[n].name, rows[n].state, pid,
			   restarts, up) != 5)
			continue;
		rows[n].pid = field_num(pid);
		rows[n].restarts = field_num(restarts);
		rows[n].uptime = field_num(up);
		n++;
	}
	return (int)n;
}

static void kv_num(struct json *j, const char *key, long v)
{
	json_key(j, key);
	if (v < 0)
		json_null(j);
	else
		json_int(j, v);
}

static void service_json(struct json *j, const struct service_row *s)
{
	json_object_begin(j);
	json_kv_string(j, "name", s->name);
	json_kv_string(j, "state", s->state);
	kv_num(j, "pid", s->pid);
	kv_num(j, "restarts", s->restarts);
	kv_num(j, "uptime", s->uptime);
	json_object_end(j);
}

void nodeinfo_services_json(struct json *j)
{
	static struct service_row rows[SERVICES_MAX];
	int n = services_read(rows), i;

	json_key(j, "services");
	if (n < 0) {
		json_null(j);
		return;
	}
	json_array_begin(j, JSON_LINES);
	for (i = 0; i < n; i++)
		service_json(j, &rows[i]);
	json_array_end(j);
}

static void service_event_json(struct json *j, const void *arg)
{
	service_json(j, arg);
}

static void service_event(const struct service_row *s)
{
	events_emit_json(EVENT_SERVICE, "service", service_event_json, s);
}

void nodeinfo_services_poll(void)
{
	static struct service_row rows[SERVICES_MAX];
	int n = services_read(rows), i;
	unsigned k;

	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		for (k = 0; k < last.n && strcmp(last.rows[k].name, rows[i].name); k++)
			;
		if (k == last.n || strcmp(last.rows[k].state, rows[i].state) ||
		    last.rows[k].pid != rows[i].pid)
			service_event(&rows[i]);
	}
	memcpy(last.rows, rows, (size_t)n * sizeof rows[0]);
	last.n = (unsigned)n;
}

/* ---- recent kernel warnings (/dev/kmsg, level warning and worse) ---- */

void nodeinfo_warnings_json(struct json *j)
{
	static char kept[WARNINGS_KEPT][WARNING_MAX];
	char rec[8192], *msg;
	unsigned n = 0, i, first;
	ssize_t len;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), pri;

	json_key(j, "warnings");
	json_array_begin(j, JSON_LINES);
	if (fd < 0 || lseek(fd, 0, SEEK_DATA) < 0) {
		if (fd >= 0)
			close(fd);
		json_array_end(j);
		return;
	}
	while ((len = read(fd, rec, sizeof rec - 1)) > 0 || (len < 0 && errno == EPIPE)) {
		if (len < 0)
			continue;
		rec[len] = 0;
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%d", &pri) != 1 || (pri & 7) > 4)
			continue;
		msg[strcspn(msg, "\n")] = 0;
		snprintf(kept[n++ % WARNINGS_KEPT], WARNING_MAX, "%s", msg + 1);
	}
	close(fd);
	first = n > WARNINGS_KEPT ? n - WARNINGS_KEPT : 0;
	for (i = first; i < n; i++)
		json_string(j, kept[i % WARNINGS_KEPT]);
	json_array_end(j);
}

/* ---- memory, zram, disk ---- */

static uint64_t meminfo_kib(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key) + 1, NULL, 10) : 0;
}

void nodeinfo_memory_json(struct json *j)
{
	static char text[8192];
	uint64_t v[9] = { 0 };
	char buf[256];

	json_key(j, "memory");
	json_object_begin(j);
	if (file_read("/proc/meminfo", text, sizeof text) >= 0) {
		json_kv_uint(j, "total", meminfo_kib(text, "\nMemTotal") << 10);
		json_kv_uint(j, "available", meminfo_kib(text, "\nMemAvailable") << 10);
		json_kv_uint(j, "swap_total", meminfo_kib(text, "\nSwapTotal") << 10);
		json_kv_uint(j, "swap_free", meminfo_kib(text, "\nSwapFree") << 10);
	}
	json_object_end(j);
	json_key(j, "zram");
	if (file_read("/sys/block/zram0/mm_stat", buf, sizeof buf) < 0 ||
	    sscanf(buf, "%llu %llu %llu", (unsigned long long *)&v[0], (unsigned long long *)&v[1],
		   (unsigned long long *)&v[2]) != 3) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	if (file_read("/sys/block/zram0/disksize", buf, sizeof buf) >= 0)
		json_kv_uint(j, "size", strtoull(buf, NULL, 10));
	json_kv_uint(j, "data", v[0]);
	json_kv_uint(j, "compressed", v[1]);
	json_kv_uint(j, "memory", v[2]);
	json_object_end(j);
}

void nodeinfo_disk_json(struct json *j)
{
	struct statvfs v;

	json_key(j, "disk");
	if (statvfs("/vz", &v) < 0) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	json_kv_string(j, "path", "/vz");
	json_kv_uint(j, "size", (uint64_t)v.f_blocks * v.f_frsize);
	json_kv_uint(j, "free", (uint64_t)v.f_bavail * v.f_frsize);
	json_kv_uint(j, "used", (uint64_t)(v.f_blocks - v.f_bfree) * v.f_frsize);
	json_object_end(j);
}
