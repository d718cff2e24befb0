#!/usr/bin/env node
// The host packages as an integrator gets them: scripts/pack-sdk.sh packs web/sdk (@flowkit/embed)
// and web/react (@flowkit/react) with `npm pack`; the sample host app tests/sdk_app (Vite + React
// + TypeScript) installs both tarballs, type-checks with `tsc --noEmit --strict` under module
// resolution bundler and nodenext (plus the type tests in src/type-tests.tsx, whose expected
// errors are checked by code), and builds with Vite (production, and a development build where
// StrictMode mounts twice). Headless Chromium then opens the built app on its own origin against
// the real flowkit-sandbox: StrictMode leaves one iframe and one listener, `locale`/`styles` prop
// changes reach the running flow through update() (one configure per change, none for re-renders),
// an onboarding runs through <FlowkitFlow /> (SMS code from the sandbox outbox), events arrive
// with their types, onComplete fires once, and hiding it, then 50 show/hide cycles, leave no iframe
// and no window `message` listener (counted by wrapping add/removeEventListener, and by DevTools).
// Prints the packages' sizes (minified by esbuild, brotli -q 11): budgets 2 KB and 1 KB.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/react_sdk.spec.mjs
//
// The app's npm dependencies (tests/sdk_app/package-lock.json) are installed once with `npm ci`
// into ~/.cache/flowkit/sdk-app/<hash of package.json + lockfile>/node_modules (FLOWKIT_CACHE
// moves ~/.cache/flowkit); each run copies the app into a folder under it, so Node, tsc and Vite
// find them by walking up, and `npm install`s the two tarballs there. A cold run needs the npm
// registry; a warm one does not.
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// On failure, screenshots, logs and the app folder stay where it prints; FLOWKIT_E2E_KEEP=1 keeps them after a pass.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO, launchChromium, locateInputs, poll, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 540000;  // CTest's TIMEOUT is 600 s; a cold npm ci is most of it
const APP_SRC = path.join(REPO, 'tests/sdk_app');
const CACHE = process.env.FLOWKIT_CACHE || path.join(os.homedir(), '.cache/flowkit');
const BUDGET = { '@flowkit/embed': 2048, '@flowkit/react': 1024 };  // brotli bytes, minified
const t0 = Date.now();
const dir = tempDir('flowkit-e2e-react-sdk-');
let appDir = null;  // the run's copy of the sample app (under the dependency cache)
const results = [];
let shotSeq = 0;

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

class Abort extends Error {}

// A group of dependent checks: the first failing one (or its timeout) ends the group.
async function scenario(title, fn) {
  const state = { page: null, ctx: null };
  const check = async (name, body, timeoutMs = 20000) => {
    const full = `${title}: ${name}`;
    try {
      report(full, true, await withTimeout(Promise.resolve().then(body), timeoutMs, name));
    } catch (e) {
      report(full, false, e.message.split('\n').slice(0, 12).join(' | '));
      await screenshot(state.page, full);
      throw new Abort(full);
    }
  };
  try {
    await fn(check, state);
  } catch (e) {
    if (!(e instanceof Abort)) {
      report(`${title}: (setup)`, false, e.message.split('\n').slice(0, 8).join(' | '));
      await screenshot(state.page, title);
    }
    return false;
  } finally {
    if (state.ctx) await withTimeout(state.ctx.close(), 10000, 'close context').catch(() => {});
  }
  return true;
}

