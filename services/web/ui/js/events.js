// The server-sent event stream /api/v1/events. The browser's EventSource
// reconnects by itself and sends Last-Event-ID, so the server replays what
// was missed. When the stream is refused (the session ended) or the replay
// window was passed, views refetch: every listener is also told "resync".

const KINDS = ['container', 'task', 'template', 'service', 'node', 'resync'];
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

const listeners = new Set();
let source = null;
let retries = 0;
let retryTimer = 0;
let status = 'closed';
const statusListeners = new Set();

function statusSet(s) {
	status = s;
	for (const fn of statusListeners) fn(s);
}

function dispatch(kind, data) {
	for (const fn of listeners) fn(kind, data);
}

function parse(ev) {
	try {
		return JSON.parse(ev.data);
	} catch {
		return {};
	}
}

function open() {
	source = new EventSource('/api/v1/events');
	source.onopen = () => {
		if (retries > 0) dispatch('resync', {});
		retries = 0;
		statusSet('live');
	};
	source.onerror = () => {
		if (source.readyState === EventSource.CONNECTING) {
			statusSet('reconnecting');
			return;
		}
		source.close();
		source = null;
		statusSet('reconnecting');
		retryTimer = setTimeout(open, RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
		retries++;
	};
	for (const kind of KINDS) source.addEventListener(kind, (ev) => dispatch(kind, parse(ev)));
	source.onmessage = (ev) => {
		const data = parse(ev);
		dispatch(data.type || 'message', data);
	};
}

export function eventsStart() {
	if (source || retryTimer) return;
	open();
}

export function eventsStop() {
	clearTimeout(retryTimer);
	retryTimer = 0;
	if (source) source.close();
	source = null;
	statusSet('closed');
}

// eventsOn(fn): fn(kind, data) for every event; returns the unsubscriber.
export function eventsOn(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

export function eventsStatus() {
	return status;
}

export function eventsOnStatus(fn) {
	statusListeners.add(fn);
	return () => statusListeners.delete(fn);
}
