// Create a container: template, resources, names, addresses. The server
// checks every value with the same parser as `vzctl create`; a refused value
// is shown at its field. Then the task's progress, live.

import { html, useState, useRef, useEffect } from '/vendor/preact-htm.js';
import { post } from '../api.js';
import { useApi } from '../hooks.js';
import { ctHref, href } from '../router.js';
import { Field, described, ErrorBox, useTask, TaskProgress } from '../components.js';
import { templatesOf } from '../model.js';
import { bytes } from '../format.js';

const RAM = ['256M', '512M', '1G', '2G', '4G', '8G'];
const SWAP = ['0', '256M', '512M', '1G', '2G'];
const DISK = ['1G', '2G', '5G', '10G', '20G'];

const FIELDS = ['ostemplate', 'ctid', 'name', 'hostname', 'ram', 'swap', 'diskspace', 'ipadd', 'nameserver', 'onboot'];

function Presets({ id, label, values, value, set }) {
	return html`<div class="presets" role="group" aria-label=${label + ' presets'}>
		${values.map((v) => html`<button type="button" key=${v} class=${'chip' + (value === v ? ' on' : '')}
			aria-pressed=${value === v ? 'true' : 'false'} aria-controls=${id} onClick=${() => set(v)}>${v}</button>`)}
	</div>`;
}

function SizeField({ id, label, hint, values, form, set, errors }) {
	return html`<${Field} id=${id} label=${label} hint=${hint} error=${errors[id]}>
		<${Presets} id=${id} label=${label} values=${values} value=${form[id]} set=${(v) => set(id, v)} />
		<input id=${id} name=${id} value=${form[id]} inputmode="text" autocomplete="off"
			onInput=${(e) => set(id, e.target.value)} ...${described(id, hint, errors[id])} />
	</${Field}>`;
}

function TemplatePicker({ value, set, error }) {
	const { data, error: loadError } = useApi('/templates', ['templates']);
	const list = templatesOf(data);
	return html`<fieldset class=${'field templates-pick' + (error ? ' has-error' : '')}
			aria-describedby=${error ? 'ostemplate-error' : undefined}>
		<legend>Template</legend>
		<${ErrorBox} error=${loadError} />
		${!data && !loadError && html`<p class="muted">Loading templates…</p>`}
		${data && !list.length && html`<p class="muted">No templates on this node. <a href=${href('/templates')}>Get one</a>.</p>`}
		<div class="tpl-grid">${list.map((t, i) => html`<label key=${t.name} class=${'tpl' + (value === t.name ? ' on' : '')}>
			<input type="radio" name="ostemplate" id=${i === 0 ? 'ostemplate' : undefined} value=${t.name}
				checked=${value === t.name} onChange=${() => set('ostemplate', t.name)} />
			<span class="tpl-name">${t.name}</span>
			<span class="muted small">${t.builtin ? 'built in' : t.size ? bytes(t.size) : ''}</span>
		</label>`)}</div>
		${error && html`<p class="error" id="ostemplate-error" role="alert">${error}</p>`}
	</fieldset>`;
}

function body(form) {
	const b = {};
	for (const k of ['ostemplate', 'ctid', 'name', 'hostname', 'ram', 'swap', 'diskspace']) {
		if (form[k] !== '') b[k] = k === 'ctid' && /^\d+$/.test(form[k]) ? Number(form[k]) : form[k];
	}
	for (const k of ['ipadd', 'nameserver']) {
		const words = form[k].split(/[\s,]+/).filter(Boolean);
		if (words.length) b[k] = words;
	}
	b.onboot = form.onboot;
	b.start = form.start;
	return b;
}