async function screenshot(page, name) {
  if (!page || page.isClosed()) return;
  const file = path.join(dir, `${String(++shotSeq).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 80)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
    console.log(`  screenshot: ${file}`);
  } catch (e) {
    console.log(`  (no screenshot: ${e.message.split('\n')[0]})`);
  }
}

// ---- child processes (npm, tsc, vite): output captured, killed on timeout or exit
const running = new Set();
process.on('exit', () => { for (const p of running) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });
function run(cmd, args, { cwd, env, timeoutMs = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(p);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); running.delete(p); reject(new Error(`${cmd}: ${e.message}`)); });
    p.on('close', (code, sig) => {
      clearTimeout(timer);
      running.delete(p);
      const res = { code, out, cmd: [cmd, ...args].map((a) => path.isAbsolute(a) ? path.relative(cwd || REPO, a) || '.' : a).join(' ') };
      if (code === 0) resolve(res);
      else reject(new Error(`${res.cmd} (in ${cwd || REPO}) -> ${code ?? sig}${sig === 'SIGKILL' ? ` (killed after ${timeoutMs} ms)` : ''}:\n${out.trim().split('\n').slice(-20).join('\n')}`));
    });
  });
}
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

// ---- the sample app's npm dependencies, cached by lockfile hash
async function ensureDeps() {
  const files = ['package.json', 'package-lock.json'];
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(fs.readFileSync(path.join(APP_SRC, f)));
  hash.update(`${process.platform}-${process.arch}`);
  const root = path.join(CACHE, 'sdk-app');
  const home = path.join(root, hash.digest('hex').slice(0, 16));
  const marker = path.join(home, 'node_modules', '.flowkit-complete');
  // Other lockfiles' copies (other branches) go once unused for 14 days; the marker's mtime is the last use.
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const m = path.join(root, name, 'node_modules', '.flowkit-complete');
    if (/^[0-9a-f]{16}$/.test(name) && name !== path.basename(home) && fs.existsSync(m) && Date.now() - fs.statSync(m).mtimeMs > 14 * 86400e3)
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
  if (fs.existsSync(marker)) {
    const now = new Date();
    fs.utimesSync(marker, now, now);
    return { home, cold: false };
  }
  fs.mkdirSync(root, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(root, 'installing-'));
  try {
    for (const f of files) fs.copyFileSync(path.join(APP_SRC, f), path.join(tmp, f));
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tmp, timeoutMs: 360000 });
    fs.writeFileSync(path.join(tmp, 'node_modules', '.flowkit-complete'), new Date().toISOString() + '\n');
    if (fs.existsSync(marker)) return { home, cold: true };  // another run finished first
    fs.rmSync(home, { recursive: true, force: true });  // an unfinished copy, if any
    fs.renameSync(tmp, home);
    return { home, cold: true };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- what the packages must look like
const PACKAGES = {
  '@flowkit/embed': { dir: 'web/sdk', entry: 'flowkit-embed.mjs', types: 'flowkit-embed.d.mts' },
  '@flowkit/react': { dir: 'web/react', entry: 'flowkit-react.mjs', types: 'flowkit-react.d.mts' },
};
function manifestProblems(name, pkg) {
  const { entry, types } = PACKAGES[name];
  const want = {
    name, type: 'module', types: './' + types, sideEffects: false,
    exports: { '.': { types: './' + types, import: './' + entry }, './package.json': './package.json' },
    files: [entry, types],
  };
  const problems = [];
  for (const [k, v] of Object.entries(want)) if (JSON.stringify(pkg[k]) !== JSON.stringify(v)) problems.push(`${k}: ${JSON.stringify(pkg[k])}`);
  if (pkg.dependencies && Object.keys(pkg.dependencies).length) problems.push(`dependencies: ${JSON.stringify(pkg.dependencies)}`);
  if (!pkg.flowkit || pkg.flowkit.protocol !== 1 || !/^1\.\d+\.\d+$/.test(pkg.version)) problems.push(`version ${pkg.version} / flowkit ${JSON.stringify(pkg.flowkit)}: the major version is protocol 1`);
  if (name === '@flowkit/react' && (pkg.peerDependencies?.react !== '>=18' || !pkg.peerDependencies?.['@flowkit/embed']))
    problems.push(`peerDependencies: ${JSON.stringify(pkg.peerDependencies)}`);
  return problems;
}

const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// ---- the built app, served on its own origin: /prod/ (vite build) and /dev/ (NODE_ENV=development)
function serveApp(roots) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    const [, mountName, ...rest] = url.pathname.split('/');
    const root = roots[mountName];
    const rel = rest.join('/') || 'index.html';
    const file = root && path.resolve(root, rel);
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found\n');
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` })));
}

