// The node: services, kernel warnings, the certificate and its fingerprint,
// the admin password, API tokens and the audit log.

import { html, useState } from '/vendor/preact-htm.js';
import { post, put, del, seg } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { Field, described, ErrorBox, Confirm } from '../components.js';
import { NodeBar } from './dashboard.js';
import { when } from '../format.js';
import { tokensOf, auditOf } from '../model.js';

const SCOPES = [
	['read', 'read: see everything'],
	['operate', 'operate: start, stop, consoles'],
	['admin', 'admin: every change'],
	['metrics', 'metrics: statistics only'],
];


function Services({ node }) {
	const services = node.services || [];
	const warnings = node.warnings || [];
	const stateOf = (s) => s.state + (s.restarts ? `, ${s.restarts} restarts` : '');
	return html`<section aria-labelledby="svc-title" class="card">
		<h2 id="svc-title">Services</h2>
		<ul class="services">${services.map((s) => html`<li key=${s.name}>
			<span class=${'badge svc-' + s.state}>${stateOf(s)}</span> ${s.name}</li>`)}</ul>
		<h3>Kernel warnings</h3>
		${warnings.length ? html`<ul class="warnings">${warnings.map((w, i) => html`<li key=${i} class="mono small">${w}</li>`)}</ul>`
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
			<dt>SHA-256</dt><dd class="mono fingerprint">${c.fingerprint_sha256 || '–'}</dd>
			<dt>Subject</dt><dd>${c.subject || '–'}</dd>
			<dt>Names</dt><dd>${(c.names || []).join(', ') || '–'}</dd>
			<dt>Valid</dt><dd>${when(c.not_before)} to ${when(c.not_after)}</dd>
			<dt>Issued by</dt><dd>${c.self_signed ? 'the node itself (self-signed)' : c.issuer || '–'}</dd>
			<dt>Key</dt><dd>${c.key || '–'}</dd>
		</dl>
		<${CertUpload} />
	</section>`;
}

// An operator certificate: the PEM chain and its key, read from files.
function CertUpload() {
	const [files, setFiles] = useState({ cert: null, key: null });
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	async function send(e) {
		e.preventDefault();
		setBusy(true);
		setError(null);
		try {
			await put('/node/certificate', { cert: await files.cert.text(), key: await files.key.text() });
			notify('Certificate installed; the node now serves it. Reload the page and check the new fingerprint.');
		} catch (err) {
			setError(err);
		}
		setBusy(false);
	}
	const pick = (k) => (e) => setFiles((f) => ({ ...f, [k]: e.target.files[0] || null }));
	return html`<form class="form" onSubmit=${send}>
		<h3>Use your own certificate</h3>
		<div class="grid2">
			<div class="field"><label for="cert-file">Certificate chain (PEM)</label>
				<input id="cert-file" type="file" accept=".pem,.crt,.cer" onChange=${pick('cert')} /></div>
			<div class="field"><label for="key-file">Private key (PEM)</label>
				<input id="key-file" type="file" accept=".pem,.key" onChange=${pick('key')} /></div>
		</div>
		<${ErrorBox} error=${error} />
		<div class="actions"><button type="submit" disabled=${busy || !files.cert || !files.key}>Install certificate</button></div>
	</form>`;
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
			await put('/node/password', { current: form.password, password: form.new_password });
			notify('Password changed. Every session has ended: log in again.');
		} catch (err) {
			setErrors({ [{ current: 'password', password: 'new_password' }[err.field] || 'form']: err.message });
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
		${input('new_password', 'New password', 'new-password', 'At least 8 characters. Changing it ends every session, this one too.')}
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
	const tokens = tokensOf(data);

	async function create(e) {
		e.preventDefault();
		setFormError(null);
		try {
			const body = { name, scopes: SCOPES.map(([s]) => s).filter((s) => scopes[s]) };
			if (expires) body.expires_in = Math.max(60, Math.round((new Date(expires + 'T23:59:59').getTime() - Date.now()) / 1000));
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
			<th scope="col">Expires</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
			<tbody>${tokens.map((t) => html`<tr key=${t.id}>
				<td data-label="Name">${t.name || t.id}</td><td data-label="Scopes">${t.scopes}</td>
				<td data-label="Expires">${t.expires ? when(t.expires) : 'never'}</td>
				<td data-label="Created">${when(t.created)}</td>
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
	const { data, error } = useApi('/audit?limit=100', ['ct', 'task']);
	const lines = auditOf(data).slice().reverse();
	return html`<section class="card" aria-labelledby="audit-title">
		<h2 id="audit-title">Audit log</h2>
		<p class="hint">The last 100 changes and console attaches, newest first; the whole log is /vz/etc/web/audit.log and syslog.</p>
		<${ErrorBox} error=${error} />
		${lines.length > 0 && html`<div class="scroll-x" tabindex="0" role="region" aria-label="Audit log entries">
			<table class="list audit"><thead><tr><th scope="col">Time</th><th scope="col">Who</th><th scope="col">From</th>
			<th scope="col">Action</th><th scope="col">Container</th><th scope="col">Result</th></tr></thead>
			<tbody>${lines.map((l, i) => html`<tr key=${i}><td data-label="Time">${when(l.time)}</td>
				<td data-label="Who">${l.who}</td><td data-label="From">${l.source}</td><td data-label="Action">${l.action}</td>
				<td data-label="Container">${l.ct || '–'}</td><td data-label="Result">${l.result}</td></tr>`)}</tbody></table></div>`}
	</section>`;
}

export function Node() {
	const { data: node, error } = useApi('/node', ['service']);
	return html`<h1>Node</h1>
		<${NodeBar} />
		<${ErrorBox} error=${error} />
		${node && html`<div class="node-grid"><${Services} node=${node} /><${Certificate} node=${node} /></div>`}
		<div class="node-grid"><${Password} /><${Tokens} /></div>
		<${Audit} />`;
}
