// Pages are addressed by the URL's fragment (#/ct/101/console?mode=ro), so
// the server serves one index.html and a reload lands on the same page.

import { useState, useEffect } from '/vendor/preact-htm.js';

const ROUTES = [
	[/^\/?$/, 'dashboard', []],
	[/^\/create$/, 'create', []],
	[/^\/ct\/([^/]+)$/, 'container', ['ct']],
	[/^\/ct\/([^/]+)\/(console|settings|snapshots|tasks)$/, 'container', ['ct', 'tab']],
	[/^\/templates$/, 'templates', []],
	[/^\/tasks$/, 'tasks', []],
	[/^\/tasks\/([^/]+)$/, 'task', ['task']],
	[/^\/node$/, 'node', []],
];

export function routeParse(hash) {
	const raw = hash.replace(/^#/, '');
	const q = raw.indexOf('?');
	const path = q < 0 ? raw : raw.slice(0, q);
	const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
	for (const [re, name, keys] of ROUTES) {
		const m = path.match(re);
		if (!m) continue;
		const params = {};
		keys.forEach((k, i) => {
			params[k] = decodeURIComponent(m[i + 1]);
		});
		return { name, params, query, path };
	}
	return { name: 'missing', params: {}, query, path };
}

export function useRoute() {
	const [route, setRoute] = useState(() => routeParse(location.hash));
	useEffect(() => {
		const on = () => setRoute(routeParse(location.hash));
		addEventListener('hashchange', on);
		return () => removeEventListener('hashchange', on);
	}, []);
	return route;
}

export function go(path) {
	location.hash = '#' + path;
}

export const href = (path) => '#' + path;
export const ctHref = (ct, tab) => href(`/ct/${encodeURIComponent(ct)}${tab ? '/' + tab : ''}`);
