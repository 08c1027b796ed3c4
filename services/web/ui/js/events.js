// The server-sent event stream /api/v1/events, read with fetch rather than
// EventSource so that every reconnect sends Last-Event-ID (the server then
// replays what was missed) and a 401 is told apart from a network error.
// After a reconnect every listener is also told "resync", so views refetch
// what the replay may not cover; so is the server's "reset" (it restarted
// and cannot replay). Events: ct, ct-deleted, task, templates, service,
// stats (docs/api.md).

import { apiUnauthorized } from './api.js';

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

const listeners = new Set();
const statusListeners = new Set();
let status = 'closed';
let lastId = '';
let abort = null;

function statusSet(s) {
	status = s;
	for (const fn of statusListeners) fn(s);
}

function dispatch(kind, data) {
	for (const fn of listeners) fn(kind, data);
}

// One event block: "id:", "event:", "data:" lines ("retry:" and comments
// are read by the caller or ignored).
function block(text) {
	let kind = 'message';
	const data = [];
	let retry = 0;
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon === 0) continue;
		const field = colon < 0 ? line : line.slice(0, colon);
		const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
		if (field === 'id') lastId = value;
		else if (field === 'event') kind = value === 'reset' ? 'resync' : value;
		else if (field === 'data') data.push(value);
		else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
	}
	if (data.length) {
		let parsed = {};
		try {
			parsed = JSON.parse(data.join('\n'));
		} catch {
			parsed = { text: data.join('\n') };
		}
		dispatch(kind, parsed);
	}
	return retry;
}

async function read(res, signal) {
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	let buf = '';
	let retry = 0;
	while (!signal.aborted) {
		const { value, done } = await reader.read();
		if (done) break;
		buf += value.replace(/\r\n?/g, '\n');
		let end;
		while ((end = buf.indexOf('\n\n')) >= 0) {
			retry = block(buf.slice(0, end)) || retry;
			buf = buf.slice(end + 2);
		}
	}
	return retry;
}

async function run(signal) {
	let failures = 0;
	let first = true;
	while (!signal.aborted) {
		let retry = 0;
		try {
			const headers = { Accept: 'text/event-stream' };
			if (lastId) headers['Last-Event-ID'] = lastId;
			const res = await fetch('/api/v1/events', { headers, signal, cache: 'no-store', credentials: 'same-origin' });
			if (res.status === 401) {
				statusSet('closed');
				apiUnauthorized();
				return;
			}
			if (!res.ok) throw new Error(`events: ${res.status}`);
			statusSet('live');
			if (!first) dispatch('resync', {});
			first = false;
			failures = 0;
			retry = await read(res, signal);
		} catch {
			if (signal.aborted) return;
		}
		if (signal.aborted) return;
		statusSet('reconnecting');
		const wait = retry || RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
		failures++;
		await new Promise((r) => setTimeout(r, wait));
	}
}

export function eventsStart() {
	if (abort) return;
	abort = new AbortController();
	run(abort.signal);
}

export function eventsStop() {
	if (abort) abort.abort();
	abort = null;
	lastId = '';
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
