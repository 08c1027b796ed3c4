// The dashboard: the node bar, then every container with its state, IPs and
// recent CPU; filter, select, act on several at once. On a phone the table
// becomes one card per container (css/app.css).

import { html, useState } from '/vendor/preact-htm.js';
import { post } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { ctHref, href } from '../router.js';
import { StateBadge, Gauge, Spark, Confirm, ErrorBox } from '../components.js';
import { containersOf, ctId, ctIps, ctMatches, ctRunning, ctLimit, ctUsage } from '../model.js';
import { useNodeNow, useCpuSparks } from '../stats.js';
import { bytes, duration } from '../format.js';

export function NodeBar() {
	const { data: n, error } = useApi('/node', ['service'], { every: 30000 });
	const now = useNodeNow();
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!n) return html`<section class="nodebar" aria-label="Node"><p class="muted">Loading the node…</p></section>`;
	const cpu = n.cpu || {};
	const mem = n.memory || {};
	const zram = n.zram || {};
	const disk = n.disk || {};
	const load = now && now.load !== null && now.load !== undefined ? ` · load ${(now.load / 100).toFixed(2)}` : '';
	const cpuPct = now && now.cpu !== null ? now.cpu : null;
	return html`<section class="nodebar" aria-label="Node">
		<div class="nodebar-id">
			<strong>${n.hostname || 'node'}</strong>
			<span class="muted">up ${duration(n.uptime)} · ${n.version || ''}</span>
		</div>
		<${Gauge} label="CPU" used=${cpuPct || 0} total=${100}
			text=${`${cpuPct === null ? '–' : Math.round(cpuPct) + '%'} of ${cpu.count || '?'} CPUs${load}`} />
		<${Gauge} label="RAM" used=${mem.total - mem.available} total=${mem.total} />
		<${Gauge} label="zram" used=${zram.data} total=${zram.size}
			text=${zram.size ? `${bytes(zram.data)} in ${bytes(zram.memory)} / ${bytes(zram.size)}` : 'off'} />
		<${Gauge} label="Disk" used=${disk.used} total=${disk.size} />
	</section>`;
}

const BULK = [
	['start', 'Start'],
	['stop', 'Stop'],
	['restart', 'Restart'],
	['destroy', 'Destroy'],
];

function BulkBar({ selected, clear, all, checkAll }) {
	const [ask, setAsk] = useState(null);
	const n = selected.length;
	async function run(action) {
		try {
			const answer = await post('/containers/bulk', { action, containers: selected });
			const results = (answer && answer.results) || [];
			const bad = results.filter((r) => r.error);
			notify(`${action}: ${n - bad.length} of ${n} accepted`, bad.length ? 'error' : 'ok');
			for (const r of bad) notify(`${r.ct}: ${r.error.message}`, 'error');
			clear();
		} catch (err) {
			notify(`${action}: ${err.message}`, 'error');
		}
	}
	return html`<div class="bulk" role="group" aria-label="Act on the selected containers">
		<label class="check-all"><input type="checkbox" checked=${all} onChange=${(e) => checkAll(e.target.checked)} />
			Select all shown</label>
		<span>${n} selected</span>
		${BULK.map(([action, label]) => html`<button type="button" key=${action} disabled=${!n}
			class=${action === 'destroy' ? 'danger' : ''}
			onClick=${() => (action === 'destroy' || action === 'stop' ? setAsk(action) : run(action))}>${label}</button>`)}
		<${Confirm} open=${!!ask} title=${`${ask === 'destroy' ? 'Destroy' : 'Stop'} ${n} containers?`}
			action=${ask === 'destroy' ? 'Destroy' : 'Stop'} danger=${ask === 'destroy'}
			onClose=${(yes) => { const a = ask; setAsk(null); if (yes) run(a); }}>
			<p>${selected.join(', ')}</p>
			${ask === 'destroy' && html`<p>Their disks and configuration are deleted. This cannot be undone.</p>`}
		</${Confirm}>
	</div>`;
}

function Row({ c, checked, onCheck, spark }) {
	const id = ctId(c);
	const ram = ctUsage(c, 'ram');
	const limit = ctLimit(c, 'ram');
	return html`<tr>
		<td class="col-check"><input type="checkbox" checked=${checked} onChange=${(e) => onCheck(id, e.target.checked)}
			aria-label=${`Select ${c.name || id}`} /></td>
		<td data-label="Container"><a href=${ctHref(id)}><strong>${id}</strong>${c.name ? ' ' + c.name : ''}</a>
			<div class="muted small">${c.hostname || ''}</div></td>
		<td data-label="State"><${StateBadge} state=${c.state} /></td>
		<td data-label="IPs" class="ips">${ctIps(c).join(' ') || '–'}</td>
		<td data-label="RAM">${ram === null ? '–' : bytes(ram)} <span class="muted">/ ${limit === null ? 'unlimited' : bytes(limit)}</span></td>
		<td data-label="CPU"><${Spark} values=${spark} label=${`CPU of ${id} over the last minutes`} /></td>
		<td data-label="Actions" class="row-actions">
			<a href=${ctHref(id, 'console')}>Console</a>
		</td>
	</tr>`;
}

export function Dashboard() {
	const { data, error, loading } = useApi('/containers', ['ct', 'ct-deleted']);
	const [filter, setFilter] = useState('');
	const [sel, setSel] = useState({});
	const cts = containersOf(data);
	const sparks = useCpuSparks(cts.filter(ctRunning).map(ctId).slice(0, 100));
	const shown = cts.filter((c) => ctMatches(c, filter));
	const selected = shown.map(ctId).filter((id) => sel[id]);
	const all = shown.length > 0 && selected.length === shown.length;

	const onCheck = (id, on) => setSel((s) => ({ ...s, [id]: on }));
	const checkAll = (on) => setSel(Object.fromEntries(shown.map((c) => [ctId(c), on])));

	return html`<h1>Dashboard</h1>
		<${NodeBar} />
		<section aria-labelledby="cts-title">
			<div class="section-head">
				<h2 id="cts-title">Containers <span class="muted">${cts.length}</span></h2>
				<a class="button primary" href=${href('/create')}>Create container</a>
			</div>
			<div class="toolbar">
				<label class="filter"><span>Filter</span>
					<input type="search" value=${filter} placeholder="CTID, name, IP, state"
						onInput=${(e) => setFilter(e.target.value)} /></label>
				<${BulkBar} selected=${selected} clear=${() => setSel({})} all=${all} checkAll=${checkAll} />
			</div>
			<${ErrorBox} error=${error} />
			${loading ? html`<p class="muted">Loading containers…</p>` : !cts.length
				? html`<p class="empty">No containers yet. <a href=${href('/create')}>Create the first one</a>.</p>`
				: html`<table class="cts">
					<caption class="sr-only">Containers</caption>
					<thead><tr>
						<th class="col-check" scope="col"><span class="sr-only">Selected</span></th>
						<th scope="col">Container</th><th scope="col">State</th><th scope="col">IPs</th>
						<th scope="col">RAM</th><th scope="col">CPU</th><th scope="col"><span class="sr-only">Actions</span></th>
					</tr></thead>
					<tbody>${shown.map((c) => html`<${Row} key=${ctId(c)} c=${c} checked=${!!sel[ctId(c)]}
						onCheck=${onCheck} spark=${sparks[ctId(c)]} />`)}</tbody>
				</table>`}
			${cts.length > 0 && !shown.length && html`<p class="empty">No container matches “${filter}”.</p>`}
		</section>`;
}
