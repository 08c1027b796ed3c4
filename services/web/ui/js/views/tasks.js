// Tasks: every change runs as one (create, set, start, stop, destroy,
// snapshots, template downloads and uploads), with a stage, a percent, a
// log, and a cancel while it runs.

import { html, useState } from '/vendor/preact-htm.js';
import { post, seg } from '../api.js';
import { useApi } from '../hooks.js';
import { notify } from '../notify.js';
import { href, ctHref } from '../router.js';
import { ErrorBox, useTask, TaskProgress, taskDone } from '../components.js';
import { tasksOf } from '../model.js';
import { whenMs } from '../format.js';

function Cancel({ task }) {
	const [busy, setBusy] = useState(false);
	if (taskDone(task)) return null;
	async function cancel() {
		setBusy(true);
		try {
			await post(`/tasks/${seg(task.id)}/cancel`, {});
			notify(`Cancelling task ${task.id}`);
		} catch (err) {
			notify(`Cancel ${task.id}: ${err.message}`, 'error');
		}
		setBusy(false);
	}
	return html`<button type="button" disabled=${busy} onClick=${cancel} aria-label=${`Cancel task ${task.id}`}>Cancel</button>`;
}

// The tasks of the node, or of one container.
export function TaskTable({ ct }) {
	const { data, error } = useApi(ct ? `/tasks?ct=${seg(ct)}` : '/tasks', ['task']);
	const tasks = tasksOf(data);
	return html`<section aria-label="Tasks">
		<${ErrorBox} error=${error} />
		${data && !tasks.length && html`<p class="empty">No tasks.</p>`}
		${tasks.length > 0 && html`<table class="list">
			<thead><tr><th scope="col">Task</th><th scope="col">Action</th><th scope="col">Container</th>
				<th scope="col">State</th><th scope="col">Started</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
			<tbody>${tasks.map((t) => html`<tr key=${t.id}>
				<td data-label="Task"><a href=${href(`/tasks/${encodeURIComponent(t.id)}`)}>${t.id}</a></td>
				<td data-label="Action">${t.kind}${t.target ? html` <span class="muted">${t.target}</span>` : ''}</td>
				<td data-label="Container">${t.ct ? html`<a href=${ctHref(t.ct)}>${t.ct}</a>` : '–'}</td>
				<td data-label="State"><span class=${'badge task-' + t.state}>${t.state}</span>
					${t.stage && !taskDone(t) ? html` <span class="muted small">${t.stage}${typeof t.percent === 'number' ? ` ${t.percent}%` : ''}</span>` : ''}</td>
				<td data-label="Started">${whenMs(t.started || t.created)}</td>
				<td data-label="Actions" class="row-actions"><${Cancel} task=${t} /></td>
			</tr>`)}</tbody></table>`}
	</section>`;
}

export function Tasks() {
	return html`<h1>Tasks</h1><${TaskTable} />`;
}

function TaskLog({ id, state }) {
	const { data, error } = useApi(`/tasks/${seg(id)}/log`, ['task'], {
		filter: (kind, d) => d && String(d.id) === String(id),
	});
	const text = data ? (data.lines || []).join('\n') : '';
	return html`<section aria-labelledby="log-title">
		<h2 id="log-title">Log</h2>
		<${ErrorBox} error=${error} />
		<pre class="log" tabindex="0" aria-label=${`Log of task ${id} (${state || ''})`}>${text || 'Empty.'}</pre>
	</section>`;
}

export function TaskPage({ id }) {
	const { task, error } = useTask(id);
	return html`<h1>Task ${id}</h1>
		<${ErrorBox} error=${error} />
		${task && html`<div class="card">
			<${TaskProgress} task=${task} label=${task.kind} />
			<dl class="facts">
				<dt>Container</dt><dd>${task.ct ? html`<a href=${ctHref(task.ct)}>${task.ct}</a>` : '–'}</dd>
				${task.target && html`<dt>Target</dt><dd>${task.target}</dd>`}
				<dt>Queued</dt><dd>${whenMs(task.created)}</dd>
				<dt>Started</dt><dd>${whenMs(task.started)}</dd>
				<dt>Ended</dt><dd>${whenMs(task.ended)}</dd>
				<dt>By</dt><dd>${task.who || '–'} <span class="muted">from ${task.source || '?'}</span></dd>
				${task.result && html`<dt>Result</dt><dd>${task.result}</dd>`}
			</dl>
			<${Cancel} task=${task} />
		</div>`}
		<${TaskLog} id=${id} state=${task && task.state} />
		<p><a href=${href('/tasks')}>All tasks</a></p>`;
}
