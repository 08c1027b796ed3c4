// The container's persistent console in xterm.js: the same console as
// `vzctl console` on the node, so it can be opened before the container
// starts, several people can watch it, and a reload replays its scrollback.
// Copy, a paste box, full screen, read-only, and a bar of keys phones lack.
// No clipboard addon: what runs in the container cannot write the
// operator's clipboard; only the Copy button (a click of the operator) does.

import { html, useState, useEffect, useRef } from '/vendor/preact-htm.js';
import { go } from '../router.js';
import { notify } from '../notify.js';
import { consoleLink } from '../console/link.js';
import { cspStylesInstall } from '../console/cspstyle.js';

const THEME = {
	background: '#111418',
	foreground: '#e6e6e6',
	cursor: '#f0f0f0',
	selectionBackground: '#3a5f8f',
};

async function terminalLoad() {
	cspStylesInstall();
	const [{ Terminal }, { FitAddon }] = await Promise.all([
		import('/vendor/xterm.js'),
		import('/vendor/addon-fit.js'),
	]);
	return { Terminal, FitAddon };
}

const STATE_TEXT = {
	connecting: 'Connecting…',
	rw: 'Attached',
	ro: 'Attached, read-only',
	disconnected: 'Disconnected; reconnecting…',
	failed: 'Cannot attach; retrying…',
};

// Keys a phone keyboard lacks. Ctrl is sticky: it applies to the next key.
const EXTRA_KEYS = [
	['Esc', '\x1b'],
	['Tab', '\t'],
	['Ctrl', null],
	['↑', '\x1b[A', 'Up'],
	['↓', '\x1b[B', 'Down'],
	['←', '\x1b[D', 'Left'],
	['→', '\x1b[C', 'Right'],
	['|', '|'],
	['~', '~'],
	['/', '/'],
	['-', '-'],
];

function ctrlOf(data) {
	if (data.length !== 1) return data;
	const c = data.toUpperCase().charCodeAt(0);
	if (c >= 64 && c <= 95) return String.fromCharCode(c - 64);
	if (data === ' ') return '\x00';
	return data;
}

