// Time citeproc-js on the same job as benchmarks/bench_render.py: N items, N one-cite clusters,
// then the bibliography, in one CSL style; prints {"seconds": [run, ...], "entries": n, "sample": …}.
//
//   NODE_PATH=… node benchmarks/citeproc_js/bench.js JOB.json STYLE.csl LOCALES_DIR LOCALE RUNS
//
// JOB.json: {"items": [CSL-JSON], "clusters": [[{"id", "locator", "label"}], …]}. Each run builds a
// new engine and renders every cluster with rebuildProcessorState (citeproc-js's batch entry point,
// as a document processor uses it), then makeBibliography. Time inside node (start-up excluded),
// as bench_render.py times citekit in process.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [jobPath, stylePath, localesDir, lang, runsArg] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(jobPath, "utf8"));
const xml = fs.readFileSync(stylePath, "utf8");
const items = {};
for (const it of job.items) items[it.id] = it;
const sys = {
  retrieveLocale: (l) => {
    const p = path.join(localesDir, "locales-" + l + ".xml");
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : false;
  },
  retrieveItem: (id) => items[id],
};
const seconds = [];
let entries = 0;
let sample = null;
for (let r = 0; r < Number(runsArg || 3); r++) {
  const t0 = process.hrtime.bigint();
  const engine = new CSL.Engine(sys, xml, lang, true);
  engine.setOutputFormat("html");
  const citations = job.clusters.map((cites, i) => [
    { citationID: "c" + i, citationItems: cites.map((c) => Object.assign({}, c)), properties: { noteIndex: 0 } },
    [],
    [],
  ]);
  const out = engine.rebuildProcessorState(citations.map((c) => c[0]), "html");
  const bib = engine.makeBibliography();
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  entries = bib ? bib[1].length : 0;
  sample = [out[0] && out[0][2], bib ? bib[1][0].trim() : null];
}
process.stdout.write(JSON.stringify({ seconds, entries, sample }) + "\n");
