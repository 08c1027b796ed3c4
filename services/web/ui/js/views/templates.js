// OS templates: the ones on the node (cached and built in), a repository's
// list to download from, a tarball upload (checked by the node's tar reader
// before it is kept), delete.

import { html, useState } from '/vendor/preact-htm.js';
import { del, post, seg, csrfGet } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { href } from '../router.js';
import { Confirm, ErrorBox } from '../components.js';
import { templatesOf } from '../model.js';
import { bytes, when } from '../format.js';

// A raw PUT of the file with upload progress (fetch reports none).
function upload(name, file, onProgress) {
	return new Promise((resolve, reject) => {
		const x = new XMLHttpRequest();
		x.open('PUT', `/api/v1/templates/${seg(name)}`);
		x.setRequestHeader('X-CSRF-Token', csrfGet());
		x.setRequestHeader('Content-Type', 'application/octet-stream');
		x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
		x.onload = () => {
			let body = null;
			try {
				body = JSON.parse(x.responseText);
			} catch {
				body = null;
			}
			if (x.status >= 200 && x.status < 300) resolve(body);
			else reject(new Error((body && body.error && body.error.message) || `the server answered ${x.status}`));
		};
		x.onerror = () => reject(new Error('the upload was cut off'));
		x.send(file);
	});
}

function Upload() {
	const [file, setFile] = useState(null);
	const [name, setName] = useState('');
	const [progress, setProgress] = useState(null);
	const [error, setError] = useState(null);

	function pick(e) {
		const f = e.target.files[0] || null;
		setFile(f);
		if (f && !name) setName(f.name.replace(/\.tar(\.[a-z0-9]+)?$/, ''));
	}

	async function send(e) {
		e.preventDefault();
		if (!file || !name) return;
		setError(null);
		setProgress(0);
		try {
			await upload(name, file, setProgress);
			notify(`Uploaded template ${name}`);
			setFile(null);
			setName('');
		} catch (err) {
			setError(err);
		}
		setProgress(null);
	}

	return html`<form class="form" onSubmit=${send} aria-labelledby="upload-title">
		<h2 id="upload-title">Upload a template</h2>
		<p class="hint">A root filesystem tarball (.tar, .tar.gz, .tar.xz or .tar.zst). The node checks it before keeping it.</p>
		<div class="grid2">
			<div class="field"><label for="tpl-file">Tarball</label>
				<input id="tpl-file" type="file" accept=".tar,.gz,.xz,.zst,.tgz" onChange=${pick} /></div>
			<div class="field"><label for="tpl-name">Template name</label>
				<input id="tpl-name" value=${name} onInput=${(e) => setName(e.target.value)} placeholder="e.g. alpine-3.20-x86_64" /></div>
		</div>
		${progress !== null && html`<progress max="1" value=${progress} aria-label="Upload progress"></progress>`}
		<${ErrorBox} error=${error} />
		<div class="actions"><button type="submit" class="primary" disabled=${!file || !name || progress !== null}>Upload</button></div>
	</form>`;
}

function Repository() {
	const { data, error } = useApi('/templates/repository', ['templates']);
	const list = templatesOf(data);
	async function download(t) {
		try {
			const a = await post('/templates', { name: t.name });
			notify(`Downloading ${t.name}`);
			if (a && a.task) location.hash = href(`/tasks/${encodeURIComponent(a.task)}`);
		} catch (err) {
			notify(`Download ${t.name}: ${err.message}`, 'error');
		}
	}
	return html`<section aria-labelledby="repo-title">
		<h2 id="repo-title">From the repository</h2>
		<${ErrorBox} error=${error} />
		${data && data.repository === null && html`<p class="empty">No repository is set: <code>TEMPLATE_REPO</code> in <code>/etc/vz/vz.conf</code> names one.</p>`}
		${data && data.repository && !list.length && html`<p class="empty">${data.repository} lists no templates.</p>`}
		${list.length > 0 && html`<table class="list"><thead><tr><th scope="col">Template</th><th scope="col">Size</th>
			<th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
			<tbody>${list.map((t) => html`<tr key=${t.name}><td data-label="Template">${t.name}</td>
				<td data-label="Size">${t.size ? bytes(t.size) : '–'}</td>
				<td data-label="Actions" class="row-actions"><button type="button" onClick=${() => download(t)}
					aria-label=${`Download ${t.name}`}>Download</button></td></tr>`)}</tbody></table>`}
	</section>`;
}

export function Templates() {
	const { data, error, reload } = useApi('/templates', ['templates']);
	const [ask, setAsk] = useState(null);
	const list = templatesOf(data);
	async function remove(yes) {
		const t = ask;
		setAsk(null);
		if (!yes) return;
		try {
			await del(`/templates/${seg(t.name)}`);
			notify(`Deleted template ${t.name}`);
			reload();
		} catch (err) {
			notify(`Delete ${t.name}: ${err.message}`, 'error');
		}
	}
	return html`<h1>Templates</h1>
		<section aria-labelledby="local-title">
			<h2 id="local-title">On this node</h2>
			<${ErrorBox} error=${error} />
			${data && !list.length && html`<p class="empty">No templates.</p>`}
			${list.length > 0 && html`<table class="list"><thead><tr><th scope="col">Template</th><th scope="col">Kind</th>
				<th scope="col">Size</th><th scope="col">Added</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
				<tbody>${list.map((t) => html`<tr key=${t.name}>
					<td data-label="Template">${t.name}</td>
					<td data-label="Kind">${t.builtin ? 'built in' : 'cached'}</td>
					<td data-label="Size">${t.size ? bytes(t.size) : '–'}</td>
					<td data-label="Added">${when(t.mtime)}</td>
					<td data-label="Actions" class="row-actions">${!t.builtin && html`<button type="button" class="danger"
						onClick=${() => setAsk(t)} aria-label=${`Delete ${t.name}`}>Delete</button>`}</td>
				</tr>`)}</tbody></table>`}
		</section>
		<${Repository} />
		<${Upload} />
		<${Confirm} open=${!!ask} title=${ask ? `Delete template ${ask.name}?` : ''} action="Delete" danger onClose=${remove}>
			<p>Containers already created from it keep working.</p>
		</${Confirm}>`;
}
