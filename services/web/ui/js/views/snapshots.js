// A container's ploop snapshots: take one, switch to one, delete one.

import { html, useState } from '/vendor/preact-htm.js';
import { post, del, seg } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { Confirm, ErrorBox } from '../components.js';
import { snapshotsOf } from '../model.js';

export function Snapshots({ ct }) {
	const path = `/containers/${seg(ct)}/snapshots`;
	const { data, error, reload } = useApi(path, ['task']);
	const [ask, setAsk] = useState(null);
	const [busy, setBusy] = useState(false);
	const snaps = snapshotsOf(data);

	async function act(what, fn) {
		setBusy(true);
		try {
			await fn();
			notify(`${what}: accepted`);
			reload();
		} catch (err) {
			notify(`${what}: ${err.message}`, 'error');
		}
		setBusy(false);
	}

	function take() {
		act(`Snapshot of ${ct}`, () => post(path, {}));
	}

	function answer(yes) {
		const a = ask;
		setAsk(null);
		if (!yes) return;
		const p = `${path}/${seg(a.snap.id)}`;
		if (a.op === 'switch') act(`Switch ${ct} to ${a.label}`, () => post(`${p}/switch`, {}));
		else act(`Delete snapshot ${a.label}`, () => del(p));
	}

	return html`<section aria-labelledby="snaps-title">
		<h2 id="snaps-title">Snapshots</h2>
		<p class="hint">A snapshot keeps the container's disk as it is now; the container goes on
			running. Its ploop image grows a new top delta.</p>
		<p><button type="button" class="primary" disabled=${busy} onClick=${take}>Take a snapshot</button></p>
		<${ErrorBox} error=${error} />
		${data && !snaps.length && html`<p class="empty">No snapshots.</p>`}
		${snaps.length > 0 && html`<table class="list">
			<thead><tr><th scope="col">Snapshot</th><th scope="col">Parent</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
			<tbody>${snaps.map((s) => {
				const label = s.id;
				return html`<tr key=${s.id}>
					<td data-label="Snapshot"><span class="mono">${s.id}</span>${s.current ? html` <span class="badge">current</span>` : ''}</td>
					<td data-label="Parent" class="mono small">${s.parent || '–'}</td>
					<td data-label="Actions" class="row-actions">
						<button type="button" disabled=${busy} onClick=${() => setAsk({ op: 'switch', snap: s, label })}>Switch to</button>
						<button type="button" class="danger" disabled=${busy} onClick=${() => setAsk({ op: 'delete', snap: s, label })}>Delete</button>
					</td></tr>`;
			})}</tbody></table>`}
		<${Confirm} open=${!!ask} danger=${ask && ask.op === 'delete'}
			title=${ask ? (ask.op === 'switch' ? `Switch ${ct} to ${ask.label}?` : `Delete snapshot ${ask.label}?`) : ''}
			action=${ask && ask.op === 'switch' ? 'Switch' : 'Delete'} onClose=${answer}>
			<p>${ask && ask.op === 'switch'
				? 'The container goes back to the state of this snapshot; changes made since are lost unless you snapshot them first.'
				: 'The snapshot is merged away; the current state stays.'}</p>
		</${Confirm}>
	</section>`;
}
