// The browser half of tests/system/92-web-browser.t: Debian's chromium,
// driven by playwright-core, against the booted node's web UI. Prints one
// line per check, "ok - NAME" or "not ok - NAME", and "# ..." diagnostics;
// the .t numbers them. Run as: node browser.mjs PHASE, with
//   BASE          https://127.0.0.1:PORT/ (the forward to the node's 443)
//   PASSWORD      the admin password
//   CT            the CTID the test creates
//   FINGERPRINT   the SHA-256 fingerprint of the certificate the node serves
//   NODE_MODULES  playwright-core and axe-core (scripts/web_ui.sh npm_cached)
//   OUT           where screenshots and the browser profile go
// Phases: "create" (log in, a refused value, create, start), "use" (every
// page at both sizes, the console, read-only viewer, stop, destroy) and
// "unset" (the login page of a node without an admin password).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const env = (k) => {
	if (!process.env[k]) throw new Error(`browser.mjs: ${k} is not set`);
	return process.env[k];
};
const BASE = env('BASE');
const PASSWORD = env('PASSWORD');
const CT = env('CT');
const OUT = env('OUT');
const require = createRequire(path.join(env('NODE_MODULES'), 'x.js'));
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WIDE = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const SLOW = 120000;

function result(pass, name, detail) {
	console.log(`${pass ? 'ok' : 'not ok'} - ${name}`);
	if (!pass && detail) for (const l of String(detail).split('\n')) console.log(`# ${l}`);
	return pass;
}

async function check(name, fn) {
	try {
		const r = await fn();
		return result(r !== false, name, r === false ? 'check returned false' : '');
	} catch (err) {
		return result(false, name, err.message.split('\n').slice(0, 6).join('\n'));
	}
}

// Console errors and CSP violations of every page, checked at the end.
// Chrome logs an answer of 400 and up as a console error too: the answers
// the test provokes on purpose are expected (status and API path).
const problems = [];
const expected = [];
const expect = (status, apiPath) => expected.push([status, apiPath]);

function consoleError(m) {
	const failed = m.text().match(/^Failed to load resource: the server responded with a status of (\d+)/);
	if (!failed) return true;
	const url = new URL(m.location().url || 'about:blank');
	return !expected.some(([status, p]) => status === Number(failed[1]) && url.pathname === '/api/v1' + p);
}

async function browserOpen() {
	const profile = path.join(OUT, `profile-${process.argv[2]}`);
	fs.rmSync(profile, { recursive: true, force: true });
	fs.mkdirSync(profile, { recursive: true });
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: WIDE,
		ignoreHTTPSErrors: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
	});
	context.setDefaultTimeout(30000);
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	return context;
}

function watch(page, label) {
	page.on('console', (m) => {
		if (m.type() === 'error' && consoleError(m)) problems.push(`${label}: console error: ${m.text()} (${m.location().url})`);
	});
	page.on('pageerror', (e) => problems.push(`${label}: uncaught: ${e.message}`));
	return page;
}

async function pageOpen(context, label, hash = '/') {
	const page = watch(await context.newPage(), label);
	await page.goto(BASE + '#' + hash);
	return page;
}

async function login(page) {
	await page.waitForSelector('#login-password');
	await page.fill('#login-user', 'admin');
	await page.fill('#login-password', PASSWORD);
	await page.click('form button[type=submit]');
	await page.waitForSelector('nav#nav');
}

// Tab until the focused element's text is TEXT (at most MAX presses).
async function tabTo(page, text, max = 40) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const t = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
		if (t === text) return;
	}
	throw new Error(`${max} presses of Tab did not reach "${text}"`);
}

async function focusVisible(page) {
	const o = await page.evaluate(() => {
		const s = getComputedStyle(document.activeElement);
		return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
	});
	if (o.style === 'none' || o.width < 2) throw new Error(`the focused element's outline is ${o.style} ${o.width}px`);
}

async function keyboardOnly(page) {
	await page.goto(BASE + '#/');
	await page.waitForSelector('main h1');
	await page.evaluate(() => document.activeElement && document.activeElement.blur());
	await check('keyboard: the first Tab stop is "Skip to content", visibly focused', async () => {
		await page.keyboard.press('Tab');
		const t = await page.evaluate(() => document.activeElement.textContent.trim());
		if (t !== 'Skip to content') throw new Error(`the first stop is "${t}"`);
		await focusVisible(page);
	});
	await check('keyboard: Tab reaches "Create container", Enter opens the page and focuses its heading', async () => {
		await tabTo(page, 'Create container');
		await focusVisible(page);
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement.tagName === 'H1'
			&& document.activeElement.textContent === 'Create a container');
	});
}

