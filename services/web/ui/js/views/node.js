// The node: services, kernel warnings, the certificate and its fingerprint,
// the admin password, API tokens and the audit log.

import { html, useState } from '/vendor/preact-htm.js';
import { post, put, del, seg } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { Field, described, ErrorBox, Confirm } from '../components.js';
import { NodeBar } from './dashboard.js';
import { when } from '../format.js';

const SCOPES = [
	['read', 'read: see everything'],
	['operate', 'operate: start, stop, consoles'],
	['admin', 'admin: every change'],
	['metrics', 'metrics: statistics only'],
];

const listOf = (a, key) => (Array.isArray(a) ? a : (a && a[key]) || []);

function Services({ node }) {
	const services = node.services || [];
	const warnings = node.warnings || [];
	return html`<section aria-labelledby="svc-title" class="card">
		<h2 id="svc-title">Services</h2>
		<ul class="services">${services.map((s) => html`<li key=${s.name}>
			<span class=${'badge svc-' + s.state}>${s.state}</span> ${s.name}</li>`)}</ul>
		<h3>Kernel warnings</h3>
		${warnings.length ? html`<ul class="warnings">${warnings.map((w, i) => html`<li key=${i}>
			<span class="muted small">${when(w.time)}</span> <span class="mono">${w.text || w.message || w}</span></li>`)}</ul>`
			: html`<p class="muted">None since boot.</p>`}
	</section>`;
}

function Certificate({ node }) {
	const c = node.certificate || {};
	return html`<section aria-labelledby="cert-title" class="card">
		<h2 id="cert-title">Certificate</h2>
		<p>Compare this fingerprint with the one your browser shows for this page and with the one on the
		node's serial console. If they differ, someone is between you and the node: log out.</p>
		<dl class="facts">
			<dt>SHA-256</dt><dd class="mono fingerprint">${c.fingerprint || c.sha256 || '–'}</dd>
			<dt>Subject</dt><dd>${c.subject || '–'}</dd>
			<dt>Names</dt><dd>${(c.san || c.sans || []).join(', ') || '–'}</dd>
			<dt>Valid until</dt><dd>${when(c.not_after)}</dd>
			<dt>Issued by</dt><dd>${c.self_signed ? 'the node itself (self-signed)' : c.issuer || '–'}</dd>
		</dl>
	</section>`;
}

function Password() {
	const [form, setForm] = useState({ password: '', new_password: '', again: '' });
	const [errors, setErrors] = useState({});
	const [busy, setBusy] = useState(false);
	const set = (k, v) => setForm((f) => ({ ...f, [k]: v }));
	async function submit(e) {
		e.preventDefault();
		if (form.new_password !== form.again) {
			setErrors({ again: 'The two new passwords differ.' });
			return;
		}
		setBusy(true);
		setErrors({});
		try {
			await put('/node/password', { password: form.password, new_password: form.new_password });
			notify('Password changed. Every session has ended: log in again.');
		} catch (err) {
			setErrors({ [err.field === 'new_password' ? 'new_password' : err.field === 'password' ? 'password' : 'form']: err.message });
		}
		setBusy(false);
	}
	const input = (id, label, auto, hint) => html`<${Field} id=${'pw-' + id} label=${label} hint=${hint} error=${errors[id]}>
		<input id=${'pw-' + id} type="password" autocomplete=${auto} required value=${form[id]}
			onInput=${(e) => set(id, e.target.value)} ...${described('pw-' + id, hint, errors[id])} />
	</${Field}>`;
	return html`<form class="form card" onSubmit=${submit} aria-labelledby="pw-title">
		<h2 id="pw-title">Admin password</h2>
		${input('password', 'Current password', 'current-password')}
		${input('new_password', 'New password', 'new-password', 'Changing it ends every session, this one too.')}
		${input('again', 'New password again', 'new-password')}
		${errors.form && html`<p class="error" role="alert">${errors.form}</p>`}
		<div class="actions"><button type="submit" class="primary" disabled=${busy}>Change password</button></div>
	</form>`;
}

