// What the pages read out of the API's answers (docs/api.md), in one place.

// The containers of GET /containers.
export function containersOf(answer) {
	if (Array.isArray(answer)) return answer;
	return (answer && answer.containers) || [];
}

export const ctId = (c) => String(c.ctid);
export const ctLabel = (c) => (c.name ? `${c.name} (${c.ctid})` : String(c.ctid));
export const ctIps = (c) => {
	const ip = c.ipadd || c.ips || [];
	return Array.isArray(ip) ? ip : String(ip).split(/[\s,]+/).filter(Boolean);
};
export const ctRunning = (c) => c.state === 'running';

export function ctMatches(c, filter) {
	if (!filter) return true;
	const f = filter.toLowerCase();
	return [c.ctid, c.name, c.hostname, c.state, c.ostemplate, ...ctIps(c)]
		.filter(Boolean)
		.some((v) => String(v).toLowerCase().includes(f));
}

// Statistics history (GET /containers/{ct}/stats?range=1h|24h) as columns:
// {t: [seconds], cpu: [%], ram: [bytes], swap, disk, rx, tx: [bytes/s]}.
export const STAT_KEYS = ['cpu', 'ram', 'swap', 'disk', 'rx', 'tx'];

export function statsColumns(answer) {
	const cols = { t: [] };
	for (const k of STAT_KEYS) cols[k] = [];
	const samples = (answer && (answer.samples || answer.points)) || (Array.isArray(answer) ? answer : []);
	for (const s of samples) {
		cols.t.push(s.t);
		for (const k of STAT_KEYS) cols[k].push(s[k] === undefined ? null : s[k]);
	}
	return cols;
}

// Templates of GET /templates.
export function templatesOf(answer) {
	if (Array.isArray(answer)) return answer;
	return (answer && answer.templates) || [];
}

export function tasksOf(answer) {
	if (Array.isArray(answer)) return answer;
	return (answer && answer.tasks) || [];
}