// Installed in every frame before its scripts. In the host page (top frame): counts window
// `message` listeners through add/removeEventListener (__fkListeners {adds, removes, active}) and
// records {fkBarrier} messages with a listener of its own that is not counted. In a flow page:
// records the host envelopes it receives and {fkMarker} messages (__fkInbox).
const INIT = () => {
  const copy = (v) => JSON.parse(JSON.stringify(v));
  if (/^\/flow\/[^/.]+$/.test(location.pathname)) {
    const inbox = (window.__fkInbox = []);
    window.addEventListener('message', (e) => {
      const d = e.data;
      if (d && (d.source === 'flowkit-host' || d.fkMarker)) inbox.push(copy(d));
    }, true);
    return;
  }
  if (window !== window.top) return;
  const realAdd = window.addEventListener, realRemove = window.removeEventListener;
  const stats = (window.__fkListeners = { adds: 0, removes: 0, active: 0 });
  const registered = new Map();  // listener -> Set of capture flags (the browser's own identity rule)
  const capture = (o) => (typeof o === 'boolean' ? o : !!(o && o.capture));
  window.addEventListener = function (type, fn, opts) {
    if (type === 'message' && fn) {
      const set = registered.get(fn) || new Set();
      if (!set.has(capture(opts))) { set.add(capture(opts)); registered.set(fn, set); stats.adds++; stats.active++; }
    }
    return realAdd.call(this, type, fn, opts);
  };
  window.removeEventListener = function (type, fn, opts) {
    if (type === 'message' && fn) {
      const set = registered.get(fn);
      if (set && set.delete(capture(opts))) { stats.removes++; stats.active--; if (!set.size) registered.delete(fn); }
    }
    return realRemove.call(this, type, fn, opts);
  };
  const barriers = (window.__fkBarriers = []);
  realAdd.call(window, 'message', (e) => { if (e.data && e.data.fkBarrier) barriers.push(e.data.fkBarrier); });
};

const PAYLOADS = {
  ready: {}, resize: { height: 'number' }, step_started: { step: 'string' }, step_completed: { step: 'string', status: 'string' },
  flow_completed: { user_id: 'string' }, payout_created: { transfer_id: 'string', amount: 'number' }, session_expired: {},
  error: { code: 'string', message: 'string', retryable: 'boolean' }, redirect: { url: 'string' }, exit: { reason: 'string' },
};
// What is wrong with an onEvent argument (null when it is a well-formed envelope of this flow).
function eventProblem(e, flowId) {
  if (!e || e.source !== 'flowkit' || e.version !== 1 || e.flow_id !== flowId) return `not an envelope of ${flowId}: ${JSON.stringify(e)}`;
  const shape = PAYLOADS[e.type];
  if (!shape) return `unknown type ${e.type}`;
  if (!e.payload || typeof e.payload !== 'object') return `${e.type}: payload ${JSON.stringify(e.payload)}`;
  for (const [k, t] of Object.entries(shape)) if (typeof e.payload[k] !== t) return `${e.type}: payload.${k} is not a ${t}: ${JSON.stringify(e.payload)}`;
  if (e.type === 'resize' && !(e.payload.height > 0)) return `resize ${e.payload.height}`;
  return null;
}

