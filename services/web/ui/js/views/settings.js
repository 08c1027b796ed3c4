// A container's settings, changed like `vzctl set --save`: only the fields
// edited are sent, with If-Match so a change made meanwhile (vzctl, another
// browser) is not overwritten; a refused value is shown at its field.

import { html, useState, useEffect } from '/vendor/preact-htm.js';
import { patch, seg } from '../api.js';
import { notify } from '../notify.js';
import { Field, described, ErrorBox } from '../components.js';
import { ctIps, ctOnboot, ctLimit, ctConfig, sizeArg } from '../model.js';

const FIELDS = [
	['name', 'Name', ''],
	['hostname', 'Host name', ''],
	['ram', 'RAM', 'e.g. 512M or 1.5G'],
	['swap', 'Swap', 'e.g. 512M; 0 for none'],
	['diskspace', 'Disk', 'grows the ploop image online; shrinking needs the container stopped'],
	['ipadd', 'IP addresses', 'separated by spaces or commas'],
	['nameserver', 'Name servers', 'separated by spaces or commas'],
];

function formOf(c) {
	return {
		name: c.name || '',
		hostname: c.hostname || '',
		ram: sizeArg(ctLimit(c, 'ram')),
		swap: sizeArg(ctLimit(c, 'swap')),
		diskspace: sizeArg(ctLimit(c, 'diskspace')),
		ipadd: ctIps(c).join(' '),
		nameserver: ctConfig(c, 'NAMESERVER'),
		onboot: ctOnboot(c),
	};
}

const split = (s) => s.split(/[\s,]+/).filter(Boolean);

// The PATCH body: the edited fields as vzctl set options; the address list
// as the addresses to add and to delete (--ipadd, --ipdel).
function changes(base, form, dirty) {
	const body = {};
	for (const k of dirty) {
		if (k === 'ipadd') {
			const was = split(base.ipadd);
			const now = split(form.ipadd);
			const add = now.filter((ip) => !was.includes(ip));
			const gone = was.filter((ip) => !now.includes(ip));
			if (add.length) body.ipadd = add;
			if (gone.length) body.ipdel = gone;
		} else if (k === 'nameserver') {
			body.nameserver = split(form.nameserver);
		} else {
			body[k] = form[k];
		}
	}
	return body;
}

export function Settings({ c, ct, etag, reload }) {
	const [base, setBase] = useState(() => formOf(c));
	const [form, setForm] = useState(base);
	const [errors, setErrors] = useState({});
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	const [stale, setStale] = useState(false);
	const dirty = Object.keys(form).filter((k) => form[k] !== base[k]);

	// A change from elsewhere: take it unless the operator is editing.
	useEffect(() => {
		const next = formOf(c);
		if (!dirty.length) {
			setBase(next);
			setForm(next);
			setStale(false);
		} else if (JSON.stringify(next) !== JSON.stringify(base)) {
			setStale(true);
		}
	}, [etag]);

	const set = (k, v) => {
		setForm((f) => ({ ...f, [k]: v }));
		setErrors((e) => ({ ...e, [k]: undefined }));
	};

	async function save(e) {
		e.preventDefault();
		const body = changes(base, form, dirty);
		setBusy(true);
		setErrors({});
		setError(null);
		try {
			// ?wait: a refused value comes back in this answer, at its field.
			const answer = await patch(`/containers/${seg(ct)}?wait=15`, body, { ifMatch: etag || c.etag || undefined });
			notify(answer && answer.state === 'ok' ? `Saved the settings of ${ct}` : `Saving the settings of ${ct} (task ${answer && (answer.task || answer.id)})`);
			setBase(form);
			reload();
		} catch (err) {
			if (err.status === 412) setStale(true);
			else if (err.field && (err.field in form || err.field === 'ipdel')) {
				const f = err.field === 'ipdel' ? 'ipadd' : err.field;
				setErrors({ [f]: err.message });
				const el = document.getElementById('set-' + f);
				if (el) el.focus();
			} else setError(err);
		}
		setBusy(false);
	}

	return html`<form class="form settings" onSubmit=${save} novalidate>
		${stale && html`<div class="error-box" role="alert">The container was changed elsewhere since this page loaded.
			<button type="button" onClick=${() => { const n = formOf(c); setBase(n); setForm(n); setStale(false); reload(); }}>
			Load the current settings</button></div>`}
		<div class="grid2">
			${FIELDS.map(([k, label, hint]) => html`<${Field} key=${k} id=${'set-' + k} label=${label} hint=${hint} error=${errors[k]}>
				<input id=${'set-' + k} name=${k} value=${form[k]} autocomplete="off"
					onInput=${(e) => set(k, e.target.value)} ...${described('set-' + k, hint, errors[k])} />
			</${Field}>`)}
		</div>
		<div class="checks"><label><input type="checkbox" checked=${form.onboot}
			onChange=${(e) => set('onboot', e.target.checked)} /> Start when the node boots</label></div>
		<${ErrorBox} error=${error} />
		<div class="actions">
			<button type="submit" class="primary" disabled=${busy || !dirty.length}>${busy ? 'Saving…' : 'Save'}</button>
			<button type="button" disabled=${!dirty.length} onClick=${() => { setForm(base); setErrors({}); }}>Undo changes</button>
		</div>
	</form>`;
}
