// What the pages read out of the API's answers (docs/api.md), in one place.

const listOf = (answer, key) => (answer && Array.isArray(answer[key]) ? answer[key] : []);

// GET /containers: {"containers": [container...], "total"}. A container:
// ctid, name, state, hostname, ip [..], ostemplate, onboot "yes"|"no",
// limits {ram, swap, diskspace: bytes or null}, usage {ram, swap, cpu
// (thousandths of a CPU), disk, disk_size, nproc}, etag; GET of one adds
// config {KEY: value} of its config file.
export const containersOf = (answer) => listOf(answer, 'containers');

export const ctId = (c) => String(c.ctid);
export const ctIps = (c) => (Array.isArray(c.ip) ? c.ip : []);
export const ctRunning = (c) => c.state === 'running';
export const ctOnboot = (c) => c.onboot === 'yes';
export const ctLimit = (c, k) => (c.limits ? c.limits[k] : null);
export const ctUsage = (c, k) => (c.usage && c.usage[k] !== undefined ? c.usage[k] : null);
export const ctConfig = (c, key) => (c.config && c.config[key]) || '';

export function ctMatches(c, filter) {
	if (!filter) return true;
	const f = filter.toLowerCase();
	return [c.ctid, c.name, c.hostname, c.state, c.ostemplate, ...ctIps(c)]
		.filter((v) => v !== null && v !== undefined)
		.some((v) => String(v).toLowerCase().includes(f));
}

// A size in vzctl's syntax ("512M", "1.5G") for a byte count.
export function sizeArg(n) {
	if (n === null || n === undefined) return '';
	const units = [['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 1024]];
	for (const [u, m] of units) {
		if (n >= m && (n % m === 0 || (n * 10) % m === 0)) return `${n / m}${u}`;
	}
	return String(n);
}

// CPU use in the API's thousandths of one CPU, as percent of one CPU.
export const cpuPercent = (v) => (v === null || v === undefined ? null : v / 10);

// Statistics history (GET /containers/{ct}/stats?range=1h|24h): columns t
// (Unix seconds), cpu, ram, swap, disk, disk_size, rx_bytes, tx_bytes ...
// Here: t, cpu (% of one CPU), ram, swap, disk (bytes), rx, tx (bytes/s).
export const STAT_KEYS = ['cpu', 'ram', 'swap', 'disk', 'rx', 'tx'];
const STAT_FROM = { cpu: 'cpu', ram: 'ram', swap: 'swap', disk: 'disk', rx: 'rx_bytes', tx: 'tx_bytes' };

export function statsColumns(answer) {
	const t = (answer && answer.t) || [];
	const cols = { t };
	for (const k of STAT_KEYS) {
		const src = (answer && answer[STAT_FROM[k]]) || [];
		cols[k] = t.map((_, i) => (src[i] === undefined ? null : src[i]));
	}
	cols.cpu = cols.cpu.map(cpuPercent);
	return cols;
}

// GET /templates: {"templates": [{name, file, size, mtime, builtin}]}.
export const templatesOf = (answer) => listOf(answer, 'templates');

// GET /tasks: {"tasks": [task...]}. A task: id, kind, ct, target, state,
// stage, percent, bytes, total, who, source, created, started, ended (ms),
// result, error {status, code, message, field}.
export const tasksOf = (answer) => listOf(answer, 'tasks');

export const snapshotsOf = (answer) => listOf(answer, 'snapshots');
export const tokensOf = (answer) => listOf(answer, 'tokens');
export const auditOf = (answer) => listOf(answer, 'entries');
