// A container's statistics over the last hour (10 s samples) or day (5 min
// samples), one uPlot chart per resource, sized to the page.

import { html, useState, useEffect, useRef, useMemo } from '/vendor/preact-htm.js';
import { useApi } from '../hooks.js';
import { seg } from '../api.js';
import { ErrorBox } from '../components.js';
import { statsColumns } from '../model.js';
import { bytes } from '../format.js';

const RANGES = [
	['1h', 'Last hour'],
	['24h', 'Last day'],
];

const CHARTS = [
	{ id: 'cpu', title: 'CPU', series: [['cpu', 'CPU %', '#1d6fd1']], unit: (v) => `${Math.round(v)}%` },
	{ id: 'ram', title: 'RAM', series: [['ram', 'RAM', '#2e8b57']], unit: bytes },
	{ id: 'swap', title: 'Swap', series: [['swap', 'Swap', '#b8860b']], unit: bytes },
	{ id: 'disk', title: 'Disk', series: [['disk', 'Disk used', '#8a4fbf']], unit: bytes },
	{
		id: 'net', title: 'Network',
		series: [['rx', 'Received/s', '#1d6fd1'], ['tx', 'Sent/s', '#c0392b']],
		unit: bytes,
	},
];

let uplotModule = null;
const uplotLoad = () => (uplotModule = uplotModule || import('/vendor/uplot.js').then((m) => m.default));

function Chart({ spec, cols, width }) {
	const el = useRef(null);
	const plot = useRef(null);
	const data = useRef(null);
	data.current = [cols.t, ...spec.series.map(([k]) => cols[k])];

	useEffect(() => {
		let dead = false;
		uplotLoad().then((UPlot) => {
			if (dead || !el.current) return;
			const fmt = (u, v) => (v === null || v === undefined ? '–' : spec.unit(v));
			plot.current = new UPlot({
				width,
				height: 160,
				legend: { live: true },
				cursor: { drag: { x: false, y: false } },
				scales: { y: { range: (u, min, max) => [0, Math.max(max, spec.id === 'cpu' ? 100 : 1)] } },
				axes: [{}, { values: (u, vals) => vals.map((v) => spec.unit(v)), size: 70 }],
				series: [{}, ...spec.series.map(([, label, stroke]) => ({ label, stroke, width: 1.5, value: fmt }))],
			}, data.current, el.current);
		});
		return () => {
			dead = true;
			if (plot.current) plot.current.destroy();
			plot.current = null;
		};
	}, [spec.id]);

	useEffect(() => {
		if (plot.current) plot.current.setData(data.current);
	}, [cols]);

	useEffect(() => {
		if (plot.current) plot.current.setSize({ width, height: 160 });
	}, [width]);

	const last = cols.t.length ? spec.series.map(([k, label]) => `${label} ${spec.unit(cols[k][cols[k].length - 1] || 0)}`).join(', ') : 'no data';
	return html`<figure class="chart">
		<figcaption>${spec.title}</figcaption>
		<div ref=${el} role="img" aria-label=${`${spec.title}: ${last}`}></div>
	</figure>`;
}

// The width charts get: their container's, followed as the page resizes.
function useWidth(ref) {
	const [w, setW] = useState(0);
	useEffect(() => {
		const o = new ResizeObserver(([e]) => setW(Math.floor(e.contentRect.width)));
		o.observe(ref.current);
		return () => o.disconnect();
	}, []);
	return w;
}

export function Graphs({ ct }) {
	const [range, setRange] = useState('1h');
	const box = useRef(null);
	const width = useWidth(box);
	const { data, error } = useApi(`/containers/${seg(ct)}/stats?range=${range}`, range === '1h' ? ['stats'] : [], { every: range === '1h' ? 0 : 300000 });
	const cols = useMemo(() => statsColumns(data), [data]);
	const chartWidth = width > 900 ? Math.floor((width - 16) / 2) : width;
	return html`<section class="graphs" aria-labelledby="graphs-title">
		<div class="section-head">
			<h2 id="graphs-title">Usage</h2>
			<div class="segmented" role="group" aria-label="Time range">
				${RANGES.map(([id, label]) => html`<button type="button" key=${id} aria-pressed=${range === id ? 'true' : 'false'}
					onClick=${() => setRange(id)}>${label}</button>`)}
			</div>
		</div>
		<${ErrorBox} error=${error} />
		<div ref=${box} class="chart-grid">
			${width > 0 && CHARTS.map((spec) => html`<${Chart} key=${spec.id} spec=${spec} cols=${cols} width=${chartWidth} />`)}
		</div>
	</section>`;
}
