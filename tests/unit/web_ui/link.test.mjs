// The console link (services/web/ui/js/console/link.js) against a fake
// WebSocket: acks follow what the terminal consumed, read-only sends
// nothing, a dropped connection comes back and clears the screen.
import test from 'node:test';
import assert from 'node:assert/strict';

const sockets = [];
class FakeSocket {
	static OPEN = 1;
	constructor(url) {
		this.url = url;
		this.sent = [];
		this.readyState = 0;
		sockets.push(this);
	}
	send(m) {
		this.sent.push(m);
	}
	close() {
		this.readyState = 3;
	}
	open() {
		this.readyState = 1;
		this.onopen();
	}
	text(obj) {
		this.onmessage({ data: JSON.stringify(obj) });
	}
	bytes(n) {
		this.onmessage({ data: new ArrayBuffer(n) });
	}
	drop() {
		this.readyState = 3;
		this.onclose({ code: 1006, reason: '' });
	}
}
globalThis.WebSocket = FakeSocket;
globalThis.location = { protocol: 'https:', host: 'node:8443' };

const { consoleLink, consoleUrl } = await import('../../../services/web/ui/js/console/link.js');

function harness(readOnly = false) {
	const log = { states: [], attached: [], dropped: [], resets: 0, pending: [] };
	const link = consoleLink({
		ct: '101',
		readOnly,
		write: (bytes, done) => log.pending.push([bytes.length, done]),
		on: {
			state: (s) => log.states.push(s),
			attached: (m) => log.attached.push(m),
			dropped: (n) => log.dropped.push(n),
			reset: () => log.resets++,
		},
	});
	return { link, log, ws: sockets[sockets.length - 1] };
}

const acks = (ws) => ws.sent.filter((m) => typeof m === 'string').map(JSON.parse).filter((m) => m.type === 'ack');
const flush = (log) => log.pending.splice(0).forEach(([, done]) => done());

test('the URL names the container and the mode', () => {
	assert.equal(consoleUrl('my ct', false), 'wss://node:8443/api/v1/containers/my%20ct/console');
	assert.equal(consoleUrl('101', true), 'wss://node:8443/api/v1/containers/101/console?mode=ro');
});

test('output is acked only once the terminal consumed it, in 16 KiB steps', (t) => {
	t.mock.timers.enable({ apis: ['setTimeout'] });
	const { link, log, ws } = harness();
	ws.open();
	assert.equal(log.resets, 1, 'a new attach starts from a clean screen');
	ws.text({ type: 'attached', mode: 'rw' });
	assert.deepEqual(log.attached, ['rw']);
	for (let i = 0; i < 5; i++) ws.bytes(4096);
	assert.equal(acks(ws).length, 0, 'nothing acked before it was written');
	flush(log);
	assert.deepEqual(acks(ws), [{ type: 'ack', bytes: 16384 }]);
	t.mock.timers.tick(100);
	assert.deepEqual(acks(ws).map((a) => a.bytes), [16384, 4096], 'the rest after a quiet 100 ms');
	link.close();
});

test('input, resize and dropped', () => {
	const { link, log, ws } = harness();
	ws.open();
	link.input('é\r');
	assert.deepEqual([...ws.sent[0]], [0xc3, 0xa9, 0x0d], 'keys go out as UTF-8 in a binary frame');
	link.resize(30, 100);
	assert.deepEqual(JSON.parse(ws.sent[1]), { type: 'resize', rows: 30, cols: 100 });
	link.resize(5000, 0);
	assert.deepEqual(JSON.parse(ws.sent[2]), { type: 'resize', rows: 1000, cols: 1 }, 'sizes within 1..1000');
	link.input('x'.repeat(40000));
	assert.deepEqual(ws.sent.slice(3).map((b) => b.length), [16384, 16384, 7232], 'a long paste in 16 KiB messages');
	ws.text({ type: 'dropped', bytes: 4242 });
	assert.deepEqual(log.dropped, [4242]);
	link.close();
});

test('a read-only link sends no input and no resize', () => {
	const { link, ws } = harness(true);
	ws.open();
	link.input('rm -rf /\r');
	link.inputBinary('\x1b[M');
	link.resize(30, 100);
	assert.deepEqual(ws.sent, []);
	link.close();
});

test('a dropped connection reconnects, a closed link does not', (t) => {
	t.mock.timers.enable({ apis: ['setTimeout'] });
	const { link, log, ws } = harness();
	ws.open();
	ws.text({ type: 'attached', mode: 'rw' });
	const before = sockets.length;
	ws.drop();
	assert.equal(log.states.at(-1), 'disconnected');
	t.mock.timers.tick(500);
	assert.equal(sockets.length, before + 1, 'a new socket after 0.5 s');
	sockets.at(-1).open();
	assert.equal(log.resets, 2, 'the replayed scrollback lands on a clean screen');
	link.close();
	sockets.at(-1).onclose({ code: 1000 });
	t.mock.timers.tick(60000);
	assert.equal(sockets.length, before + 1, 'no reconnect after close()');
});
