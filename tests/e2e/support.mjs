// Shared by tests/e2e/*.spec.mjs and tests/bench/load.mjs: locating the sandbox binary and
// the built widget, starting child processes (and always stopping them), launching Chromium.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// playwright-core lives outside the repo (npm cache); NODE_PATH only affects require(), not import.
export function loadPlaywright() {
  const tries = [createRequire(import.meta.url),
    createRequire(path.join(os.homedir(), '.cache/flowkit/npm/package.json'))];
  for (const req of tries) {
    try { return req('playwright-core'); } catch { /* next */ }
  }
  throw new Error('playwright-core not found: install it under ~/.cache/flowkit/npm (npm install playwright-core) or set NODE_PATH');
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'];

// The browser's language for every context the tests create: the widget follows
// navigator.languages when there is no ?locale=, so a machine in another language must not
// turn it Spanish. A context may still ask for another locale explicitly.
const BROWSER_LOCALE = 'en-US';

export async function launchChromium() {
  const { chromium } = loadPlaywright();
  const executablePath = process.env.FLOWKIT_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, `--lang=${BROWSER_LOCALE}`],
    timeout: 30000 });
  const newContext = browser.newContext.bind(browser), newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: BROWSER_LOCALE, ...options });
  browser.newPage = (options = {}) => newPage({ locale: BROWSER_LOCALE, ...options });
  return browser;
}

// The sandbox binary and widget folder: from the environment (CTest sets both), else the
// default preset build folders. Throws with a message saying what is missing.
export function locateInputs() {
  const bin = process.env.FLOWKIT_SANDBOX_BIN || path.join(REPO, 'build/native-debug/native/sandbox/flowkit-sandbox');
  const widgetDir = process.env.FLOWKIT_WIDGET_DIR !== undefined ? process.env.FLOWKIT_WIDGET_DIR
    : path.join(REPO, 'build/wasm-release/widget');
  const problems = [];
  try { fs.accessSync(bin, fs.constants.X_OK); } catch {
    problems.push(`flowkit-sandbox is not an executable at "${bin}" (build it: cmake --build --preset native-debug --target flowkit-sandbox, or set FLOWKIT_SANDBOX_BIN)`);
  }
  if (!widgetDir) problems.push('FLOWKIT_WIDGET_DIR is empty: configure the native build with -DFLOWKIT_WIDGET_DIR=<folder of the built wasm widget>');
  else if (!fs.existsSync(path.join(widgetDir, 'index.html')))
    problems.push(`no built widget in "${widgetDir}" (index.html missing): build the wasm preset (cmake --build --preset wasm-release) or set FLOWKIT_WIDGET_DIR`);
  if (problems.length) throw new Error(problems.join('; '));
  return { bin, widgetDir: path.resolve(widgetDir) };
}

const children = new Set();

// Starts a process and resolves once a line of its output matches `ready` (a RegExp), with
// {proc, match, output()}. Output goes to logFile too. Rejects on exit or after timeoutMs.
export function startProcess(cmd, args, { ready, timeoutMs = 15000, logFile, env } = {}) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const log = logFile ? fs.createWriteStream(logFile) : null;
  let text = '';
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err, match) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) { stopProcess(proc); reject(err); } else resolve({ proc, match, output: () => text });
    };
    const onData = (chunk) => {
      const s = chunk.toString();
      text += s;
      if (log) log.write(s);
      const m = ready && ready.exec(text);
      if (m) finish(null, m);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', (e) => finish(new Error(`${cmd}: ${e.message}`)));
    proc.on('exit', (code, sig) => finish(new Error(`${path.basename(cmd)} exited (${code ?? sig}) before it was ready:\n${text.trim()}`)));
    const timer = setTimeout(() => finish(new Error(`${path.basename(cmd)} not ready after ${timeoutMs} ms:\n${text.trim()}`)), timeoutMs);
  });
}

export async function stopProcess(proc, graceMs = 3000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

export async function stopAll() {
  await Promise.all([...children].map((p) => stopProcess(p)));
}
// Last resort when the script dies: no child outlives it.
process.on('exit', () => { for (const p of children) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });

export async function startSandbox({ bin, widgetDir, dir, allowedOrigins = [], clientId, apiKey, extraArgs = [] }) {
  const args = ['--port', '0', '--db', path.join(dir, 'sandbox.db'), '--widget-dir', widgetDir,
    '--client-id', clientId, '--api-key', apiKey, '--resend-cooldown', '1', ...extraArgs];
  for (const o of allowedOrigins) args.push('--allowed-origin', o);
  const { proc, match } = await startProcess(bin, args, {
    ready: /flowkit-sandbox listening on (http:\/\/[^\s]+)/, logFile: path.join(dir, 'sandbox.log'),
  });
  const base = match[1].replace(/\/$/, '');
  const auth = 'Basic ' + Buffer.from(`${clientId}:${apiKey}`).toString('base64');
  // App API call: resolves {status, body}; never throws on HTTP errors.
  const api = async (method, p, body) => {
    const res = await fetch(base + p, {
      method, headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(10000),
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: json ?? text };
  };
  return { proc, base, api };
}

export async function startDemoHost({ dir, port = 0, args = [] }) {
  const { proc, match } = await startProcess(process.execPath, [path.join(REPO, 'web/demo/serve_host.mjs'),
    '--port', String(port), ...args], { ready: /demo host listening on (http:\/\/[^\s]+)/, logFile: path.join(dir, 'host.log') });
  return { proc, base: match[1].replace(/\/$/, '') };
}

export function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(t));
}

export async function poll(fn, { timeoutMs = 10000, intervalMs = 100, what = 'condition' } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
