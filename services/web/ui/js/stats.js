// Live statistics for the dashboard: the history once from the API, then
// the "stats" event (every 10 s: the latest sample of the node and of each
// container) appended.

import { useState, useEffect, useRef } from '/vendor/preact-htm.js';
import { get, seg } from './api.js';
import { useEvents } from './hooks.js';
import { cpuPercent } from './model.js';

const SPARK_POINTS = 30;

const lastOf = (a) => (a && a.length ? a[a.length - 1] : null);

// The node's latest sample: {cpu (% of all CPUs), load (x100)}.
export function useNodeNow() {
	const [now, setNow] = useState(null);
	useEffect(() => {
		get('/node/stats?range=1h').then(
			(a) => setNow((n) => n || { cpu: lastOf(a.cpu), load: lastOf(a.load) }),
			() => {},
		);
	}, []);
	useEvents((kind, d) => {
		if (kind === 'stats' && d.node) setNow({ cpu: d.node.cpu, load: d.node.load });
	});
	return now && { cpu: cpuPercent(now.cpu), load: now.load };
}

// Recent CPU (% of one CPU) of the containers ids names, by CTID.
export function useCpuSparks(ids) {
	const [sparks, setSparks] = useState({});
	const key = ids.join(',');
	const known = useRef(new Set());
	useEffect(() => {
		for (const id of ids) {
			if (known.current.has(id)) continue;
			known.current.add(id);
			get(`/containers/${seg(id)}/stats?range=1h`).then(
				(a) => setSparks((s) => ({ ...s, [id]: (a.cpu || []).slice(-SPARK_POINTS).map(cpuPercent) })),
				() => {},
			);
		}
	}, [key]);
	useEvents((kind, d) => {
		if (kind !== 'stats' || !d.ct) return;
		setSparks((s) => {
			const next = { ...s };
			for (const [id, p] of Object.entries(d.ct)) next[id] = [...(s[id] || []), cpuPercent(p.cpu)].slice(-SPARK_POINTS);
			return next;
		});
	});
	return sparks;
}