function Progress({ task, ct: asked, onFieldError }) {
	const { task: t } = useTask(task);
	const ct = String((t && t.ct) || asked || '');
	const field = t && t.state === 'failed' && t.error && t.error.field;
	useEffect(() => {
		if (field && FIELDS.includes(field)) onFieldError(field, t.error.message);
	}, [field]);
	return html`<section class="card" aria-labelledby="progress-title">
		<h2 id="progress-title">Creating ${ct}</h2>
		<${TaskProgress} task=${t} label="Create" />
		${t && t.state === 'ok' && html`<p><a class="button primary" href=${ctHref(ct)}>Open ${ct}</a>
			<a class="button" href=${ctHref(ct, 'console')}>Console</a></p>`}
		<p><a href=${href(`/tasks/${encodeURIComponent(task)}`)}>Task ${task}: details and log</a></p>
	</section>`;
}

export function Create() {
	const [form, setForm] = useState({
		ostemplate: '', ctid: '', name: '', hostname: '', ram: '512M', swap: '512M', diskspace: '2G',
		ipadd: '', nameserver: '', onboot: false, start: true,
	});
	const [errors, setErrors] = useState({});
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	const [task, setTask] = useState(null);
	const formRef = useRef(null);
	const set = (k, v) => {
		setForm((f) => ({ ...f, [k]: v }));
		setErrors((e) => ({ ...e, [k]: undefined }));
	};

	// A refused value: shown at its field, which gets the focus.
	function fieldError(field, message) {
		setTask(null);
		setErrors({ [field]: message });
		setTimeout(() => {
			const el = formRef.current && formRef.current.querySelector('#' + field);
			if (el) el.focus();
		}, 0);
	}

	async function submit(e) {
		e.preventDefault();
		setBusy(true);
		setErrors({});
		setError(null);
		try {
			const answer = await post('/containers', body(form));
			setTask({ id: answer.task, ct: form.ctid });
		} catch (err) {
			if (err.field && FIELDS.includes(err.field)) fieldError(err.field, err.message);
			else setError(err);
		}
		setBusy(false);
	}

	if (task) return html`<h1>Create a container</h1><${Progress} task=${task.id} ct=${task.ct} onFieldError=${fieldError} />
		<p><button type="button" onClick=${() => setTask(null)}>Create another</button></p>`;

	const text = (id, label, hint, extra = {}) => html`<${Field} id=${id} label=${label} hint=${hint} error=${errors[id]}>
		<input id=${id} name=${id} value=${form[id]} autocomplete="off" onInput=${(e) => set(id, e.target.value)}
			...${described(id, hint, errors[id])} ...${extra} />
	</${Field}>`;

	return html`<h1>Create a container</h1>
		<form ref=${formRef} class="form create" onSubmit=${submit} novalidate>
			<${TemplatePicker} value=${form.ostemplate} set=${set} error=${errors.ostemplate} />
			<div class="grid2">
				${text('ctid', 'CTID', 'The container\'s number, e.g. 101.', { inputmode: 'numeric', required: true })}
				${text('name', 'Name', 'Optional; scripts and the URL can use it instead of the CTID.')}
				${text('hostname', 'Host name', 'The name the container calls itself.')}
				${text('nameserver', 'Name servers', 'Optional, e.g. 10.0.2.3; several separated by spaces.')}
			</div>
			<div class="grid3">
				<${SizeField} id="ram" label="RAM" hint="e.g. 512M or 1.5G" values=${RAM} form=${form} set=${set} errors=${errors} />
				<${SizeField} id="swap" label="Swap" hint="vSwap, e.g. 512M; 0 for none" values=${SWAP} form=${form} set=${set} errors=${errors} />
				<${SizeField} id="diskspace" label="Disk" hint="the ploop image's size" values=${DISK} form=${form} set=${set} errors=${errors} />
			</div>
			${text('ipadd', 'IP addresses', 'One or more, separated by spaces or commas (venet).')}
			<div class="checks">
				<label><input type="checkbox" checked=${form.onboot} onChange=${(e) => set('onboot', e.target.checked)} />
					Start when the node boots</label>
				<label><input type="checkbox" checked=${form.start} onChange=${(e) => set('start', e.target.checked)} />
					Start it once created</label>
			</div>
			<${ErrorBox} error=${error} />
			<div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? 'Creating…' : 'Create'}</button></div>
		</form>`;
}
