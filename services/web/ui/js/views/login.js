// The login page, and what it says when the node has no admin password yet.

import { html, useState, useEffect, useRef } from '/vendor/preact-htm.js';
import { post, csrfSet } from '../api.js';

export const passwordUnset = (err) => !!err && err.code === 'no_password';

export function Login({ unset, onLoggedIn }) {
	const [user, setUser] = useState('admin');
	const [password, setPassword] = useState('');
	const [error, setError] = useState('');
	const [busy, setBusy] = useState(false);
	const [isUnset, setUnset] = useState(unset);
	const pwRef = useRef(null);

	useEffect(() => {
		if (pwRef.current) pwRef.current.focus();
	}, []);

	async function submit(e) {
		e.preventDefault();
		setBusy(true);
		setError('');
		try {
			const answer = await post('/session', { user, password }, { noAuthRedirect: true });
			csrfSet(answer && answer.csrf);
			setPassword('');
			onLoggedIn();
		} catch (err) {
			if (passwordUnset(err)) setUnset(true);
			else if (err.status === 429) setError('Too many failed logins from your address. Wait a few minutes, then try again.');
			else if (err.status === 401 || err.status === 403) setError('Login failed: wrong user name or password.');
			else setError(err.message);
			setPassword('');
			setBusy(false);
			if (pwRef.current) pwRef.current.focus();
		}
	}

	return html`<main id="main" class="login" tabindex="-1">
		<div class="login-box">
			<h1><span class="brand-mark" aria-hidden="true">vz</span> vzhost</h1>
			${isUnset
				? html`<div class="unset" role="alert">
					<h2>The admin password is not set</h2>
					<p>This node accepts no web logins until its admin password is set. On the node's serial
					console, log in as root and run:</p>
					<pre><code>vzweb passwd</code></pre>
					<p>Then reload this page and log in as <strong>admin</strong>.</p>
				</div>`
				: html`<form onSubmit=${submit} class="form" aria-describedby=${error ? 'login-error' : undefined}>
					<div class="field">
						<label for="login-user">User</label>
						<input id="login-user" name="username" autocomplete="username" required
							value=${user} onInput=${(e) => setUser(e.target.value)} />
					</div>
					<div class="field">
						<label for="login-password">Password</label>
						<input id="login-password" ref=${pwRef} name="password" type="password"
							autocomplete="current-password" required
							value=${password} onInput=${(e) => setPassword(e.target.value)} />
					</div>
					${error && html`<p class="error" id="login-error" role="alert">${error}</p>`}
					<button type="submit" class="primary" disabled=${busy}>${busy ? 'Logging in…' : 'Log in'}</button>
				</form>`}
			<p class="hint">Check that the certificate fingerprint your browser shows matches the one on the
			node's serial console (and in vzmenu) before you type a password.</p>
		</div>
	</main>`;
}
