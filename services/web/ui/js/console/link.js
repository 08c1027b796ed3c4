// The console WebSocket (/api/v1/containers/{ct}/console, docs/api.md):
// binary frames are console bytes both ways; text frames are JSON control
// messages. Browser to server: {"type":"resize","rows","cols"} and
// {"type":"ack","bytes":N}, N being the output bytes the terminal has
// consumed since the previous ack. Server to browser: {"type":"attached",
// "mode":"rw"|"ro"} and {"type":"dropped","bytes":N}. The server stops
// reading the console when 256 KiB are unacknowledged, so the page acks as
// the terminal renders, never before.

const ACK_EVERY = 16384;
const INPUT_CHUNK = 16384; // the server takes messages of at most 64 KiB
const WINSZ_MAX = 1000; // rows and columns, as the console holder takes them
const ACK_IDLE_MS = 100;
const RETRY_MS = [500, 1000, 2000, 5000, 10000];

export function consoleUrl(ct, readOnly) {
	const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${proto}//${location.host}/api/v1/containers/${encodeURIComponent(ct)}/console${readOnly ? '?mode=ro' : ''}`;
}

// consoleLink({ct, readOnly, write(bytes, done), on: {state, attached,
// dropped, reset}}): a connection that reconnects until closed. write must
// call done() once the bytes are on screen (xterm's write callback).
export function consoleLink(opts) {
	const encoder = new TextEncoder();
	let ws = null;
	let closed = false;
	let retries = 0;
	let retryTimer = 0;
	let unacked = 0;
	let ackTimer = 0;
	let attached = false;

	const on = opts.on;

	function ack() {
		clearTimeout(ackTimer);
		ackTimer = 0;
		if (!unacked || !ws || ws.readyState !== WebSocket.OPEN) return;
		ws.send(JSON.stringify({ type: 'ack', bytes: unacked }));
		unacked = 0;
	}

	function consumed(n) {
		unacked += n;
		if (unacked >= ACK_EVERY) ack();
		else if (!ackTimer) ackTimer = setTimeout(ack, ACK_IDLE_MS);
	}

	function control(text) {
		let m;
		try {
			m = JSON.parse(text);
		} catch {
			return;
		}
		if (m.type === 'attached') {
			attached = true;
			retries = 0;
			on.attached(m.mode === 'ro' ? 'ro' : 'rw');
		} else if (m.type === 'dropped') {
			on.dropped(Number(m.bytes) || 0);
		}
	}

	function connect() {
		retryTimer = 0;
		attached = false;
		unacked = 0;
		on.state('connecting');
		ws = new WebSocket(consoleUrl(opts.ct, opts.readOnly));
		ws.binaryType = 'arraybuffer';
		// A new attach replays the scrollback: start from a clean screen.
		ws.onopen = () => on.reset();
		ws.onmessage = (ev) => {
			if (typeof ev.data === 'string') {
				control(ev.data);
				return;
			}
			const bytes = new Uint8Array(ev.data);
			opts.write(bytes, () => consumed(bytes.length));
		};
		ws.onclose = (ev) => {
			ws = null;
			clearTimeout(ackTimer);
			ackTimer = 0;
			if (closed) return;
			on.state(attached ? 'disconnected' : 'failed', ev.code, ev.reason);
			retryTimer = setTimeout(connect, RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
			retries++;
		};
	}

	function sendBytes(bytes) {
		if (!ws || ws.readyState !== WebSocket.OPEN || opts.readOnly) return;
		for (let i = 0; i < bytes.length; i += INPUT_CHUNK) ws.send(bytes.subarray(i, i + INPUT_CHUNK));
	}

	const winsz = (n) => Math.max(1, Math.min(WINSZ_MAX, Math.floor(n)));

	connect();
	return {
		input(str) {
			sendBytes(encoder.encode(str));
		},
		inputBinary(str) {
			sendBytes(Uint8Array.from(str, (ch) => ch.charCodeAt(0) & 255));
		},
		resize(rows, cols) {
			if (ws && ws.readyState === WebSocket.OPEN && !opts.readOnly)
				ws.send(JSON.stringify({ type: 'resize', rows: winsz(rows), cols: winsz(cols) }));
		},
		connected: () => !!ws && ws.readyState === WebSocket.OPEN,
		close() {
			closed = true;
			clearTimeout(retryTimer);
			clearTimeout(ackTimer);
			if (ws) ws.close(1000, 'page left');
			ws = null;
		},
	};
}
