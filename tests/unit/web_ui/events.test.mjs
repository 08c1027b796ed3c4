// The event stream reader (services/web/ui/js/events.js) against a fake
// fetch: events split across chunks, Last-Event-ID on the reconnect, a
// resync after it, and a 401 ending the session.
import test from 'node:test';
import assert from 'node:assert/strict';

globalThis.sessionStorage = { getItem: () => null, setItem() {}, removeItem() {} };

const requests = [];
let answer = null;
globalThis.fetch = (url, opts) => {
	requests.push({ url, headers: { ...opts.headers } });
	return answer(opts);
};

function stream(chunks) {
	return new ReadableStream({
		start(c) {
			for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
			c.close();
		},
	});
}

const api = await import('../../../services/web/ui/js/api.js');
const ev = await import('../../../services/web/ui/js/events.js');

const until = async (cond) => {
	for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
	assert.ok(cond(), 'timed out');
};

test('events, reconnect with Last-Event-ID, resync, then 401', async () => {
	const seen = [];
	ev.eventsOn((kind, data) => seen.push([kind, data]));
	let unauthorized = 0;
	api.apiOnUnauthorized(() => unauthorized++);

	let round = 0;
	answer = async () => {
		round++;
		if (round === 1)
			return { status: 200, ok: true, body: stream([': hello\n\nid: 7\nevent: cont', 'ainer\ndata: {"ctid":101,', '"state":"running"}\r\n\r\nretry: 10\n\n']) };
		if (round === 2) return { status: 200, ok: true, body: stream(['id: 8\nevent: task\ndata: {"id":"3"}\n\n']) };
		return { status: 401, ok: false, body: stream([]) };
	};
	ev.eventsStart();
	await until(() => unauthorized === 1);

	assert.equal(requests[0].headers['Last-Event-ID'], undefined, 'the first connect has no Last-Event-ID');
	assert.equal(requests[1].headers['Last-Event-ID'], '7', 'the reconnect asks for what came after event 7');
	assert.equal(requests[2].headers['Last-Event-ID'], '8');
	assert.deepEqual(seen, [
		['container', { ctid: 101, state: 'running' }],
		['resync', {}],
		['task', { id: '3' }],
	]);
	assert.equal(ev.eventsStatus(), 'closed', 'a 401 ends the stream');
});