async function shot(page, name) {
	const size = page.viewportSize();
	await page.screenshot({ path: path.join(OUT, 'shots', `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

async function axeClean(page) {
	await page.evaluate(AXE);
	const r = await page.evaluate(async () => {
		const res = await window.axe.run(document, { resultTypes: ['violations'] });
		return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
	});
	if (r.length) throw new Error(r.join('\n'));
}

async function noSideScroll(page) {
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth,
	}));
	if (scroll > client) throw new Error(`the page is ${scroll} px wide in a ${client} px window`);
}

// A page outside PAGES (the login pages) on a phone too: screenshot,
// axe-core, no horizontal scroll; then back to the wide window.
async function phoneToo(page, name) {
	await page.setViewportSize(PHONE);
	await page.waitForTimeout(300);
	await shot(page, name);
	await check(`${name} at 390x844: axe-core finds no serious or critical violation`, () => axeClean(page));
	await check(`${name} at 390x844: no horizontal scroll`, () => noSideScroll(page));
	await page.setViewportSize(WIDE);
}

// The visible text of the console page's terminal.
async function termText(page) {
	return (await page.locator('.term .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

async function termWait(page, re, timeout = SLOW) {
	const end = Date.now() + timeout;
	let text = '';
	while (Date.now() < end) {
		text = await termText(page);
		if (re.test(text)) return text;
		await page.waitForTimeout(250);
	}
	throw new Error(`no /${re.source}/ in the console; it shows:\n${text.split('\n').filter(Boolean).slice(-8).join('\n')}`);
}

async function termType(page, text) {
	await page.locator('.term .xterm-helper-textarea').focus();
	await page.keyboard.type(text, { delay: 20 });
	await page.keyboard.press('Enter');
}

async function consoleOpen(page, mode) {
	await page.goto(`${BASE}#/ct/${CT}/console${mode === 'ro' ? '?mode=ro' : ''}`);
	await page.waitForSelector(`.console-state.state-${mode}`, { timeout: SLOW });
}

// --- phase "create" ---------------------------------------------------------

async function phaseCreate(context) {
	expect(401, '/session');
	const page = await pageOpen(context, 'create');
	await check('the login page loads and asks for a password', () => page.waitForSelector('#login-password'));
	await shot(page, 'login');
	await check('the login page passes axe-core (no serious or critical violations)', () => axeClean(page));
	await phoneToo(page, 'login');
	await page.fill('#login-password', 'not-the-password');
	await page.click('form button[type=submit]');
	await check('a wrong password is refused with one generic message',
		() => page.waitForSelector('#login-error:has-text("wrong user name or password")'));
	await check('the admin logs in with the keyboard alone (the emptied password field has the focus)', async () => {
		await page.keyboard.type(PASSWORD);
		await page.keyboard.press('Enter');
		await page.waitForSelector('nav#nav');
	});
	await check('the page receives the node\'s event stream ("Live" in the bar)', () => page.waitForSelector('.live.live-live'));
	await shot(page, 'dashboard-empty');
	await keyboardOnly(page);

	await page.goto(BASE + '#/create');
	await check('the create page lists the built-in busybox template',
		() => page.waitForSelector('.tpl input[value="busybox"]'));
	await page.check('.tpl input[value="busybox"]');
	await page.fill('#ctid', CT);
	await page.fill('#hostname', `web${CT}`);
	await page.fill('#ram', '12X');
	expect(400, '/containers');
	await page.uncheck('text=Start it once created');
	await page.click('form.create button[type=submit]');
	await check('a bad RAM value is refused at its field',
		async () => {
			await page.waitForSelector('#ram[aria-invalid="true"]');
			if (!(await page.locator('#ram-error').innerText()).trim()) throw new Error('the error at the field is empty');
		});
	await check('the refused field has the focus', () => page.evaluate(() => document.activeElement.id === 'ram'));
	await shot(page, 'create-refused');
	await page.fill('#ram', '256M');
	await page.click('form.create button[type=submit]');
	await check('the create task shows its progress and finishes',
		() => page.waitForSelector('.task-progress .badge.task-ok', { timeout: 300000 }));
	await shot(page, 'create-done');

	await page.goto(`${BASE}#/ct/${CT}`);
	await check('the new container is stopped', () => page.waitForSelector('.ct-head .badge.state-stopped'));
	await page.click('.ct-actions button:has-text("Start")');
	await check('Start: the state turns to running through the event stream',
		() => page.waitForSelector('.ct-head .badge.state-running', { timeout: SLOW }));
	await context.close();
}

// --- phase "use" ------------------------------------------------------------

const PAGES = [
	['dashboard', '/'],
	['create', '/create'],
	['container', `/ct/${CT}`],
	['console', `/ct/${CT}/console`],
	['settings', `/ct/${CT}/settings`],
	['snapshots', `/ct/${CT}/snapshots`],
	['container-tasks', `/ct/${CT}/tasks`],
	['templates', '/templates'],
	['tasks', '/tasks'],
	['node', '/node'],
];

async function everyPage(page) {
	for (const size of [WIDE, PHONE]) {
		await page.setViewportSize(size);
		for (const [name, hash] of PAGES) {
			await page.goto(BASE + '#' + hash);
			await page.waitForSelector('main h1');
			await page.waitForLoadState('networkidle').catch(() => {});
			await page.waitForTimeout(500);
			await shot(page, name);
			const where = `${name} at ${size.width}x${size.height}`;
			await check(`${where}: axe-core finds no serious or critical violation`, () => axeClean(page));
			if (size === PHONE) await check(`${where}: no horizontal scroll`, () => noSideScroll(page));
		}
	}
	await page.setViewportSize(WIDE);
}

async function consoleUse(context, page) {
	await consoleOpen(page, 'rw');
	await page.locator('.term .xterm-helper-textarea').focus();
	await page.keyboard.press('Enter');
	const seen = await termWait(page, /login: *$|# *$/m);
	if (/login: *$/m.test(seen)) {
		await termType(page, 'root');
		await termWait(page, /# *$/m);
	}
	await termType(page, 'echo vz-$((6*7))');
	await check('in the console, echo vz-$((6*7)) shows vz-42', () => termWait(page, /^vz-42 *$/m));
	await termType(page, 'hostname');
	await check('the host name changed on the settings page is the running container\'s',
		() => termWait(page, new RegExp(`^web${CT}b *$`, 'm')));

	await page.setViewportSize({ width: 1000, height: 640 });
	await page.waitForTimeout(1000);
	const size = (await page.locator('.term-size .term-dims').innerText()).split('×').map(Number);
	await termType(page, 'stty size');
	await check(`after a resize, stty size in the container says ${size[1]} ${size[0]}`,
		() => termWait(page, new RegExp(`^${size[1]} ${size[0]} *$`, 'm')));
	await page.setViewportSize(WIDE);

	await page.reload();
	await page.waitForSelector('.console-state.state-rw', { timeout: SLOW });
	await check('a reload replays the scrollback (vz-42 is on the new page)', () => termWait(page, /^vz-42 *$/m, 30000));

	const ro = watch(await context.newPage(), 'read-only tab');
	await consoleOpen(ro, 'ro');
	await check('a second tab attaches read-only', () => ro.waitForSelector('.console-state.state-ro'));
	await check('the read-only tab offers no paste box and no extra keys', async () => {
		if (!(await ro.locator('button:has-text("Paste")').isDisabled())) throw new Error('Paste is enabled');
		if (await ro.locator('.extra-keys').count()) throw new Error('the extra keys are there');
	});
	await termType(ro, 'echo ro-typed-$((2+3))');
	await termType(page, 'echo rw-$((3+4))');
	await check('the read-only tab sees the writer\'s output live', () => termWait(ro, /^rw-7 *$/m, 30000));
	await shot(ro, 'console-read-only');
	await check('what the read-only tab typed reached nobody', async () => {
		const both = (await termText(page)) + (await termText(ro));
		if (/ro-typed/.test(both)) throw new Error('"ro-typed" is on a console');
	});
	await ro.close();
}

async function settingsChange(page) {
	await page.goto(`${BASE}#/ct/${CT}/settings`);
	await page.waitForSelector('#set-ram');
	await page.fill('#set-ram', 'zzz');
	expect(400, `/containers/${CT}`);
	await page.click('form.settings button[type=submit]');
	await check('settings: a bad RAM value is refused at its field', async () => {
		await page.waitForSelector('#set-ram[aria-invalid="true"]');
		if (!(await page.locator('#set-ram-error').innerText()).trim()) throw new Error('the error at the field is empty');
	});
	await page.fill('#set-ram', '256M');
	await page.fill('#set-hostname', `web${CT}b`);
	await page.click('form.settings button[type=submit]');
	await check('settings: a new host name is saved and shown on the overview', async () => {
		await page.goto(`${BASE}#/ct/${CT}`);
		await page.waitForSelector(`dl.facts dd:text-is("web${CT}b")`, { timeout: SLOW });
	});
}

async function stopDestroy(page) {
	await page.goto(`${BASE}#/ct/${CT}`);
	await page.click('.ct-actions button:has-text("Stop")');
	await page.click('dialog[open] button:has-text("Stop")');
	await check('Stop (confirmed in a dialog): the state turns to stopped',
		() => page.waitForSelector('.ct-head .badge.state-stopped', { timeout: SLOW }));
	await page.click('.ct-actions button:has-text("Destroy")');
	await shot(page, 'destroy-confirm');
	await page.click('dialog[open] button:has-text("Destroy")');
	await check('Destroy: the dashboard no longer lists the container', async () => {
		await page.waitForSelector('main h1:has-text("Dashboard")');
		await page.waitForFunction((ct) => ![...document.querySelectorAll('table.cts a strong')].some((e) => e.textContent === ct),
			CT, { timeout: SLOW });
	});
}

// Controls: each detector above sees what it exists to see.
async function controls(context) {
	const page = await pageOpen(context, 'controls', '/');
	await page.waitForSelector('main h1');
	const before = problems.length;
	await page.evaluate(() => {
		const s = document.createElement('script');
		s.textContent = 'window.inlineRan = true';
		document.head.append(s);
	});
	await page.waitForTimeout(500);
	await check('control: the page\'s CSP refuses an inline script, and the check sees the violation', async () => {
		if (await page.evaluate(() => window.inlineRan === true)) throw new Error('the inline script ran');
		const seen = problems.splice(before).filter((p) => /CSP violation: script-src/.test(p));
		if (!seen.length) throw new Error('no violation was reported');
	});
	await page.evaluate(() => {
		const img = document.createElement('img');
		img.src = '/icon.svg';
		document.querySelector('main').append(img);
		const wide = document.createElement('div');
		wide.className = 'wide-control';
		wide.textContent = 'x'.repeat(400);
		document.querySelector('main').append(wide);
	});
	await check('control: axe-core reports an image without alt text', async () => {
		try {
			await axeClean(page);
		} catch (err) {
			if (/image-alt/.test(err.message)) return;
			throw err;
		}
		throw new Error('axe-core found nothing');
	});
	await page.setViewportSize(PHONE);
	await check('control: the scroll check sees a line too wide for a phone', async () => {
		try {
			await noSideScroll(page);
		} catch {
			return;
		}
		throw new Error('no horizontal scroll was found');
	});
	await page.close();
}

async function phaseUse(context) {
	expect(401, '/session');
	const page = await pageOpen(context, 'use');
	await login(page);
	await check('the node page shows the certificate fingerprint the node serves', async () => {
		await page.goto(BASE + '#/node');
		const fp = await page.locator('.fingerprint').innerText();
		const want = env('FINGERPRINT');
		if (fp.replace(/:/g, '').toUpperCase() !== want.replace(/:/g, '').toUpperCase())
			throw new Error(`the page shows ${fp}, the node serves ${want}`);
	});
	await everyPage(page);
	await settingsChange(page);
	await consoleUse(context, page);
	await stopDestroy(page);
	await shot(page, 'dashboard-after');
	await controls(context);
	await context.close();
}

// --- phase "unset": the node has no admin password ----------------------------

async function phaseUnset(context) {
	expect(401, '/session');
	const page = await pageOpen(context, 'unset');
	await check('with no admin password the login page says to run vzweb passwd on the console', async () => {
		await page.waitForSelector('.unset code:has-text("vzweb passwd")');
		if (await page.locator('#login-password').count()) throw new Error('it still asks for a password');
	});
	await shot(page, 'login-password-unset');
	await check('that page passes axe-core', () => axeClean(page));
	await phoneToo(page, 'login-password-unset');
	await context.close();
}

const phase = process.argv[2];
fs.mkdirSync(path.join(OUT, 'shots'), { recursive: true });
const context = await browserOpen();
try {
	if (phase === 'create') await phaseCreate(context);
	else if (phase === 'use') await phaseUse(context);
	else if (phase === 'unset') await phaseUnset(context);
	else throw new Error(`unknown phase ${phase}`);
	result(true, `phase ${phase} ran to its end`);
} catch (err) {
	result(false, `phase ${phase} ran to its end`, err.stack);
	await context.close().catch(() => {});
}
result(problems.length === 0, `phase ${phase}: no console errors, no CSP violations`, problems.join('\n'));
