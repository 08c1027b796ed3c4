// One container: its header with the lifecycle actions, and tabs for the
// overview (limits, usage, graphs), console, settings, snapshots and tasks.

import { html, useState } from '/vendor/preact-htm.js';
import { post, del, seg } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { ctHref, go } from '../router.js';
import { StateBadge, Confirm, ErrorBox } from '../components.js';
import { ctIps, ctRunning, ctOnboot, ctLimit, ctUsage, ctConfig } from '../model.js';
import { bytes } from '../format.js';
import { Graphs } from './graphs.js';
import { Console } from './console.js';
import { Settings } from './settings.js';
import { Snapshots } from './snapshots.js';
import { TaskTable } from './tasks.js';

const TABS = [
	['overview', 'Overview'],
	['console', 'Console'],
	['settings', 'Settings'],
	['snapshots', 'Snapshots'],
	['tasks', 'Tasks'],
];

function Actions({ c, ct }) {
	const [ask, setAsk] = useState(null);
	const [busy, setBusy] = useState(false);
	const running = ctRunning(c);
	async function run(action) {
		setBusy(true);
		try {
			if (action === 'destroy') {
				await del(`/containers/${seg(ct)}`);
				notify(`Destroying ${ct}`);
				go('/');
			} else {
				await post(`/containers/${seg(ct)}/${action}`, {});
				notify(`${action[0].toUpperCase() + action.slice(1)} ${ct}: accepted`);
			}
		} catch (err) {
			notify(`${action} ${ct}: ${err.message}`, 'error');
		}
		setBusy(false);
	}
	return html`<div class="ct-actions" role="group" aria-label="Container actions">
		<button type="button" class="primary" disabled=${busy || running} onClick=${() => run('start')}>Start</button>
		<button type="button" disabled=${busy || !running} onClick=${() => setAsk('stop')}>Stop</button>
		<button type="button" disabled=${busy || !running} onClick=${() => run('restart')}>Restart</button>
		<button type="button" class="danger" disabled=${busy || running} onClick=${() => setAsk('destroy')}
			title=${running ? 'Stop it first' : ''}>Destroy</button>
		<${Confirm} open=${!!ask} title=${ask === 'destroy' ? `Destroy ${ct}?` : `Stop ${ct}?`}
			action=${ask === 'destroy' ? 'Destroy' : 'Stop'} danger=${ask === 'destroy'}
			onClose=${(yes) => { const a = ask; setAsk(null); if (yes) run(a); }}>
			${ask === 'destroy'
				? html`<p>The container's disk, snapshots and configuration are deleted. This cannot be undone.</p>`
				: html`<p>Its processes get SIGTERM, then SIGKILL after the grace time.</p>`}
		</${Confirm}>
	</div>`;
}

// "used of limit" for a resource.
function use(c, k, limitKey = k) {
	const u = ctUsage(c, k);
	const l = ctLimit(c, limitKey);
	return `${u === null ? '' : bytes(u) + ' of '}${l === null ? 'unlimited' : bytes(l)}`;
}

function Overview({ c, ct }) {
	return html`<div class="overview">
		<dl class="facts">
			<dt>State</dt><dd><${StateBadge} state=${c.state} /></dd>
			<dt>Host name</dt><dd>${c.hostname || '–'}</dd>
			<dt>IPs</dt><dd class="ips">${ctIps(c).join(' ') || '–'}</dd>
			<dt>Template</dt><dd>${c.ostemplate || '–'}</dd>
			<dt>RAM</dt><dd>${use(c, 'ram')}</dd>
			<dt>Swap</dt><dd>${use(c, 'swap')}</dd>
			<dt>Disk</dt><dd>${use(c, 'disk', 'diskspace')}</dd>
			<dt>Processes</dt><dd>${ctUsage(c, 'nproc') === null ? '–' : ctUsage(c, 'nproc')}</dd>
			<dt>Name servers</dt><dd>${ctConfig(c, 'NAMESERVER') || '–'}</dd>
			<dt>Layout</dt><dd>${c.layout || '–'}</dd>
			<dt>Start on boot</dt><dd>${ctOnboot(c) ? 'yes' : 'no'}</dd>
		</dl>
		<${Graphs} ct=${ct} />
	</div>`;
}

export function Container({ ct, tab, query }) {
	const { data: c, error, reload, etag } = useApi(`/containers/${seg(ct)}`, ['ct', 'ct-deleted'], {
		filter: (kind, d) => !d || d.ctid === undefined || String(d.ctid) === ct || d.name === ct,
	});
	const title = c ? (c.name ? `${c.name} (${c.ctid})` : `Container ${c.ctid}`) : `Container ${ct}`;
	return html`<div class="ct-head">
			<h1>${title}</h1>
			${c && html`<${StateBadge} state=${c.state} />`}
			${c && html`<${Actions} c=${c} ct=${ct} />`}
		</div>
		<${ErrorBox} error=${error} />
		<nav class="tabs" aria-label="Container sections">
			${TABS.map(([id, label]) => html`<a key=${id} href=${ctHref(ct, id === 'overview' ? '' : id)}
				aria-current=${tab === id ? 'page' : undefined}>${label}</a>`)}
		</nav>
		${c && tab === 'overview' && html`<${Overview} c=${c} ct=${ct} />`}
		${tab === 'console' && c && !ctRunning(c) && html`<p class="hint">The container is ${c.state}: its console shows what it printed
			last, and the next start from its first byte.</p>`}
		${tab === 'console' && html`<${Console} ct=${ct} readOnly=${query.get('mode') === 'ro'} />`}
		${c && tab === 'settings' && html`<${Settings} c=${c} ct=${ct} etag=${etag} reload=${reload} />`}
		${tab === 'snapshots' && html`<${Snapshots} ct=${ct} />`}
		${tab === 'tasks' && html`<${TaskTable} ct=${ct} />`}`;
}
