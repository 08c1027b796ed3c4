#ifndef VZHOST_WEB_STATS_H
#define VZHOST_WEB_STATS_H

#include <stdint.h>

#include "base/json.h"

/*
 * Statistics history: every STATS_PERIOD_S the node and each running
 * container are sampled (cgroup v2 cpu.stat, memory.current,
 * memory.swap.current, pids.current; the ploop disk's use; the
 * container's network counters) into two rings each: an hour at 10 s and
 * a day at 5 min (the mean of 30 samples). A container's rings are kept
 * while it exists, so its graphs go on across a stop.
 */

#define STATS_PERIOD_S 10
#define STATS_FINE_N 360		/* 1 h at 10 s */
#define STATS_COARSE_N 288		/* 24 h at 5 min */
#define STATS_COARSE_EVERY 30		/* fine samples per coarse one */
#define STATS_CTS_MAX 256		/* containers followed */

/* One sample; a field that does not apply is STATS_NONE. */
#define STATS_NONE UINT32_MAX

enum stats_series {
	S_CPU,		/* thousandths of one CPU (node: of all CPUs together) */
	S_MEM,		/* KiB in use */
	S_SWAP,		/* KiB in use */
	S_PIDS,		/* processes; node: the 1-minute load average x 100 */
	S_DISK,		/* MiB in use */
	S_DISK_SIZE,	/* MiB */
	S_RX_BPS,	/* bytes a second */
	S_TX_BPS,
	S_RX_PPS,	/* packets a second */
	S_TX_PPS,
	STATS_SERIES
};

struct stats_point {
	uint32_t t;			/* Unix seconds */
	uint32_t v[STATS_SERIES];
};

/* One sampling round (priv's timer, every STATS_PERIOD_S). */
void stats_sample(void);
/* A container's latest CPU and disk use into the object being written ("cpu", "disk"). */
void stats_ct_now_json(struct json *j, unsigned ctid);
/* A container's (ctid) or the node's (ctid 0) history: 0, or -1 if none is kept. */
int stats_history_json(struct json *j, unsigned ctid, int coarse);
/* The "stats" event: the latest sample of the node and of every container. */
void stats_event(void);
/* A container was destroyed: its history goes. */
void stats_ct_forget(unsigned ctid);

#endif