export function Console({ ct, readOnly }) {
	const host = useRef(null);
	const box = useRef(null);
	const term = useRef(null);
	const fit = useRef(null);
	const link = useRef(null);
	const ctrl = useRef(false);
	const [ready, setReady] = useState(false);
	const [state, setState] = useState('connecting');
	const [size, setSize] = useState(null);
	const [ctrlOn, setCtrlOn] = useState(false);
	const [paste, setPaste] = useState(false);
	const [pasteText, setPasteText] = useState('');
	const [full, setFull] = useState(false);

	const ctrlSet = (on) => {
		ctrl.current = on;
		setCtrlOn(on);
	};

	function send(data) {
		if (!link.current) return;
		if (ctrl.current) {
			data = ctrlOf(data);
			ctrlSet(false);
		}
		link.current.input(data);
	}

	// The terminal, once per page.
	useEffect(() => {
		let dead = false;
		let observer = null;
		terminalLoad().then(({ Terminal, FitAddon }) => {
			if (dead) return;
			const t = new Terminal({
				cursorBlink: true,
				fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
				fontSize: matchMedia('(max-width: 700px)').matches ? 13 : 14,
				scrollback: 5000,
				theme: THEME,
				allowProposedApi: false,
			});
			const f = new FitAddon();
			t.loadAddon(f);
			t.open(host.current);
			t.attachCustomKeyEventHandler((e) => {
				if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
				if (e.code === 'KeyC') {
					copy(t);
					return false;
				}
				// The terminal takes Tab; this is the way out for the keyboard.
				if (e.code === 'KeyX') {
					box.current.querySelector('.console-tools button').focus();
					return false;
				}
				return true;
			});
			t.onData((d) => send(d));
			t.onBinary((d) => link.current && link.current.inputBinary(d));
			t.onResize(({ rows, cols }) => {
				setSize({ rows, cols });
				if (link.current) link.current.resize(rows, cols);
			});
			term.current = t;
			fit.current = f;
			f.fit();
			setSize({ rows: t.rows, cols: t.cols });
			observer = new ResizeObserver(() => fit.current && fit.current.fit());
			observer.observe(host.current);
			setReady(true);
			t.focus();
		});
		return () => {
			dead = true;
			if (observer) observer.disconnect();
			if (term.current) term.current.dispose();
			term.current = null;
		};
	}, []);

	// The connection, again whenever the mode changes.
	useEffect(() => {
		if (!ready) return;
		const t = term.current;
		t.options.disableStdin = !!readOnly;
		const l = consoleLink({
			ct,
			readOnly,
			write: (bytes, done) => t.write(bytes, done),
			on: {
				state: (s) => setState(s),
				attached: (mode) => {
					setState(mode);
					if (mode === 'rw') l.resize(t.rows, t.cols);
				},
				dropped: (n) => notify(`The console skipped ${n} bytes of output: this page fell behind.`, 'error'),
				reset: () => t.reset(),
			},
		});
		link.current = l;
		return () => {
			l.close();
			link.current = null;
		};
	}, [ready, ct, readOnly]);

	useEffect(() => {
		const on = () => {
			setFull(document.fullscreenElement === box.current);
			setTimeout(() => fit.current && fit.current.fit(), 50);
		};
		document.addEventListener('fullscreenchange', on);
		return () => document.removeEventListener('fullscreenchange', on);
	}, []);

	async function copy(t = term.current) {
		const text = t && t.getSelection();
		if (!text) {
			notify('Select text in the console first, then copy.', 'error');
			return;
		}
		try {
			await navigator.clipboard.writeText(text);
			notify(`Copied ${text.length} characters.`);
		} catch (err) {
			notify(`Copy failed: ${err.message}`, 'error');
		}
	}

	function pasteSend(e) {
		e.preventDefault();
		if (!pasteText) return;
		link.current && link.current.input(pasteText.replace(/\r?\n/g, '\r'));
		setPasteText('');
		term.current && term.current.focus();
	}

	function fullToggle() {
		if (document.fullscreenElement) document.exitFullscreen();
		else if (box.current.requestFullscreen) box.current.requestFullscreen();
	}

	function extraKey(label, seq) {
		if (seq === null) ctrlSet(!ctrl.current);
		else send(seq);
		term.current && term.current.focus();
	}

	const modeHref = `/ct/${encodeURIComponent(ct)}/console${readOnly ? '' : '?mode=ro'}`;
	return html`<section ref=${box} class=${'console' + (full ? ' full' : '')} aria-label="Console">
		<div class="console-bar">
			<span class=${'console-state state-' + state} role="status">${STATE_TEXT[state] || state}</span>
			<span class="term-size"><span class="sr-only">Terminal size: </span><span class="term-dims">${size ? `${size.cols}×${size.rows}` : ''}</span></span>
			<div class="console-tools">
				<button type="button" onClick=${() => copy()}>Copy</button>
				<button type="button" aria-expanded=${paste ? 'true' : 'false'} aria-controls="paste-box"
					disabled=${readOnly} onClick=${() => setPaste(!paste)}>Paste…</button>
				<button type="button" aria-pressed=${readOnly ? 'true' : 'false'}
					onClick=${() => go(modeHref)}>Read-only</button>
				<button type="button" aria-pressed=${full ? 'true' : 'false'} onClick=${fullToggle}>Full screen</button>
			</div>
		</div>
		${paste && !readOnly && html`<form id="paste-box" class="paste" onSubmit=${pasteSend}>
			<label for="paste-text">Text to send to the console</label>
			<textarea id="paste-text" rows="3" value=${pasteText} onInput=${(e) => setPasteText(e.target.value)}></textarea>
			<div class="actions"><button type="submit" class="primary">Send</button>
				<button type="button" onClick=${() => setPaste(false)}>Close</button></div>
		</form>`}
		<div class="term" ref=${host} data-ct=${ct}></div>
		${!readOnly && html`<div class="extra-keys" role="group" aria-label="Extra keys">
			${EXTRA_KEYS.map(([label, seq, name]) => html`<button type="button" key=${label}
				class=${seq === null && ctrlOn ? 'on' : ''} aria-pressed=${seq === null ? (ctrlOn ? 'true' : 'false') : undefined}
				aria-label=${name || undefined} onClick=${() => extraKey(label, seq)}>${label}</button>`)}
		</div>`}
		<p class="hint">In the console, Ctrl+Shift+C copies the selection and Ctrl+Shift+X moves the focus out
			(Tab goes to the container). Output of the container never reaches your clipboard by itself.</p>
	</section>`;
}