function Tokens() {
	const { data, error, reload } = useApi('/tokens', []);
	const [name, setName] = useState('');
	const [scopes, setScopes] = useState({ read: true });
	const [expires, setExpires] = useState('');
	const [created, setCreated] = useState(null);
	const [ask, setAsk] = useState(null);
	const [formError, setFormError] = useState(null);
	const tokens = listOf(data, 'tokens');

	async function create(e) {
		e.preventDefault();
		setFormError(null);
		try {
			const body = { name, scopes: SCOPES.map(([s]) => s).filter((s) => scopes[s]) };
			if (expires) body.expires = expires;
			setCreated(await post('/tokens', body));
			setName('');
			reload();
		} catch (err) {
			setFormError(err);
		}
	}

	async function revoke(yes) {
		const t = ask;
		setAsk(null);
		if (!yes) return;
		try {
			await del(`/tokens/${seg(t.id)}`);
			notify(`Revoked token ${t.name || t.id}`);
			reload();
		} catch (err) {
			notify(`Revoke: ${err.message}`, 'error');
		}
	}

	return html`<section class="card" aria-labelledby="tok-title">
		<h2 id="tok-title">API tokens</h2>
		<p class="hint">For scripts: <code>curl -H "Authorization: Bearer TOKEN" https://node/api/v1/containers</code>.
		The node keeps only a hash: a token is shown once, when it is made.</p>
		<${ErrorBox} error=${error} />
		${tokens.length > 0 && html`<table class="list"><thead><tr><th scope="col">Name</th><th scope="col">Scopes</th>
			<th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
			<tbody>${tokens.map((t) => html`<tr key=${t.id}>
				<td data-label="Name">${t.name || t.id}</td><td data-label="Scopes">${(t.scopes || []).join(', ')}</td>
				<td data-label="Expires">${t.expires ? when(t.expires) : 'never'}</td>
				<td data-label="Last used">${when(t.last_used)}</td>
				<td data-label="Actions" class="row-actions"><button type="button" class="danger" onClick=${() => setAsk(t)}
					aria-label=${`Revoke token ${t.name || t.id}`}>Revoke</button></td></tr>`)}</tbody></table>`}
		${created && html`<div class="token-once" role="alert">
			<p><strong>Copy this token now;</strong> it is not shown again.</p>
			<p class="mono token" tabindex="0">${created.token}</p>
			<button type="button" onClick=${() => setCreated(null)}>Done</button></div>`}
		<form class="form" onSubmit=${create}>
			<h3>New token</h3>
			<div class="grid2">
				<div class="field"><label for="tok-name">Name</label>
					<input id="tok-name" required value=${name} onInput=${(e) => setName(e.target.value)} placeholder="e.g. backup-script" /></div>
				<div class="field"><label for="tok-exp">Expires</label>
					<input id="tok-exp" type="date" value=${expires} onInput=${(e) => setExpires(e.target.value)} />
					<p class="hint">Empty: never.</p></div>
			</div>
			<fieldset class="checks"><legend>Scopes</legend>
				${SCOPES.map(([s, label]) => html`<label key=${s}><input type="checkbox" checked=${!!scopes[s]}
					onChange=${(e) => setScopes((x) => ({ ...x, [s]: e.target.checked }))} /> ${label}</label>`)}
			</fieldset>
			<${ErrorBox} error=${formError} />
			<div class="actions"><button type="submit" class="primary" disabled=${!name}>Create token</button></div>
		</form>
		<${Confirm} open=${!!ask} title=${ask ? `Revoke token ${ask.name || ask.id}?` : ''} action="Revoke" danger onClose=${revoke}>
			<p>Scripts using it get 401 from now on.</p>
		</${Confirm}>
	</section>`;
}

function Audit() {
	const { data, error } = useApi('/audit?limit=100', ['container', 'task']);
	const lines = listOf(data, 'entries');
	return html`<section class="card" aria-labelledby="audit-title">
		<h2 id="audit-title">Audit log</h2>
		<p class="hint">The last 100 changes and console attaches; the whole log is /vz/etc/web/audit.log and syslog.</p>
		<${ErrorBox} error=${error} />
		${lines.length > 0 && html`<div class="scroll-x" tabindex="0" role="region" aria-label="Audit log entries">
			<table class="list audit"><thead><tr><th scope="col">Time</th><th scope="col">Who</th><th scope="col">From</th>
			<th scope="col">Action</th><th scope="col">Container</th><th scope="col">Result</th></tr></thead>
			<tbody>${lines.map((l, i) => html`<tr key=${i}><td data-label="Time">${when(l.time)}</td>
				<td data-label="Who">${l.user}</td><td data-label="From">${l.source}</td><td data-label="Action">${l.action}</td>
				<td data-label="Container">${l.ct || '–'}</td><td data-label="Result">${l.result}</td></tr>`)}</tbody></table></div>`}
	</section>`;
}

export function Node() {
	const { data: node, error } = useApi('/node', ['node', 'service']);
	return html`<h1>Node</h1>
		<${NodeBar} />
		<${ErrorBox} error=${error} />
		${node && html`<div class="node-grid"><${Services} node=${node} /><${Certificate} node=${node} /></div>`}
		<div class="node-grid"><${Password} /><${Tokens} /></div>
		<${Audit} />`;
}
