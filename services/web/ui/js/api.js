// The REST API of vzwebd (docs/api.md): JSON in and out, the session's
// CSRF token on every change, errors as ApiError carrying the server's
// {"error":{"status","code","message","field"}}.

const BASE = '/api/v1';

let csrf = sessionStorage.getItem('vz-csrf') || '';
let onUnauthorized = () => {};

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `the server answered ${status}`);
		this.status = status;
		this.code = e.code || '';
		this.field = e.field || '';
	}
}

export function csrfSet(token) {
	csrf = token || '';
	if (csrf) sessionStorage.setItem('vz-csrf', csrf);
	else sessionStorage.removeItem('vz-csrf');
}

export function csrfGet() {
	return csrf;
}

// Called with the ApiError when a request answers 401 (the session ended).
export function apiOnUnauthorized(fn) {
	onUnauthorized = fn;
}

// The session ended (a 401 outside api(), e.g. the event stream).
export function apiUnauthorized() {
	onUnauthorized(new ApiError(401, null));
}

function headersFor(method, opts) {
	const h = { Accept: 'application/json' };
	if (method !== 'GET' && method !== 'HEAD' && csrf) h['X-CSRF-Token'] = csrf;
	if (opts.body !== undefined && !opts.raw) h['Content-Type'] = 'application/json';
	if (opts.ifMatch) h['If-Match'] = opts.ifMatch;
	return h;
}

async function bodyOf(res) {
	const type = res.headers.get('Content-Type') || '';
	if (res.status === 204) return null;
	if (type.startsWith('application/json')) return res.json();
	return res.text();
}

// api(method, path, opts): the parsed answer; opts.body (JSON-encoded unless
// opts.raw), opts.ifMatch, opts.etag (then {body, etag} is returned).
export async function api(method, path, opts = {}) {
	let res;
	try {
		res = await fetch(BASE + path, {
			method,
			headers: headersFor(method, opts),
			body: opts.body === undefined ? undefined : opts.raw ? opts.body : JSON.stringify(opts.body),
			credentials: 'same-origin',
			cache: 'no-store',
		});
	} catch (err) {
		throw new ApiError(0, { error: { message: `the node did not answer (${err.message})` } });
	}
	let body = null;
	try {
		body = await bodyOf(res);
	} catch {
		body = null;
	}
	if (!res.ok) {
		const err = new ApiError(res.status, body);
		if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized(err);
		throw err;
	}
	return opts.etag ? { body, etag: res.headers.get('ETag') || '' } : body;
}

export const get = (path, opts) => api('GET', path, opts);
export const post = (path, body, opts = {}) => api('POST', path, { ...opts, body });
export const patch = (path, body, opts = {}) => api('PATCH', path, { ...opts, body });
export const put = (path, body, opts = {}) => api('PUT', path, { ...opts, body });
export const del = (path, opts) => api('DELETE', path, opts);

// Path segment of a container, template or task name.
export const seg = (s) => encodeURIComponent(String(s));

// A 202 answers {"task":"ID"}; ?wait=N lets short tasks finish in the answer.
export function taskOf(answer) {
	return answer && typeof answer === 'object' ? answer.task || '' : '';
}
