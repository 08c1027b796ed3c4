#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/file.h"
#include "../wire.h"
#include "clock.h"
#include "events.h"
#include "ct/ct.h"
#include "stats.h"

struct stats_ring {
	struct stats_point fine[STATS_FINE_N];
	struct stats_point coarse[STATS_COARSE_N];
	unsigned nfine, ncoarse;	/* samples ever taken into each */
};

struct stats_ct {
	unsigned ctid;			/* 0: free */
	struct stats_ring *ring;
	uint64_t cpu_usec, rx_bytes, tx_bytes, rx_packets, tx_packets;	/* at the last sample */
	int64_t at_ms;			/* when that was; 0: never */
	uint32_t cpu, disk_mib, disk_size_mib;	/* latest */
	int seen;			/* exists in this round */
};

static struct {
	struct stats_ring node;
	uint64_t cpu_total, cpu_idle;
	uint64_t node_rx, node_tx, node_rxp, node_txp;
	int64_t node_at;
	struct stats_ct ct[STATS_CTS_MAX];
} st;

/* ---- reading the counters ---- */

static uint64_t read_u64(const char *path)
{
	char buf[64];

	if (file_read(path, buf, sizeof buf) < 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

/* The value after "key " in a "key value" file (cpu.stat, meminfo). */
static uint64_t keyed_u64(const char *text, const char *key)
{
	size_t len = strlen(key);
	const char *p = text;

	while ((p = strstr(p, key))) {
		if ((p == text || p[-1] == '\n') && (p[len] == ' ' || p[len] == ':'))
			return strtoull(p + len + 1 + strspn(p + len + 1, " "), NULL, 10);
		p += len;
	}
	return 0;
}

/* Sums of the interfaces other than lo in a /proc/.../net/dev text. */
static void netdev_sum(const char *text, uint64_t *rx, uint64_t *tx, uint64_t *rxp, uint64_t *txp)
{
	const char *line = strchr(text, '\n');
	unsigned long long v[16];
	char name[32];

	*rx = *tx = *rxp = *txp = 0;
	if (line)
		line = strchr(line + 1, '\n');
	while (line && *++line) {
		if (sscanf(line, " %31[^:]: %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", name,
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 11 &&
		    strcmp(name, "lo")) {
			*rx += v[0];
			*rxp += v[1];
			*tx += v[8];
			*txp += v[9];
		}
		line = strchr(line, '\n');
	}
}

static uint32_t rate(uint64_t now, uint64_t before, int64_t ms)
{
	uint64_t r;

	if (ms <= 0 || now < before)
		return 0;
	r = (now - before) * 1000 / (uint64_t)ms;
	return r >= STATS_NONE ? STATS_NONE - 1 : (uint32_t)r;
}

static void disk_use(const char *path, uint32_t *used, uint32_t *size)
{
	struct statvfs v;

	*used = *size = STATS_NONE;
	if (statvfs(path, &v) < 0)
		return;
	*size = (uint32_t)((uint64_t)v.f_blocks * v.f_frsize >> 20);
	*used = (uint32_t)((uint64_t)(v.f_blocks - v.f_bfree) * v.f_frsize >> 20);
}

/* ---- the rings ---- */

static void point_empty(struct stats_point *p)
{
	unsigned k;

	p->t = (uint32_t)(clock_unix_ms() / 1000);
	for (k = 0; k < STATS_SERIES; k++)
		p->v[k] = STATS_NONE;
}

static void ring_add(struct stats_ring *r, const struct stats_point *p)
{
	struct stats_point sum = { p->t, { 0 } };
	uint64_t acc[STATS_SERIES] = { 0 };
	unsigned n[STATS_SERIES] = { 0 }, i, k;

	r->fine[r->nfine++ % STATS_FINE_N] = *p;
	if (r->nfine % STATS_COARSE_EVERY)
		return;
	for (i = 0; i < STATS_COARSE_EVERY; i++) {
		const struct stats_point *f = &r->fine[(r->nfine - 1 - i) % STATS_FINE_N];

		for (k = 0; k < STATS_SERIES; k++)
			if (f->v[k] != STATS_NONE) {
				acc[k] += f->v[k];
				n[k]++;
			}
	}
	for (k = 0; k < STATS_SERIES; k++)
		sum.v[k] = n[k] ? (uint32_t)(acc[k] / n[k]) : STATS_NONE;
	r->coarse[r->ncoarse++ % STATS_COARSE_N] = sum;
}

/* ---- the node ---- */

static void sample_node(struct stats_point *p, int64_t now)
{
	static char text[16384];
	unsigned long long u, n, s, idle, io, irq, sirq, steal;
	uint64_t total, rx, tx, rxp, txp;
	double load = 0;

	if (file_read("/proc/stat", text, sizeof text) >= 0 &&
	    sscanf(text, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &u, &n, &s, &idle, &io, &irq,
		   &sirq, &steal) == 8) {
		total = u + n + s + idle + io + irq + sirq + steal;
		p->v[S_CPU] = total > st.cpu_total ? (uint32_t)(1000 - (idle + io - st.cpu_idle) * 1000 /
							  (total - st.cpu_total)) : 0;
		if (!st.cpu_total)
			p->v[S_CPU] = STATS_NONE;
		st.cpu_total = total;
		st.cpu_idle = idle + io;
	}
	if (file_read("/proc/meminfo", text, sizeof text) >= 0) {
		p->v[S_MEM] = (uint32_t)(keyed_u64(text, "MemTotal") - keyed_u64(text, "MemAvailable"));
		p->v[S_SWAP] = (uint32_t)(keyed_u64(text, "SwapTotal") - keyed_u64(text, "SwapFree"));
	}
	if (file_read("/proc/loadavg", text, sizeof text) >= 0)
		sscanf(text, "%lf", &load);
	p->v[S_PIDS] = (uint32_t)(load * 100);
	disk_use("/vz", &p->v[S_DISK], &p->v[S_DISK_SIZE]);
	if (file_read("/proc/net/dev", text, sizeof text) >= 0) {
		netdev_sum(text, &rx, &tx, &rxp, &txp);
		p->v[S_RX_BPS] = rate(rx, st.node_rx, now - st.node_at);
		p->v[S_TX_BPS] = rate(tx, st.node_tx, now - st.node_at);
		p->v[S_RX_PPS] = rate(rxp, st.node_rxp, now - st.node_at);
		p->v[S_TX_PPS] = rate(txp, st.node_txp, now - st.node_at);
		if (!st.node_at)
			p->v[S_RX_BPS] = p->v[S_TX_BPS] = p->v[S_RX_PPS] = p->v[S_TX_PPS] = STATS_NONE;
		st.node_rx = rx, st.node_tx = tx, st.node_rxp = rxp, st.node_txp = txp;
		st.node_at = now;
	}
}

/* ---- containers ---- */

static struct stats_ct *ct_entry(unsigned ctid, int make)
{
	struct stats_ct *free_one = NULL;
	unsigned i;

	for (i = 0; i < STATS_CTS_MAX; i++) {
		if (st.ct[i].ctid == ctid)
			return &st.ct[i];
		if (!st.ct[i].ctid && !free_one)
			free_one = &st.ct[i];
	}
	if (!make || !free_one)
		return NULL;
	free_one->ring = calloc(1, sizeof *free_one->ring);
	if (!free_one->ring)
		return NULL;
	free_one->ctid = ctid;
	free_one->at_ms = 0;
	return free_one;
}

static void sample_ct_net(struct stats_ct *c, struct stats_point *p, int64_t now)
{
	static char text[16384];
	uint64_t rx, tx, rxp, txp;
	char path[64];
	pid_t init = ct_state_read(c->ctid, "pid");

	snprintf(path, sizeof path, "/proc/%d/net/dev", (int)init);
	if (init <= 0 || file_read(path, text, sizeof text) < 0)
		return;
	netdev_sum(text, &rx, &tx, &rxp, &txp);
	if (c->at_ms) {
		p->v[S_RX_BPS] = rate(rx, c->rx_bytes, now - c->at_ms);
		p->v[S_TX_BPS] = rate(tx, c->tx_bytes, now - c->at_ms);
		p->v[S_RX_PPS] = rate(rxp, c->rx_packets, now - c->at_ms);
		p->v[S_TX_PPS] = rate(txp, c->tx_packets, now - c->at_ms);
	}
	c->rx_bytes = rx, c->tx_bytes = tx, c->rx_packets = rxp, c->tx_packets = txp;
}

static void sample_ct(unsigned ctid, int64_t now)
{
	struct stats_point p;
	struct stats_ct *c = ct_entry(ctid, 1);
	char path[CT_PATH_MAX], text[512];
	uint64_t usec;

	if (!c)
		return;
	point_empty(&p);
	c->seen = 1;
	if (ct_cgroup_path(ctid, "cpu.stat", path, sizeof path) == 0 &&
	    file_read(path, text, sizeof text) >= 0) {
		usec = keyed_u64(text, "usage_usec");
		if (c->at_ms && usec >= c->cpu_usec && now > c->at_ms)
			p.v[S_CPU] = (uint32_t)((usec - c->cpu_usec) / (uint64_t)(now - c->at_ms));
		c->cpu_usec = usec;
		if (ct_cgroup_path(ctid, "memory.current", path, sizeof path) == 0)
			p.v[S_MEM] = (uint32_t)(read_u64(path) >> 10);
		if (ct_cgroup_path(ctid, "memory.swap.current", path, sizeof path) == 0)
			p.v[S_SWAP] = (uint32_t)(read_u64(path) >> 10);
		if (ct_cgroup_path(ctid, "pids.current", path, sizeof path) == 0)
			p.v[S_PIDS] = (uint32_t)read_u64(path);
		sample_ct_net(c, &p, now);
		c->at_ms = now;
	} else {
		c->at_ms = 0;
	}
	snprintf(path, sizeof path, "/vz/root/%u", ctid);
	if (ct_is_mounted(path) == 1)
		disk_use(path, &p.v[S_DISK], &p.v[S_DISK_SIZE]);
	c->cpu = p.v[S_CPU];
	c->disk_mib = p.v[S_DISK];
	c->disk_size_mib = p.v[S_DISK_SIZE];
	ring_add(c->ring, &p);
}

void stats_ct_forget(unsigned ctid)
{
	struct stats_ct *c = ct_entry(ctid, 0);

	if (!c)
		return;
	free(c->ring);
	memset(c, 0, sizeof *c);
}

void stats_sample(void)
{
	struct stats_point p;
	int64_t now = clock_boot_ms();
	static struct ct_list list;
	size_t i;

	point_empty(&p);
	sample_node(&p, now);
	ring_add(&st.node, &p);
	for (i = 0; i < STATS_CTS_MAX; i++)
		st.ct[i].seen = 0;
	if (ct_list(&list) == 0)
		for (i = 0; i < list.n; i++)
			sample_ct(list.id[i], now);
	for (i = 0; i < STATS_CTS_MAX; i++)
		if (st.ct[i].ctid && !st.ct[i].seen)
			stats_ct_forget(st.ct[i].ctid);
}

/* ---- JSON ---- */

static void kv_point(struct json *j, const char *key, uint32_t v, uint64_t unit)
{
	json_key(j, key);
	if (v == STATS_NONE)
		json_null(j);
	else
		json_uint(j, (uint64_t)v * unit);
}

void stats_ct_now_json(struct json *j, unsigned ctid)
{
	struct stats_ct *c = ct_entry(ctid, 0);

	kv_point(j, "cpu", c ? c->cpu : STATS_NONE, 1);
	kv_point(j, "disk", c ? c->disk_mib : STATS_NONE, 1 << 20);
	kv_point(j, "disk_size", c ? c->disk_size_mib : STATS_NONE, 1 << 20);
}

static const struct {
	const char *name;
	uint64_t unit;
} series[STATS_SERIES] = {
	{ "cpu", 1 }, { "ram", 1024 }, { "swap", 1024 }, { "pids", 1 },
	{ "disk", 1 << 20 }, { "disk_size", 1 << 20 },
	{ "rx_bytes", 1 }, { "tx_bytes", 1 }, { "rx_packets", 1 }, { "tx_packets", 1 },
};

int stats_history_json(struct json *j, unsigned ctid, int coarse)
{
	const struct stats_ring *r = &st.node;
	const struct stats_point *pts;
	unsigned n, cap, first, i, k;

	if (ctid) {
		const struct stats_ct *c = ct_entry(ctid, 0);

		if (!c)
			return -1;
		r = c->ring;
	}
	pts = coarse ? r->coarse : r->fine;
	cap = coarse ? STATS_COARSE_N : STATS_FINE_N;
	n = coarse ? r->ncoarse : r->nfine;
	first = n > cap ? n - cap : 0;
	json_kv_uint(j, "interval", coarse ? STATS_PERIOD_S * STATS_COARSE_EVERY : STATS_PERIOD_S);
	json_key(j, "t");
	json_array_begin(j, JSON_INLINE);
	for (i = first; i < n; i++)
		json_uint(j, pts[i % cap].t);
	json_array_end(j);
	for (k = 0; k < STATS_SERIES; k++) {
		json_key(j, ctid || k != S_PIDS ? series[k].name : "load");
		json_array_begin(j, JSON_INLINE);
		for (i = first; i < n; i++) {
			uint32_t v = pts[i % cap].v[k];

			if (v == STATS_NONE)
				json_null(j);
			else
				json_uint(j, (uint64_t)v * series[k].unit);
		}
		json_array_end(j);
	}
	return 0;
}

static void point_json(struct json *j, const struct stats_point *p, int node)
{
	unsigned k;

	json_object_begin(j);
	for (k = 0; k < STATS_SERIES; k++)
		kv_point(j, node && k == S_PIDS ? "load" : series[k].name, p->v[k], series[k].unit);
	json_object_end(j);
}

static void stats_event_json(struct json *j)
{
	char key[16];
	unsigned i;

	json_object_begin(j);
	if (st.node.nfine) {
		json_key(j, "node");
		point_json(j, &st.node.fine[(st.node.nfine - 1) % STATS_FINE_N], 1);
	}
	json_key(j, "ct");
	json_object_begin(j);
	for (i = 0; i < STATS_CTS_MAX; i++) {
		const struct stats_ct *c = &st.ct[i];

		if (!c->ctid || !c->ring->nfine)
			continue;
		snprintf(key, sizeof key, "%u", c->ctid);
		json_key(j, key);
		point_json(j, &c->ring->fine[(c->ring->nfine - 1) % STATS_FINE_N], 0);
	}
	json_object_end(j);
	json_object_end(j);
}

static void stats_event_fill(struct json *j, const void *arg)
{
	(void)arg;
	stats_event_json(j);
}

void stats_event(void)
{
	events_emit_json(EVENT_STATS, "stats", stats_event_fill, NULL);
}
