// Small pieces the pages share. Nothing here sets a style attribute: the
// CSP (default-src 'self') refuses them; sizes come from classes, <meter>,
// <progress> and SVG geometry.

import { html, useState, useEffect, useRef } from '/vendor/preact-htm.js';
import { get, seg } from './api.js';
import { useEvents } from './hooks.js';
import { bytes, ratio } from './format.js';

export function StateBadge({ state }) {
	const s = String(state || 'unknown');
	return html`<span class=${'badge state-' + s.replace(/[^a-z]/g, '')}>${s}</span>`;
}

// A labelled gauge: used of total, shown as a native <meter>.
export function Gauge({ label, used, total, text }) {
	const r = ratio(used, total);
	const shown = text || (total ? `${bytes(used)} / ${bytes(total)}` : bytes(used));
	return html`<div class="gauge">
		<span class="gauge-label">${label}</span>
		<meter min="0" max="1" low="0.7" high="0.9" optimum="0" value=${r} aria-label=${label}
			title=${shown}></meter>
		<span class="gauge-text">${shown}</span>
	</div>`;
}

// A sparkline of recent values (0..max) as an SVG polyline.
export function Spark({ values, max, label }) {
	const v = (values || []).filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
	if (v.length < 2) return html`<span class="spark-empty" aria-label=${label + ': no data yet'}>–</span>`;
	const top = max || Math.max(...v, 1e-9);
	const w = 80;
	const h = 20;
	const pts = v
		.map((x, i) => `${((i * w) / (v.length - 1)).toFixed(1)},${(h - (Math.min(x, top) / top) * (h - 2) - 1).toFixed(1)}`)
		.join(' ');
	return html`<svg class="spark" viewBox="0 0 80 20" width="80" height="20" role="img" aria-label=${label}>
		<polyline points=${pts} fill="none" stroke="currentColor" stroke-width="1.5" />
	</svg>`;
}

// A form field with its label, hint and the server's error for it.
export function Field({ id, label, hint, error, children }) {
	return html`<div class=${'field' + (error ? ' has-error' : '')}>
		<label for=${id}>${label}</label>
		${children}
		${hint && html`<p class="hint" id=${id + '-hint'}>${hint}</p>`}
		${error && html`<p class="error" id=${id + '-error'} role="alert">${error}</p>`}
	</div>`;
}

// Attributes linking an input to its hint and error.
export function described(id, hint, error) {
	const ids = [hint && id + '-hint', error && id + '-error'].filter(Boolean).join(' ');
	return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? 'true' : undefined };
}

export function ErrorBox({ error }) {
	if (!error) return null;
	return html`<p class="error-box" role="alert">${error.message || String(error)}</p>`;
}

let dialogs = 0;

// A modal question. props.open, props.title, props.onClose(confirmed).
export function Confirm({ open, title, children, action = 'OK', danger, onClose }) {
	const ref = useRef(null);
	const id = useRef(null);
	if (!id.current) id.current = `dialog-${++dialogs}`;
	useEffect(() => {
		const d = ref.current;
		if (!d) return;
		if (open && !d.open) d.showModal();
		if (!open && d.open) d.close();
	}, [open]);
	return html`<dialog ref=${ref} class="dialog" aria-labelledby=${id.current}
			onCancel=${(e) => { e.preventDefault(); onClose(false); }}>
		<h2 id=${id.current}>${title}</h2>
		<div class="dialog-body">${children}</div>
		<div class="actions">
			<button type="button" onClick=${() => onClose(false)}>Cancel</button>
			<button type="button" class=${danger ? 'danger' : 'primary'} onClick=${() => onClose(true)}>${action}</button>
		</div>
	</dialog>`;
}

const FINISHED = ['ok', 'failed', 'cancelled'];
export const taskDone = (t) => !!t && FINISHED.includes(t.state);

// useTask(id): the task, kept current through task events (and a slow poll
// in case an event was missed).
export function useTask(id) {
	const [task, setTask] = useState(null);
	const [error, setError] = useState(null);
	const taskRef = useRef(null);
	taskRef.current = task;
	const load = async () => {
		if (!id) return;
		try {
			setTask(await get(`/tasks/${seg(id)}`));
		} catch (e) {
			setError(e);
		}
	};
	useEffect(() => {
		setTask(null);
		setError(null);
		load();
		const t = setInterval(() => {
			if (!taskDone(taskRef.current)) load();
		}, 3000);
		return () => clearInterval(t);
	}, [id]);
	useEvents((kind, data) => {
		if (kind === 'resync') load();
		if (kind !== 'task' || !data || String(data.id) !== String(id)) return;
		setTask((t) => ({ ...(t || {}), ...data }));
		if (FINISHED.includes(data.state)) load();
	});
	return { task, error };
}

// The live progress of one task: stage, percent, bytes.
export function TaskProgress({ task, label }) {
	if (!task) return html`<p class="muted">Waiting for the task…</p>`;
	const pct = typeof task.percent === 'number' ? task.percent : null;
	return html`<div class="task-progress" aria-live="polite">
		<p><strong>${label || task.kind || 'Task'}</strong>: <span class=${'badge task-' + task.state}>${task.state}</span>
			${task.stage ? html` · ${task.stage}` : ''}
			${task.bytes ? html` · ${bytes(task.bytes)}` : ''}</p>
		${!taskDone(task) && html`<progress max="100" value=${pct === null ? undefined : pct}
			aria-label=${(label || 'Task') + ' progress'}>${pct === null ? '' : pct + '%'}</progress>`}
		${task.state === 'failed' && html`<p class="error" role="alert">${(task.error && task.error.message) || 'The task failed.'}</p>`}
	</div>`;
}