const ALL_SET = /You['\u2019]re all set/;
const HEADING = { en: 'Enter your phone number', es: 'Ingresa tu número de teléfono' };

async function main() {
  const inputs = locateInputs();

  // ---- packages, install, types, sizes, builds: one group; the browser needs all of it
  let tarballs = [], home, distProd, distDev;
  const built = await scenario('packages', async (check) => {
    await check('scripts/pack-sdk.sh: npm pack makes both tarballs (package.json, .mjs, .d.mts each)', async () => {
      const t = Date.now();
      const { out } = await run('bash', [path.join(REPO, 'scripts/pack-sdk.sh')], { timeoutMs: 60000 });
      tarballs = out.trim().split('\n').filter((l) => l.endsWith('.tgz'));
      if (tarballs.length !== 2) throw new Error(out);
      const listed = {};
      for (const tgz of tarballs) listed[path.basename(tgz)] = (await run('tar', ['-tzf', tgz])).out.trim().split('\n').sort();
      const want = { 'flowkit-embed-1.0.0.tgz': ['package/flowkit-embed.d.mts', 'package/flowkit-embed.mjs', 'package/package.json'],
        'flowkit-react-1.0.0.tgz': ['package/flowkit-react.d.mts', 'package/flowkit-react.mjs', 'package/package.json'] };
      if (JSON.stringify(listed) !== JSON.stringify(want)) throw new Error(JSON.stringify(listed));
      return `${tarballs.map((p) => path.relative(REPO, p)).join(', ')} (${secs(t)})`;
    }, 60000);
    await check('the sample app\'s dependencies: npm ci into the cache keyed by its lockfile (or reused)', async () => {
      const t = Date.now();
      const deps = await ensureDeps();
      home = deps.home;
      return `${deps.cold ? 'installed' : 'reused'} ${home.replace(os.homedir(), '~')} (${secs(t)})`;
    }, 400000);
    await check('the app copied next to them; npm install of both tarballs; manifests as specified', async () => {
      const t = Date.now();
      appDir = fs.mkdtempSync(path.join(home, 'run-'));
      for (const f of ['index.html', 'tsconfig.json', 'tsconfig.nodenext.json', 'src'])
        fs.cpSync(path.join(APP_SRC, f), path.join(appDir, f), { recursive: true });
      fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'flowkit-sdk-sample-app-run', private: true, type: 'module' }) + '\n');
      // --legacy-peer-deps: react comes from the cached node_modules above this folder, not from here.
      await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', '--prefer-offline',
        '--no-package-lock', ...tarballs], { cwd: appDir, timeoutMs: 120000 });
      const problems = [];
      for (const name of Object.keys(PACKAGES)) {
        const installed = path.join(appDir, 'node_modules', name);
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
        problems.push(...manifestProblems(name, pkg).map((p) => `${name} ${p}`));
        for (const f of pkg.files) {
          if (!fs.readFileSync(path.join(installed, f)).equals(fs.readFileSync(path.join(REPO, PACKAGES[name].dir, f))))
            problems.push(`${name}/${f} differs from ${PACKAGES[name].dir}/${f}`);
        }
      }
      if (problems.length) throw new Error(problems.join('; '));
      return `${path.relative(home, appDir)} (${secs(t)})`;
    }, 150000);
    await check(`sizes, minified by esbuild, brotli -q 11: @flowkit/embed <= ${BUDGET['@flowkit/embed']} B, @flowkit/react <= ${BUDGET['@flowkit/react']} B`, async () => {
      const esbuild = createRequire(path.join(home, 'package.json'))('esbuild');
      const out = {}, over = [];
      for (const [name, { entry }] of Object.entries(PACKAGES)) {
        const file = path.join(appDir, 'node_modules', name, entry);
        const raw = fs.readFileSync(file);
        const res = await esbuild.build({ entryPoints: [file], bundle: true, minify: true, format: 'esm', write: false,
          external: ['react', '@flowkit/embed'], logLevel: 'silent' });
        const min = Buffer.from(res.outputFiles[0].contents);
        out[name] = { file: `${raw.length} B (brotli ${brotli(raw)} B)`, minified: `${min.length} B`, brotli: brotli(min) };
        console.log(`# size ${name}: minified ${min.length} B, brotli ${out[name].brotli} B (budget ${BUDGET[name]} B); ` +
          `${entry} as shipped ${raw.length} B, brotli ${brotli(raw)} B`);
        if (out[name].brotli > BUDGET[name]) over.push(`${name} ${out[name].brotli} B > ${BUDGET[name]} B`);
      }
      if (over.length) throw new Error(over.join('; '));
      return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, `${v.brotli} B`]));
    });
    const tsc = path.join(home, 'node_modules/typescript/bin/tsc');
    await check('tsc --noEmit --strict: module resolution bundler and nodenext (app + type tests)', async () => {
      const t = Date.now();
      const [a, b] = await Promise.all(['tsconfig.json', 'tsconfig.nodenext.json'].map((p) =>
        run(process.execPath, [tsc, '--noEmit', '--strict', '-p', p], { cwd: appDir, timeoutMs: 120000 })));
      const v = (await run(process.execPath, [tsc, '--version'], { cwd: appDir })).out.trim();
      return `${v}, bundler + nodenext clean${a.out.trim() || b.out.trim() ? ' (with output)' : ''} (${secs(t)})`;
    }, 150000);
    await check('the type tests\' errors, without their @ts-expect-error, are the expected ones (an unknown option, a wrong payload...)', async () => {
      const src = fs.readFileSync(path.join(appDir, 'src/type-tests.tsx'), 'utf8').split('\n');
      const expected = [];  // {line (1-based, the line after the directive), code, why}
      const stripped = src.map((l, i) => {
        const m = /^(\s*)\/\/ @ts-expect-error (TS\d+) (.*)$/.exec(l);
        if (!m) return l;
        expected.push({ line: i + 2, code: m[2], why: m[3] });
        return `${m[1]}// (expected: ${m[2]} ${m[3]})`;
      });
      if (expected.length < 6) throw new Error(`only ${expected.length} @ts-expect-error TSxxxx lines`);
      fs.mkdirSync(path.join(appDir, 'negative'));
      fs.writeFileSync(path.join(appDir, 'negative/type-tests.tsx'), stripped.join('\n'));
      fs.writeFileSync(path.join(appDir, 'tsconfig.negative.json'), JSON.stringify({ extends: './tsconfig.json', include: ['negative'] }));
      const res = await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--pretty', 'false', '-p', 'tsconfig.negative.json'], { cwd: appDir, timeoutMs: 120000 })
        .then(() => ({ out: '' }), (e) => ({ out: e.message }));
      const errors = [...res.out.matchAll(/type-tests\.tsx\((\d+),\d+\): error (TS\d+)/g)].map((m) => ({ line: +m[1], code: m[2] }));
      const missing = expected.filter((x) => !errors.some((e) => e.line === x.line && e.code === x.code));
      const extra = errors.filter((e) => !expected.some((x) => x.line === e.line));
      if (missing.length || extra.length)
        throw new Error(`missing ${JSON.stringify(missing)}; unexpected ${JSON.stringify(extra)}; tsc said: ${res.out.split('\n').slice(-12).join(' | ')}`);
      return expected.map((x) => `${x.code} ${x.why}`).join('; ');
    }, 150000);
    await check('vite build: production (dist) and development (dist-dev, StrictMode double mount)', async () => {
      const t = Date.now();
      const vite = path.join(home, 'node_modules/vite/bin/vite.js');
      const [prod] = await Promise.all([
        run(process.execPath, [vite, 'build', '--base=./', '--outDir', 'dist'], { cwd: appDir, timeoutMs: 120000, env: { NODE_ENV: 'production' } }),
        run(process.execPath, [vite, 'build', '--base=./', '--outDir', 'dist-dev'], { cwd: appDir, timeoutMs: 120000, env: { NODE_ENV: 'development' } }),
      ]);
      distProd = path.join(appDir, 'dist');
      distDev = path.join(appDir, 'dist-dev');
      for (const d of [distProd, distDev]) if (!fs.existsSync(path.join(d, 'index.html'))) throw new Error(`no ${d}/index.html`);
      const js = fs.readdirSync(path.join(distProd, 'assets')).filter((f) => f.endsWith('.js'));
      const size = js.reduce((n, f) => n + fs.statSync(path.join(distProd, 'assets', f)).size, 0);
      return `${(/vite v[\d.]+/.exec(prod.out) || ['vite'])[0]}, production JS ${size} B (${secs(t)})`;
    }, 150000);
  });
  console.log(`# packages, install, types and builds: ${secs(t0)}`);
  if (!built) return;

  // ---- the browser
  const host = await serveApp({ prod: distProd, dev: distDev });
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base] });
  const sandboxOrigin = new URL(sandbox.base).origin;
  console.log(`# sandbox ${sandbox.base}, host app ${host.base}, temp ${dir}`);
  const createFlow = async () => {
    const r = await sandbox.api('POST', '/api/v2/flows', { steps: [] });
    if ((r.status !== 200 && r.status !== 201) || !r.body.id || !r.body.link) throw new Error(`POST /api/v2/flows -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const browser = await launchChromium();
  try {
    const open = async (state, url) => {
      state.ctx = await browser.newContext({ viewport: { width: 900, height: 1000 } });
      await state.ctx.addInitScript(INIT);
      const page = (state.page = await state.ctx.newPage());
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url, { timeout: 15000 });
      const cdp = await state.ctx.newCDPSession(page);
      // window's `message` listeners as DevTools sees them (the init script's own one included).
      const devtoolsListeners = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
        return listeners.filter((l) => l.type === 'message').length;
      };
      const counts = async () => ({ ...(await page.evaluate(() => ({ iframes: document.querySelectorAll('iframe').length, ...window.__fkListeners }))),
        devtools: await devtoolsListeners() });
      const flowFrame = async () => {
        const el = await page.$('.flow iframe');
        const f = el && (await el.contentFrame());
        if (!f) throw new Error('no flow iframe');
        return f;
      };
      return { page, errors, counts, flowFrame, fl: page.frameLocator('.flow iframe') };
    };

    await scenario('React component, development build (StrictMode)', async (check, state) => {
      const F = await createFlow();
      const { page, errors, counts, flowFrame, fl } = await open(state, `${host.base}/dev/?link=${encodeURIComponent(F.link)}`);
      let mounted;
      await check('StrictMode (development build): mount, destroy, mount left one iframe and one message listener; the phone screen', async () => {
        await fl.getByRole('heading', { name: HEADING.en }).waitFor({ state: 'visible', timeout: 30000 });
        const c = await counts();
        if (c.iframes !== 1 || c.active !== 1 || c.devtools !== 2) throw new Error(JSON.stringify(c));
        // StrictMode's double mount reached mount(): mounted, destroyed, mounted again.
        if (c.adds !== 2 || c.removes !== 1) throw new Error(`not mount, destroy, mount: ${JSON.stringify(c)}`);
        const strict = await page.evaluate(() => window.flowkitApp.appEffects);
        if (strict !== 2) throw new Error(`App's mount effect ran ${strict} times: StrictMode (development build) is not on`);
        const src = new URL(await page.locator('.flow iframe').getAttribute('src'));
        const styles = JSON.parse(src.searchParams.get('styles'));
        if (src.searchParams.get('locale') !== 'en' || styles.theme !== 'light' || src.hash !== new URL(F.link).hash) throw new Error(src.href);
        mounted = c;
        return { ...c, appMountEffects: strict };
      }, 45000);
      await check('onEvent: ready and every envelope so far, with their types and this flow\'s id', async () => {
        const events = await poll(async () => {
          const ev = await page.evaluate(() => window.flowkitApp.events);
          return ev.some((e) => e.type === 'ready') && ev;
        }, { what: 'ready', timeoutMs: 10000 });
        const bad = events.map((e) => eventProblem(e, F.id)).filter(Boolean);
        if (bad.length) throw new Error(bad.slice(0, 3).join('; '));
        return events.map((e) => e.type).join(' ');
      });
      await check('locale="es" (a prop change): the running flow turns Spanish through update(), same iframe', async () => {
        await page.evaluate(() => { window.__firstIframe = document.querySelector('.flow iframe'); });
        await page.click('#locale');
        await fl.getByRole('heading', { name: HEADING.es }).waitFor({ state: 'visible', timeout: 10000 });
        await page.click('#locale');
        await fl.getByRole('heading', { name: HEADING.en }).waitFor({ state: 'visible', timeout: 10000 });
        const same = await page.evaluate(() => ({ iframe: window.__firstIframe === document.querySelector('.flow iframe'), ...window.__fkListeners }));
        if (!same.iframe || same.adds !== mounted.adds) throw new Error(`remounted: ${JSON.stringify(same)} (after mount ${JSON.stringify(mounted)})`);
        return 'es, then en';
      }, 30000);
      await check('styles theme "dark": one configure per change (es, en, dark), none for the re-renders in between', async () => {
        await page.click('#theme');
        const frame = await flowFrame();
        // A marker posted after the clicks arrives after every configure they caused.
        await page.evaluate((origin) => document.querySelector('.flow iframe').contentWindow.postMessage({ fkMarker: 1 }, origin), sandboxOrigin);
        const inbox = await poll(async () => {
          const got = await frame.evaluate(() => window.__fkInbox);
          return got.some((m) => m.fkMarker) && got;
        }, { what: 'the marker in the flow page', timeoutMs: 10000 });
        const configures = inbox.filter((m) => m.source === 'flowkit-host');
        const summary = configures.map((m) => `${m.type} ${m.payload.locale} ${m.payload.styles && m.payload.styles.theme}`);
        if (JSON.stringify(summary) !== JSON.stringify(['configure es light', 'configure en light', 'configure en dark']))
          throw new Error(JSON.stringify(configures));
        const renders = await page.evaluate(() => window.flowkitApp.events.length);
        return `${summary.join(', ')} (${renders} events re-rendered the app)`;
      });
      const national = '20155503' + String(Math.floor(Math.random() * 100)).padStart(2, '0');
      const e164 = '+1' + national;
      await check(`onboarding through <FlowkitFlow /> (${e164}) -> "You're all set"`, async () => {
        const phone = fl.getByRole('textbox', { name: 'Phone number' });
        await phone.click({ timeout: 5000 });
        await phone.pressSequentially(national, { delay: 15, timeout: 10000 });
        await poll(() => fl.getByRole('button', { name: 'Continue' }).isEnabled(), { what: 'Continue enabled', timeoutMs: 5000 });
        await fl.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await fl.getByRole('textbox', { name: 'Verification code' }).waitFor({ state: 'visible', timeout: 15000 });
        const sms = await poll(async () => {
          const r = await sandbox.api('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(e164)}`);
          return r.status === 200 && r.body.data && r.body.data[0];
        }, { what: 'SMS in outbox', timeoutMs: 10000 });
        const code = sms.code || (/\b(\d{6})\b/.exec(sms.body || '') || [])[1];
        await fl.getByRole('textbox', { name: 'Verification code' }).fill(code, { timeout: 5000 });
        await fl.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
      }, 60000);
      await check('onComplete fired once with {user_id, flow_id}; events in order, with their types', async () => {
        await poll(() => page.evaluate(() => window.flowkitApp.completed.length > 0), { what: 'onComplete', timeoutMs: 10000 });
        // Messages from one window arrive in order: once this barrier is here, so is all the flow sent before it.
        const frame = await flowFrame();
        await frame.evaluate((origin) => window.parent.postMessage({ fkBarrier: 'after-complete' }, origin), host.base);
        await poll(() => page.evaluate(() => window.__fkBarriers.includes('after-complete')), { what: 'the barrier', timeoutMs: 5000 });
        const app = await page.evaluate(() => window.flowkitApp);
        if (app.completed.length !== 1) throw new Error(`onComplete ${app.completed.length} times: ${JSON.stringify(app.completed)}`);
        const c = app.completed[0];
        if (c.flow_id !== F.id || !/\S/.test(c.user_id) || Object.keys(c).sort().join() !== 'flow_id,user_id') throw new Error(JSON.stringify(c));
        const bad = app.events.map((e) => eventProblem(e, F.id)).filter(Boolean);
        if (bad.length) throw new Error(bad.slice(0, 3).join('; '));
        const seq = app.events.filter((e) => e.type !== 'resize').map((e) => e.type +
          (e.type === 'step_started' ? ` ${e.payload.step}` : e.type === 'step_completed' ? ` ${e.payload.step} ${e.payload.status}` : ''));
        const want = ['ready', 'step_started onboarding', 'step_completed onboarding completed', 'flow_completed'];
        if (JSON.stringify(seq) !== JSON.stringify(want)) throw new Error(`events ${JSON.stringify(seq)}`);
        const fc = app.events.find((e) => e.type === 'flow_completed');
        if (fc.payload.user_id !== c.user_id) throw new Error(`flow_completed ${JSON.stringify(fc)} vs onComplete ${JSON.stringify(c)}`);
        if (app.errors.length || app.exits.length) throw new Error(`onError ${JSON.stringify(app.errors)}, onExit ${JSON.stringify(app.exits)}`);
        await page.locator('#done').waitFor({ state: 'visible', timeout: 5000 });
        return { user_id: c.user_id, events: `${seq.join(', ')} (+${app.events.length - seq.length} resize)` };
      });
      await check('"Hide flow" unmounts: no iframe, no message listener left', async () => {
        await page.click('#toggle');
        const c = await poll(async () => { const x = await counts(); return x.iframes === 0 && x.active === 0 && x; }, { what: 'unmounted', timeoutMs: 5000 })
          .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await counts())}`); });
        if (c.adds !== c.removes || c.devtools !== 1) throw new Error(JSON.stringify(c));
        return c;
      });
      await check('50 × show, hide: no iframe and no message listener left (DevTools: only the test\'s own)', async () => {
        const t = Date.now();
        const before = await counts();
        await page.evaluate(async (n) => {
          const button = document.getElementById('toggle');
          const until = (what, cond) => new Promise((resolve, reject) => {
            const start = performance.now();
            const step = () => (cond() ? resolve() : performance.now() - start > 5000 ? reject(new Error(`${what}: not after 5 s`)) : setTimeout(step, 2));
            step();
          });
          const frames = () => document.querySelectorAll('iframe').length;
          for (let i = 0; i < n; i++) {
            button.click();
            await until(`mount ${i}`, () => frames() === 1 && window.__fkListeners.active === 1);
            button.click();
            await until(`unmount ${i}`, () => frames() === 0 && window.__fkListeners.active === 0);
          }
        }, 50);
        const c = await counts();
        if (c.iframes || c.active || c.adds !== c.removes || c.devtools !== 1) throw new Error(JSON.stringify(c));
        if (c.adds - before.adds !== 100) throw new Error(`${c.adds - before.adds} listeners added for 50 mounts (StrictMode: 2 each)`);
        return { ...c, took: secs(t) };
      }, 60000);
      await check('no uncaught page errors', () => { if (errors.length) throw new Error(errors.slice(0, 3).join(' | ')); });
    });

    await scenario('React component, production build', async (check, state) => {
      const F = await createFlow();
      const { page, errors, counts, fl } = await open(state, `${host.base}/prod/?link=${encodeURIComponent(F.link)}`);
      await check('mounts once (no double mount in production): the phone screen, ready, one listener', async () => {
        await fl.getByRole('heading', { name: HEADING.en }).waitFor({ state: 'visible', timeout: 30000 });
        await poll(() => page.evaluate(() => window.flowkitApp.events.some((e) => e.type === 'ready')), { what: 'ready', timeoutMs: 10000 });
        const c = await counts();
        if (c.iframes !== 1 || c.active !== 1 || c.adds !== 1 || c.removes !== 0) throw new Error(JSON.stringify(c));
        return c;
      }, 45000);
      await check('"Hide flow": no iframe, no listener', async () => {
        await page.click('#toggle');
        const c = await poll(async () => { const x = await counts(); return x.iframes === 0 && x.active === 0 && x; }, { what: 'unmounted', timeoutMs: 5000 });
        if (c.devtools !== 1) throw new Error(JSON.stringify(c));
        if (errors.length) throw new Error(errors.slice(0, 3).join(' | '));
        return c;
      });
    });
  } finally {
    await withTimeout(browser.close(), 15000, 'browser.close').catch(() => {});
    host.server.close();
  }
}

let exiting = false;
async function finish(extraFailure) {
  if (exiting) return;
  exiting = true;
  if (extraFailure) report('setup', false, extraFailure);
  await stopAll();
  const failed = results.filter((r) => !r.ok).length;
  if (failed || process.env.FLOWKIT_E2E_KEEP) {
    console.log(`# logs and screenshots: ${dir}`);
    if (appDir) console.log(`# the app's run folder: ${appDir}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  }
  console.log(`# react_sdk.spec: ${secs(t0)}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const watchdog = setTimeout(() => finish(`the whole test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(`interrupted (${sig})`));
main().then(() => { clearTimeout(watchdog); return finish(); },
  (e) => { clearTimeout(watchdog); return finish(e.message.split('\n').slice(0, 8).join(' | ')); });
