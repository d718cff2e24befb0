#!/usr/bin/env node
// Load benchmark of the widget: file sizes (raw, gzip -9, brotli -q 11) and the median time from
// navigation to INTERACTIVE (fallback FIRST_FRAME) over N loads of a flow link in headless
// Chromium, on localhost and under emulated Fast 3G. Starts its own sandbox.
//
//   node tests/bench/load.mjs [--runs 10] [--no-3g]
//   (FLOWKIT_SANDBOX_BIN / FLOWKIT_WIDGET_DIR as for tests/e2e/onboarding.spec.mjs)
//
// Prints a table, then one JSON line with everything.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium, locateInputs, startSandbox, stopAll, tempDir, withTimeout } from '../e2e/support.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', process.env.FLOWKIT_BENCH_RUNS || 10));
const CONDITIONS = [
  { name: 'localhost', network: null, timeoutMs: 30000 },
  { name: 'fast3g', network: { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 93750 }, timeoutMs: 90000 },
].filter((c) => !(args.includes('--no-3g') && c.network));

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';

function fileSizes(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !/\.(br|gz)$/.test(e.name)) files.push(p);  // skip precompressed siblings
    }
  };
  walk(dir);
  return files.sort().map((p) => {
    const data = fs.readFileSync(p);
    return {
      file: path.relative(dir, p),
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,  // the brotli CLI's default window
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      } }).length,
    };
  });
}

// One load in a fresh context with the HTTP cache disabled. Returns the page's own marks
// (performance.now() at FIRST_FRAME / INTERACTIVE, i.e. ms since navigation start) and the
// resource timing of flowkit.js and flowkit.wasm.
async function loadOnce(browser, url, cond) {
  const ctx = await browser.newContext({ viewport: { width: 420, height: 760 } });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (cond.network) await cdp.send('Network.emulateNetworkConditions', cond.network);
    const marks = {}, errors = [];
    const done = new Promise((resolve) => {
      page.on('console', (m) => {
        const hit = /^(FIRST_FRAME|INTERACTIVE) ([\d.]+)/.exec(m.text());
        if (hit && !(hit[1] in marks)) marks[hit[1]] = Number(hit[2]);
        if ('INTERACTIVE' in marks) resolve();
      });
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await withTimeout(page.goto(url, { waitUntil: 'commit', timeout: cond.timeoutMs }), cond.timeoutMs, 'navigation');
    await withTimeout(done, cond.timeoutMs, 'INTERACTIVE').catch((e) => errors.push(e.message));
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, transfer: e.transferSize,
    })));
    const js = resources.find((r) => r.name.endsWith('.js'));
    const wasm = resources.find((r) => r.name.endsWith('.wasm'));
    return {
      ms: marks.INTERACTIVE ?? marks.FIRST_FRAME ?? null,
      metric: 'INTERACTIVE' in marks ? 'INTERACTIVE' : 'FIRST_FRAME' in marks ? 'FIRST_FRAME' : null,
      first_frame: marks.FIRST_FRAME ?? null,
      interactive: marks.INTERACTIVE ?? null,
      parallel: js && wasm ? wasm.start < js.end : null,
      js: js && { start: +js.start.toFixed(1), end: +js.end.toFixed(1), transfer: js.transfer },
      wasm: wasm && { start: +wasm.start.toFixed(1), end: +wasm.end.toFixed(1), transfer: wasm.transfer },
      errors,
    };
  } finally {
    await withTimeout(ctx.close(), 10000, 'close').catch(() => {});
  }
}

async function main() {
  const inputs = locateInputs();
  const dir = tempDir('flowkit-bench-');
  const files = fileSizes(inputs.widgetDir);
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });

  console.log(`widget: ${inputs.widgetDir}`);
  console.log(`${'file'.padEnd(24)}${'raw'.padStart(11)}${'gzip -9'.padStart(11)}${'brotli 11'.padStart(11)}`);
  for (const f of [...files, { file: 'total', ...total }])
    console.log(`${f.file.padEnd(24)}${kb(f.raw)}${kb(f.gzip)}${kb(f.brotli)}`);

  const sandbox = await startSandbox({ ...inputs, dir, clientId: 'bench_client', apiKey: 'bench_key' });
  const created = await sandbox.api('POST', '/api/v2/flows', { steps: [] });
  if (!created.body || !created.body.link) throw new Error(`POST /api/v2/flows -> ${created.status} ${JSON.stringify(created.body)}`);
  const browser = await launchChromium();
  const loads = {};
  try {
    for (const cond of CONDITIONS) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(browser, created.body.link, cond));
      loads[cond.name] = {
        network: cond.network,
        metric: runs.every((r) => r.metric === 'INTERACTIVE') ? 'INTERACTIVE' : runs.map((r) => r.metric).join(','),
        median_ms: round1(median(runs.map((r) => r.ms))),
        median_first_frame_ms: round1(median(runs.map((r) => r.first_frame))),
        median_transfer_bytes: median(runs.map((r) => (r.js ? r.js.transfer : 0) + (r.wasm ? r.wasm.transfer : 0))),
        min_ms: Math.min(...runs.map((r) => r.ms ?? Infinity)),
        max_ms: Math.max(...runs.map((r) => r.ms ?? -Infinity)),
        failed_loads: runs.filter((r) => r.ms === null).length,
        parallel_wasm_fetch: `${runs.filter((r) => r.parallel).length}/${runs.length}`,
        runs,
      };
    }
  } finally {
    await withTimeout(browser.close(), 15000, 'browser.close').catch(() => {});
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  console.log(`${'network'.padEnd(12)}${'metric'.padEnd(13)}${'median'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}${'1st frame'.padStart(11)}${'js+wasm'.padStart(12)}  wasm fetch starts before js ends`);
  for (const [name, l] of Object.entries(loads)) {
    const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) + ' ms' : '-').padStart(9);
    console.log(`${name.padEnd(12)}${l.metric.slice(0, 12).padEnd(13)}${ms(l.median_ms)}${ms(l.min_ms)}${ms(l.max_ms)}` +
      `${ms(l.median_first_frame_ms).padStart(11)}${kb(l.median_transfer_bytes).padStart(12)}  ${l.parallel_wasm_fetch}${l.failed_loads ? `  (${l.failed_loads} loads failed)` : ''}`);
  }
  const summary = {
    bench: 'flowkit-widget-load', runs: RUNS, files, total,
    loads: Object.fromEntries(Object.entries(loads).map(([k, l]) => [k, { ...l, runs: l.runs.map(({ errors, ...r }) => (errors.length ? { ...r, errors } : r)) }])),
  };
  console.log(JSON.stringify(summary));
  return Object.values(loads).some((l) => l.failed_loads) ? 1 : 0;
}

main().then((code) => process.exit(code), async (e) => {
  console.error(`bench failed: ${e.message}`);
  await stopAll();
  process.exit(1);
});
