// The vzhost web UI: session check, then the page the URL's fragment names.

import { html, render, useState, useEffect, useRef } from '/vendor/preact-htm.js';
import { get, del, csrfSet, csrfGet, apiOnUnauthorized } from './api.js';
import { eventsStart, eventsStop, eventsOnStatus, eventsStatus } from './events.js';
import { useRoute, href } from './router.js';
import { Notices } from './notify.js';
import { Login, passwordUnset } from './views/login.js';
import { Dashboard } from './views/dashboard.js';
import { Create } from './views/create.js';
import { Container } from './views/container.js';
import { Templates } from './views/templates.js';
import { Tasks, TaskPage } from './views/tasks.js';
import { Node } from './views/node.js';

const NAV = [
	['/', 'Dashboard', 'dashboard'],
	['/create', 'Create', 'create'],
	['/templates', 'Templates', 'templates'],
	['/tasks', 'Tasks', 'tasks'],
	['/node', 'Node', 'node'],
];

function LiveStatus() {
	const [s, setS] = useState(eventsStatus());
	useEffect(() => {
		setS(eventsStatus());
		return eventsOnStatus(setS);
	}, []);
	const text = { live: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' }[s] || s;
	return html`<span class=${'live live-' + s} title="Updates from the node">${text}</span>`;
}

const TITLES = {
	dashboard: 'Dashboard', create: 'Create a container', templates: 'Templates', tasks: 'Tasks', node: 'Node',
};

function titleOf(route) {
	const p = route.params;
	if (route.name === 'container') return `Container ${p.ct}${p.tab ? ' · ' + p.tab : ''}`;
	if (route.name === 'task') return `Task ${p.task}`;
	return TITLES[route.name] || 'Page not found';
}

function Page({ route }) {
	const p = route.params;
	switch (route.name) {
	case 'dashboard': return html`<${Dashboard} />`;
	case 'create': return html`<${Create} />`;
	case 'container': return html`<${Container} ct=${p.ct} tab=${p.tab || 'overview'} query=${route.query} />`;
	case 'templates': return html`<${Templates} />`;
	case 'tasks': return html`<${Tasks} />`;
	case 'task': return html`<${TaskPage} id=${p.task} />`;
	case 'node': return html`<${Node} />`;
	default: return html`<h1 tabindex="-1">Page not found</h1><p><a href="#/">Go to the dashboard</a></p>`;
	}
}

function Shell({ session, onLogout }) {
	const route = useRoute();
	const main = useRef(null);
	const first = useRef(true);
	const [menu, setMenu] = useState(false);

	// The browser tab names the page and the node.
	useEffect(() => {
		setMenu(false);
		document.title = `${titleOf(route)} · ${session.hostname || 'vzhost'}`;
	}, [route.path, session.hostname]);

	// A new page moves focus to its heading, so keyboard and screen reader
	// users start there (not on the first load: the browser starts at the top).
	useEffect(() => {
		if (first.current) {
			first.current = false;
			return;
		}
		const h = main.current && main.current.querySelector('h1');
		if (h) {
			h.setAttribute('tabindex', '-1');
			h.focus();
		}
	}, [route.path]);

	const section = route.name === 'task' ? 'tasks' : route.name === 'container' ? 'dashboard' : route.name;
	return html`<a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); main.current.focus(); }}>Skip to content</a>
		<header class="top">
			<a class="brand" href=${href('/')}><span class="brand-mark" aria-hidden="true">vz</span>
				<span>vzhost</span><span class="brand-host">${session.hostname || ''}</span></a>
			<button type="button" class="menu-toggle" aria-expanded=${menu ? 'true' : 'false'} aria-controls="nav"
				onClick=${() => setMenu(!menu)}>Menu</button>
			<nav id="nav" class=${menu ? 'open' : ''} aria-label="Main">
				<ul>${NAV.map(([path, label, name]) => html`<li key=${name}>
					<a href=${href(path)} aria-current=${section === name ? 'page' : undefined}>${label}</a></li>`)}</ul>
			</nav>
			<div class="top-right">
				<${LiveStatus} />
				<span class="user">${session.user}</span>
				<button type="button" onClick=${onLogout}>Log out</button>
			</div>
		</header>
		<main id="main" ref=${main} tabindex="-1"><${Page} route=${route} /></main>
		<${Notices} />`;
}

function App() {
	const [session, setSession] = useState({ state: 'checking' });

	async function check() {
		try {
			const s = await get('/session', { noAuthRedirect: true });
			if (s && s.csrf) csrfSet(s.csrf);
			setSession({ state: 'in', user: s.user, hostname: '' });
			eventsStart();
			get('/node').then((n) => setSession((x) => ({ ...x, hostname: n.hostname })), () => {});
		} catch (err) {
			if (err.status === 401 || err.status === 403 || passwordUnset(err)) {
				eventsStop();
				csrfSet('');
				setSession({ state: 'out', unset: passwordUnset(err) });
			} else {
				setSession({ state: 'error', error: err });
			}
		}
	}

	useEffect(() => {
		check();
		apiOnUnauthorized(() => {
			eventsStop();
			csrfSet('');
			setSession({ state: 'out', unset: false });
		});
	}, []);

	async function logout() {
		try {
			await del('/session', { noAuthRedirect: true });
		} catch {
			/* the session is gone either way */
		}
		eventsStop();
		csrfSet('');
		setSession({ state: 'out', unset: false });
	}

	if (session.state === 'checking') return html`<p class="boot">Loading vzhost…</p>`;
	if (session.state === 'error')
		return html`<main id="main" class="login"><div class="login-box"><h1>vzhost</h1>
			<p class="error-box" role="alert">${session.error.message}</p>
			<button type="button" onClick=${check}>Try again</button></div></main>`;
	if (session.state === 'out') return html`<${Login} unset=${session.unset} onLoggedIn=${check} />`;
	return html`<${Shell} session=${session} onLogout=${logout} key=${csrfGet()} />`;
}

render(html`<${App} />`, document.getElementById('app'));
