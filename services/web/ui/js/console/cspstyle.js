// xterm.js writes the CSS it computes (cell sizes, theme colours) into
// <style> elements and, for 24-bit colours, into style attributes through
// setAttribute. The page's CSP (default-src 'self') refuses both, so the
// terminal would render with broken rows and the console would log
// violations. CSSOM calls are not governed by the CSP, so:
// - a <style> element created by script is replaced by an inert <template>
//   whose text goes into a constructed stylesheet adopted by the document;
// - setAttribute('style', text) becomes element.style.cssText = text.
// Our own code never creates <style> elements or style attributes, so this
// changes how xterm's styles are applied and nothing else.

let installed = false;

function inertStyle(doc, create) {
	const el = create.call(doc, 'template');
	const sheet = new CSSStyleSheet();
	let text = '';
	doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
	Object.defineProperty(el, 'textContent', {
		get: () => text,
		set: (v) => {
			text = String(v);
			sheet.replaceSync(text);
		},
	});
	const remove = el.remove.bind(el);
	el.remove = () => {
		doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
		remove();
	};
	return el;
}

export function cspStylesInstall(doc = document) {
	if (installed) return;
	installed = true;
	const create = doc.createElement;
	doc.createElement = function createElement(tag, opts) {
		if (String(tag).toLowerCase() === 'style') return inertStyle(doc, create);
		return create.call(doc, tag, opts);
	};
	const setAttribute = Element.prototype.setAttribute;
	Element.prototype.setAttribute = function setAttributeCssom(name, value) {
		if (String(name).toLowerCase() === 'style' && this.style) {
			this.style.cssText = String(value);
			return;
		}
		setAttribute.call(this, name, value);
	};
}
