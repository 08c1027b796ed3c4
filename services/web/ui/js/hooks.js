// Hooks shared by the views: data from the API kept fresh by the event
// stream, and timers.

import { useState, useEffect, useRef, useCallback } from '/vendor/preact-htm.js';
import { get } from './api.js';
import { eventsOn } from './events.js';

// useApi(path, kinds, opts): {data, error, loading, reload, etag}. The path
// is fetched on mount and again (debounced) after any event of the given
// kinds, or "resync"; opts.filter(kind, data) can narrow which events count;
// opts.every (ms) polls as well. A null path fetches nothing.
export function useApi(path, kinds = [], opts = {}) {
	const [state, setState] = useState({ data: null, error: null, loading: !!path, etag: '' });
	const seq = useRef(0);
	const filterRef = useRef(opts.filter);
	filterRef.current = opts.filter;

	const reload = useCallback(async () => {
		if (!path) return;
		const mine = ++seq.current;
		try {
			const { body, etag } = await get(path, { etag: true });
			if (mine === seq.current) setState({ data: body, error: null, loading: false, etag });
		} catch (error) {
			if (mine === seq.current) setState((s) => ({ ...s, error, loading: false }));
		}
	}, [path]);

	useEffect(() => {
		setState({ data: null, error: null, loading: !!path, etag: '' });
		reload();
		let timer = 0;
		const off = eventsOn((kind, data) => {
			if (kind !== 'resync' && !kinds.includes(kind)) return;
			if (kind !== 'resync' && filterRef.current && !filterRef.current(kind, data)) return;
			clearTimeout(timer);
			timer = setTimeout(reload, 250);
		});
		const poll = opts.every ? setInterval(reload, opts.every) : 0;
		return () => {
			off();
			clearTimeout(timer);
			clearInterval(poll);
			seq.current++;
		};
	}, [path, reload]);

	return { ...state, reload };
}

// useEvents(fn): fn(kind, data) for every event while mounted.
export function useEvents(fn) {
	const ref = useRef(fn);
	ref.current = fn;
	useEffect(() => eventsOn((k, d) => ref.current(k, d)), []);
}

// useNow(ms): the current time, refreshed every ms.
export function useNow(ms) {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		const t = setInterval(() => setNow(Date.now()), ms);
		return () => clearInterval(t);
	}, [ms]);
	return now;
}
