// Short messages to the operator ("Started 101"), read out by screen
// readers through one live region.

import { html, useState, useEffect } from '/vendor/preact-htm.js';

const listeners = new Set();
let items = [];
let next = 1;

function publish() {
	for (const fn of listeners) fn(items);
}

// notify(text, kind): kind "ok" or "error"; the message goes away by itself.
export function notify(text, kind = 'ok') {
	const id = next++;
	items = [...items, { id, text, kind }].slice(-4);
	publish();
	setTimeout(() => {
		items = items.filter((i) => i.id !== id);
		publish();
	}, kind === 'error' ? 10000 : 5000);
}

export function Notices() {
	const [list, setList] = useState(items);
	useEffect(() => {
		listeners.add(setList);
		setList(items);
		return () => listeners.delete(setList);
	}, []);
	return html`<div class="notices" role="status" aria-live="polite">
		${list.map((i) => html`<p key=${i.id} class=${'notice notice-' + i.kind}>${i.text}</p>`)}
	</div>`;
}
