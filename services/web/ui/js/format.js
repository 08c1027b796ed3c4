// Numbers as people read them.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function bytes(n) {
	if (n === null || n === undefined || Number.isNaN(Number(n))) return '–';
	let v = Number(n);
	let u = 0;
	while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
		v /= 1024;
		u++;
	}
	return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${UNITS[u]}`;
}

export function percent(part, whole) {
	if (!whole) return '–';
	return `${Math.round((100 * part) / whole)}%`;
}

export function ratio(part, whole) {
	if (!whole || part === null || part === undefined) return 0;
	return Math.max(0, Math.min(1, part / whole));
}

export function duration(seconds) {
	if (seconds === null || seconds === undefined) return '–';
	let s = Math.max(0, Math.floor(seconds));
	const d = Math.floor(s / 86400);
	s -= d * 86400;
	const h = Math.floor(s / 3600);
	s -= h * 3600;
	const m = Math.floor(s / 60);
	s -= m * 60;
	if (d) return `${d}d ${h}h`;
	if (h) return `${h}h ${m}m`;
	if (m) return `${m}m ${s}s`;
	return `${s}s`;
}

// A time given as seconds since the epoch (or an ISO string).
export function when(t) {
	if (t === null || t === undefined || t === '') return '–';
	const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
	if (Number.isNaN(d.getTime())) return String(t);
	return d.toLocaleString();
}

export const whenMs = (ms) => when(ms === null || ms === undefined ? null : ms / 1000);

export function list(a) {
	if (!a) return '';
	return Array.isArray(a) ? a.join(', ') : String(a);
}
