#!/usr/bin/env node
// Browser end-to-end test of the embed SDK (web/sdk/flowkit-embed.mjs) in headless Chromium:
// two flows mounted side by side on the demo host (web/demo/two-flows.html, its own origin),
// against the real flowkit-sandbox and the built wasm widget. Each mount hears only its own
// flow; spoofed and malformed messages change nothing; the iframe follows the widget's
// resize; update() posts one configure envelope to the flow's origin; destroy() is final.
// Styles and locale: ?styles= at mount (dark theme) and configure (primaryColor) restyle the
// drawn widget (checked on screenshot pixels), an invalid value only warns; ?locale=es shows
// the Spanish labels and <html lang="es">, configure {locale: "en"} switches back live.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/embed.spec.mjs
//
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// On failure, screenshots and the sandbox/host logs stay in the temp folder it prints.
// FLOWKIT_E2E_KEEP=1 keeps that folder after a pass too.
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { launchChromium, locateInputs, poll, startDemoHost, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 240000;
const results = [];
let shotSeq = 0;
const dir = tempDir('flowkit-e2e-embed-');

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
      report(full, false, e.message.split('\n').slice(0, 6).join(' | '));
      await screenshot(state.page, full);
      throw new Abort(full);
    }
  };
  try {
    await fn(check, state);
  } catch (e) {
    if (!(e instanceof Abort)) {
      report(`${title}: (setup)`, false, e.message.split('\n').slice(0, 6).join(' | '));
      await screenshot(state.page, title);
    }
  } finally {
    if (state.ctx) await withTimeout(state.ctx.close(), 10000, 'close context').catch(() => {});
  }
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

// Installed in every frame before its scripts; acts only in a flow page (/flow/{id}). Records
// every `message` event the flow page receives (__fkInbox: what the host sent it) and, by
// replacing window.parent (a [Replaceable] attribute) with a wrapper, every message the widget
// posts to its host (__fkPosts). __fkRealParent is the untouched parent, for spoofing.
const FRAME_SPY = () => {
  if (!/^\/flow\/[^/.]+$/.test(location.pathname)) return;
  const copy = (v) => { try { return JSON.parse(JSON.stringify(v)); } catch { return String(v); } };
  const real = window.parent;
  const inbox = (window.__fkInbox = []);
  const posts = (window.__fkPosts = []);
  window.__fkRealParent = real;
  const sourceOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'source').get;
  window.addEventListener('message', (e) => inbox.push({ data: copy(e.data), origin: e.origin, fromParent: sourceOf.call(e) === real }), true);
  if (real === window) return;
  const spy = {
    postMessage(msg, target, ...rest) { posts.push({ data: copy(msg), targetOrigin: target }); return real.postMessage(msg, target, ...rest); },
    get closed() { return real.closed; }, get length() { return real.length; }, get frames() { return real.frames; },
    get top() { return real.top; }, get parent() { return real.parent; }, get self() { return real.self; },
    get window() { return real.window; }, get location() { return real.location; },
  };
  try { window.parent = spy; } catch { return; }
  // The widget takes host messages only when event.source === window.parent: the real parent
  // reads as the wrapper, so the host's configure and close still reach it.
  Object.defineProperty(MessageEvent.prototype, 'source', {
    configurable: true, enumerable: true, get() { const s = sourceOf.call(this); return s === real ? spy : s; },
  });
};

const isEnvelope = (d) => d && typeof d === 'object' && d.source === 'flowkit' && d.version === 1;
const isEnvelopeData = (d, type) => isEnvelope(d) && d.type === type;
const ALL_SET = /You['\u2019]re all set/;
const SDK_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-top-navigation-by-user-activation';

function watchPage(page) {
  const logs = [], errors = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { logs, errors };
}

// What the host page recorded per mount (window.flows[i] without the handle).
const records = (page) => page.evaluate(() => window.flows.map((f) => ({
  events: f.events, messages: f.messages, completed: f.completed, exits: f.exits, errors: f.errors,
})));
const frameOf = async (page, id) => {
  const el = await page.$('#' + id);
  const f = el && (await el.contentFrame());
  if (!f) throw new Error(`no frame #${id}`);
  return f;
};

// Spanish strings, from steps/ui/i18n_table.inc.
const ES = { heading: 'Ingresa tu número de teléfono', continue: 'Continuar' };

// Decodes a PNG (8-bit gray/RGB/RGBA/gray+alpha, not interlaced, as Chromium writes them) to
// {width, height, px(x, y) -> [r, g, b]}.
function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), kind = buf.toString('latin1', off + 4, off + 8), data = buf.subarray(off + 8, off + 8 + len);
    if (kind === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); depth = data[8]; type = data[9]; interlace = data[12]; }
    else if (kind === 'IDAT') idat.push(data);
    else if (kind === 'IEND') break;
    off += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
  if (depth !== 8 || !channels || interlace) throw new Error(`PNG depth ${depth} type ${type} interlace ${interlace}: not supported`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels] : 0, b = y ? out[(y - 1) * stride + i] : 0;
      const c = i >= channels && y ? out[(y - 1) * stride + i - channels] : 0;
      let v = line[i];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + i] = v & 255;
    }
  }
  const px = (x, y) => { const i = y * stride + x * channels; return channels < 3 ? [out[i], out[i], out[i]] : [out[i], out[i + 1], out[i + 2]]; };
  return { width, height, px };
}
// The most frequent color of a PNG (colors within 8 of each other count together).
function dominantColor(png) {
  const counts = new Map();
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) {
    const [r, g, b] = png.px(x, y), k = `${r >> 3},${g >> 3},${b >> 3}`;
    const e = counts.get(k) || { n: 0, rgb: [r, g, b] };
    e.n++;
    counts.set(k, e);
  }
  const best = [...counts.values()].sort((x, y) => y.n - x.n)[0];
  return { rgb: best.rgb, share: +(best.n / (png.width * png.height)).toFixed(2) };
}
const isGreen = ([r, g, b]) => g >= 120 && g - r >= 60 && g - b >= 50;
const isDark = ([r, g, b]) => r < 70 && g < 70 && b < 80;
const isLight = ([r, g, b]) => r > 200 && g > 200 && b > 200;

async function main() {
  const inputs = locateInputs();
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };
  const host = await startDemoHost({ dir });
  const hostPort = new URL(host.base).port;
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base] });
  const sandboxOrigin = new URL(sandbox.base).origin;
  const thirdOrigin = `http://localhost:${hostPort}`;  // same demo server, another origin
  console.log(`# sandbox ${sandbox.base}, host ${host.base}, temp ${dir}`);

  const browser = await launchChromium();
  try {
    const createFlow = async () => {
      const r = await sandbox.api('POST', '/api/v2/flows', { steps: [] });
      if ((r.status !== 200 && r.status !== 201) || !r.body.id || !r.body.link) throw new Error(`POST /api/v2/flows -> ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };

    await scenario('two flows', async (check, state) => {
      const A = await createFlow(), B = await createFlow();
      state.ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await state.ctx.addInitScript(FRAME_SPY);
      const page = (state.page = await state.ctx.newPage());
      const watch = watchPage(page);
      const fa = page.frameLocator('#flow-a'), fb = page.frameLocator('#flow-b');
      const url = `${host.base}/two-flows.html?link=${encodeURIComponent(A.link)}&link=${encodeURIComponent(B.link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`;

      await check('the sandbox serves the SDK at /widget/flowkit-embed.mjs (+ .d.ts)', async () => {
        const out = {};
        for (const [name, type] of [['flowkit-embed.mjs', /^text\/javascript/], ['flowkit-embed.d.ts', /./]]) {
          const r = await fetch(`${sandbox.base}/widget/${name}`, { signal: AbortSignal.timeout(5000) });
          const body = await r.text();
          if (r.status !== 200 || !type.test(r.headers.get('content-type') || '')) throw new Error(`${name}: ${r.status} ${r.headers.get('content-type')}`);
          if (!/export (declare )?function mount/.test(body)) throw new Error(`${name}: no mount export`);
          out[name] = `${body.length} B`;
        }
        return out;
      });
      await check('two-flows.html mounts both: the phone screen in each iframe', async () => {
        await page.goto(url, { timeout: 15000 });
        await fa.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        await fb.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        const sdk = await page.evaluate(() => window.flowkitSdk);
        if (sdk.fallback) console.log(`# note: import(${sandboxOrigin}/widget/flowkit-embed.mjs) failed in the page (${sdk.error}); the demo used its /sdk/ copy`);
        return sdk;
      }, 45000);
      await check('the iframes: sandbox, allow, title, 100% wide, no border; B\'s src has ?styles=&locale= and the #s= fragment', async () => {
        const attrs = await page.evaluate(() => window.flows.map(({ handle: h }) => ({
          sandbox: h.iframe.getAttribute('sandbox'), allow: h.iframe.getAttribute('allow'), title: h.iframe.title,
          width: h.iframe.style.width, border: getComputedStyle(h.iframe).borderTopWidth, src: h.iframe.src,
          flowId: h.flowId, origin: h.origin,
        })));
        for (const [i, a] of attrs.entries()) {
          const flow = [A, B][i];
          if (a.sandbox !== SDK_SANDBOX || a.allow !== 'clipboard-write' || !a.title || a.width !== '100%' || a.border !== '0px')
            throw new Error(JSON.stringify(a));
          if (a.flowId !== flow.id || a.origin !== sandboxOrigin) throw new Error(`handle ${a.flowId} ${a.origin}`);
        }
        const [srcA, srcB] = attrs.map((a) => new URL(a.src));
        if (srcA.href !== new URL(A.link).href) throw new Error(`A src ${srcA.href} != link ${A.link}`);
        const styles = JSON.parse(srcB.searchParams.get('styles') || 'null');
        if (!styles || styles.theme !== 'light' || srcB.searchParams.get('locale') !== 'en') throw new Error(`B src ${srcB.href}`);
        if (srcB.hash !== new URL(B.link).hash || !/^#s=./.test(srcB.hash) || srcB.pathname !== `/flow/${B.id}`) throw new Error(`B src ${srcB.href} vs ${B.link}`);
        return { b: srcB.search };
      });
      await check('each mount received ready with its own flow_id, and only its own envelopes', async () => {
        const recs = await poll(async () => {
          const r = await records(page);
          return r.every((x) => x.events.some((e) => e.type === 'ready')) && r;
        }, { what: 'ready in both', timeoutMs: 10000 });
        for (const [i, r] of recs.entries()) {
          const other = r.events.filter((e) => !isEnvelope(e) || e.flow_id !== [A, B][i].id);
          if (other.length) throw new Error(`flow ${'AB'[i]}: ${JSON.stringify(other.slice(0, 2))}`);
        }
        return recs.map((r) => r.events.length);
      });

      // The iframe's height against the last resize the widget posted (its own record).
      const heightsFollow = async (which) => {
        const out = {};
        for (const name of which) {
          const frame = await frameOf(page, 'flow-' + name);
          let last = 0, got = 0;
          await poll(async () => {
            const posts = await frame.evaluate(() => window.__fkPosts || []);
            const resize = posts.map((p) => p.data).filter((d) => isEnvelope(d) && d.type === 'resize');
            last = resize.length ? resize[resize.length - 1].payload.height : 0;
            got = await page.locator('#flow-' + name).evaluate((f) => f.getBoundingClientRect().height);
            return last > 0 && Math.abs(got - Math.ceil(last)) <= 0.5;
          }, { what: `#flow-${name} height (${got}px) = last resize (${last}px)`, timeoutMs: 5000 }).catch((e) => {
            throw new Error(`${e.message}: iframe ${got}px, last resize ${last}px`);
          });
          const handleLast = await page.evaluate((i) => window.flows[i].events.filter((e) => e.type === 'resize').pop(), name === 'a' ? 0 : 1);
          if (!handleLast || handleLast.payload.height !== last) throw new Error(`the mount's last resize ${JSON.stringify(handleLast)} != widget's ${last}`);
          out[name] = got;
        }
        return out;
      };
      await check('each iframe\'s height equals the widget\'s last resize', () => heightsFollow(['a', 'b']));

      const national = '20155502' + String(Math.floor(Math.random() * 100)).padStart(2, '0');
      const e164 = '+1' + national;
      await check(`onboarding in flow A (${e164}) -> "You're all set"`, async () => {
        const phone = fa.getByRole('textbox', { name: 'Phone number' });
        await phone.click({ timeout: 5000 });
        await phone.pressSequentially(national, { delay: 15, timeout: 10000 });
        await poll(() => fa.getByRole('button', { name: 'Continue' }).isEnabled(), { what: 'Continue enabled', timeoutMs: 15000 });
        await fa.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await fa.getByRole('textbox', { name: 'Verification code' }).waitFor({ state: 'visible', timeout: 15000 });
        const sms = await poll(async () => {
          const r = await sandbox.api('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(e164)}`);
          return r.status === 200 && r.body.data && r.body.data[0];
        }, { what: 'SMS in outbox', timeoutMs: 10000 });
        const code = sms.code || (/\b(\d{6})\b/.exec(sms.body || '') || [])[1];
        await fa.getByRole('textbox', { name: 'Verification code' }).fill(code, { timeout: 5000 });
        await fa.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
      }, 45000);
      let userId;
      await check('A\'s onComplete fired once with {user_id, flow_id: A}', async () => {
        await poll(async () => (await records(page))[0].completed.length > 0, { what: 'A onComplete', timeoutMs: 10000 });
        await page.waitForTimeout(300);
        const a = (await records(page))[0];
        if (a.completed.length !== 1) throw new Error(JSON.stringify(a.completed));
        const c = a.completed[0];
        if (c.flow_id !== A.id || !c.user_id || Object.keys(c).sort().join() !== 'flow_id,user_id') throw new Error(JSON.stringify(c));
        const fc = a.events.find((e) => e.type === 'flow_completed');
        if (!fc || fc.payload.user_id !== c.user_id) throw new Error(`flow_completed ${JSON.stringify(fc)}`);
        if (!a.messages.some((m) => !isEnvelope(m) && m.step === 'onboarding' && m.status === 'completed')) throw new Error('no Dots {step, status} in onMessage');
        userId = c.user_id;
        return { user_id: userId, types: a.events.map((e) => e.type).filter((t) => t !== 'resize') };
      });
      await check('B heard nothing of A: no onComplete, no envelope or Dots message of A', async () => {
        const b = (await records(page))[1];
        if (b.completed.length || b.exits.length || b.errors.length) throw new Error(JSON.stringify(b));
        const foreign = b.events.filter((e) => e.flow_id !== B.id || !['ready', 'resize', 'step_started'].includes(e.type));
        const dots = b.messages.filter((m) => !isEnvelope(m) && 'step' in m);
        if (foreign.length || dots.length) throw new Error(JSON.stringify([...foreign, ...dots].slice(0, 3)));
        return b.events.map((e) => e.type).filter((t) => t !== 'resize');
      });
      await check('after the steps, A\'s iframe height still equals the widget\'s last resize', () => heightsFollow(['a', 'b']));

      // ---- Spoofed and malformed messages: nothing changes.
      const snapshot = async () => JSON.stringify({
        r: await records(page),
        h: await page.evaluate(() => window.flows.map((f) => f.handle.iframe.style.height)),
      });
      const fakes = (flowId) => [
        { source: 'flowkit', version: 1, type: 'flow_completed', flow_id: flowId, payload: { user_id: 'spoofed' } },
        { source: 'flowkit', version: 1, type: 'exit', flow_id: flowId, payload: { reason: 'spoofed' } },
        { source: 'flowkit', version: 1, type: 'error', flow_id: flowId, payload: { code: 'spoofed', message: 'x', retryable: false } },
        { source: 'flowkit', version: 1, type: 'resize', flow_id: flowId, payload: { height: 1777 } },
        { height: 1888 },
        { step: 'onboarding', status: 'completed' },
      ];
      let before;
      await check('spoofs from the host page itself (window.postMessage) change nothing', async () => {
        before = await snapshot();
        await page.evaluate((list) => { for (const m of list) window.postMessage(m, '*'); }, [...fakes(A.id), ...fakes(B.id)]);
        await page.waitForTimeout(500);
        if ((await snapshot()) !== before) throw new Error('a mount reacted');
        return `${fakes(A.id).length * 2} messages`;
      });
      const spoofFrom = async (origin, pathName) => {
        const id = 'spoof-' + Math.random().toString(36).slice(2);
        await page.evaluate(({ id, src }) => new Promise((resolve) => {
          const f = document.createElement('iframe');
          f.id = id; f.src = src; f.onload = () => resolve();
          document.body.appendChild(f);
        }), { id, src: origin + pathName });
        const frame = await frameOf(page, id);
        const got = await frame.evaluate((list) => { for (const m of list) window.parent.postMessage(m, '*'); return location.origin; }, [...fakes(A.id), ...fakes(B.id)]);
        await page.waitForTimeout(500);
        if ((await snapshot()) !== before) throw new Error('a mount reacted');
        return `${fakes(A.id).length * 2} messages from ${got}`;
      };
      await check('spoofs from a third origin\'s frame change nothing', () => spoofFrom(thirdOrigin, '/config.json'));
      await check('spoofs from a frame of the sandbox\'s own origin (not a flow iframe) change nothing', () => spoofFrom(sandboxOrigin, '/healthz'));
      await check('from flow A\'s iframe: B\'s envelopes and malformed messages change nothing, no page error', async () => {
        const frame = await frameOf(page, 'flow-a');
        const bad = [null, 'text', 42, [], [1, 2], { source: 'flowkit' },
          { source: 'flowkit', version: 2, type: 'flow_completed', flow_id: A.id, payload: { user_id: 'v2' } },
          { source: 'flowkit', version: '1', type: 'exit', flow_id: A.id, payload: { reason: 'x' } },
          { source: 'flowkit', version: 1, type: 'no_such_type', flow_id: A.id, payload: {} },
          { source: 'flowkit', version: 1, type: 'exit', flow_id: A.id },
          { source: 'flowkit', version: 1, type: 'exit', flow_id: A.id, payload: null },
          { source: 'flowkit', version: 1, type: 'error', flow_id: A.id, payload: 'oops' },
          { source: 'flowkit', version: 1, type: 'resize', flow_id: A.id, payload: { height: 'tall' } },
          { source: 'flowkit', version: 1, type: 'resize', flow_id: A.id, payload: { height: -5 } },
          { source: 'flowkit-host', version: 1, type: 'configure', payload: {} },
          { height: 'x' }, { height: -1 }, { step: 1, status: 'completed' }];
        const n = await frame.evaluate((list) => {
          for (const m of list) window.__fkRealParent.postMessage(m, '*');
          return list.length;
        }, [...fakes(B.id).filter(isEnvelope), ...bad]);
        await page.waitForTimeout(500);
        if ((await snapshot()) !== before) throw new Error('a mount reacted: ' + (await snapshot()).slice(0, 300));
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        return `${n} messages`;
      });

      await check('from A\'s own frame: exit and error envelopes reach onExit / onError with their payloads', async () => {
        const frame = await frameOf(page, 'flow-a');
        const env = (type, payload) => ({ source: 'flowkit', version: 1, type, flow_id: A.id, payload });
        await frame.evaluate(({ list, target }) => { for (const m of list) window.__fkRealParent.postMessage(m, target); },
          { list: [env('exit', { reason: 'user_closed' }), env('error', { code: 'rate_limited', message: 'Too many tries.', retryable: true })], target: host.base });
        const a = await poll(async () => { const r = (await records(page))[0]; return r.exits.length && r.errors.length && r; },
          { what: 'onExit and onError', timeoutMs: 5000 });
        if (JSON.stringify(a.exits) !== JSON.stringify([{ reason: 'user_closed' }])) throw new Error(`exits ${JSON.stringify(a.exits)}`);
        if (JSON.stringify(a.errors) !== JSON.stringify([{ code: 'rate_limited', message: 'Too many tries.', retryable: true }]))
          throw new Error(`errors ${JSON.stringify(a.errors)}`);
        const b = (await records(page))[1];
        if (b.exits.length || b.errors.length) throw new Error('B got them too');
      });
      await check('a Dots {height} after resize envelopes does not move A\'s iframe (it reaches onMessage only)', async () => {
        const frame = await frameOf(page, 'flow-a');
        const h0 = await page.evaluate(() => window.flows[0].handle.iframe.style.height);
        const n0 = (await records(page))[0].messages.length;
        await frame.evaluate((target) => window.__fkRealParent.postMessage({ height: 1234 }, target), host.base);
        await poll(async () => (await records(page))[0].messages.length > n0, { what: 'onMessage {height}', timeoutMs: 5000 });
        const h1 = await page.evaluate(() => window.flows[0].handle.iframe.style.height);
        if (h1 !== h0) throw new Error(`${h0} -> ${h1}`);
        return h1;
      });

      // ---- update(), close()
      await check('update() posts exactly one configure envelope to B\'s flow page, from the host origin', async () => {
        const [frameA, frameB] = [await frameOf(page, 'flow-a'), await frameOf(page, 'flow-b')];
        const hostMsgs = (f) => f.evaluate(() => window.__fkInbox.filter((m) => m.data && m.data.source === 'flowkit-host'));
        const beforeA = (await hostMsgs(frameA)).length;
        if ((await hostMsgs(frameB)).length) throw new Error('B received host messages before update()');
        const config = { styles: { theme: 'dark', variables: { primaryColor: '#ff5a5f' } }, locale: 'es' };
        await page.evaluate((c) => window.flows[1].handle.update(c), config);
        await poll(async () => (await hostMsgs(frameB)).length > 0, { what: 'configure in B', timeoutMs: 5000 });
        await page.waitForTimeout(500);
        const got = await hostMsgs(frameB);
        if (got.length !== 1) throw new Error(`${got.length} host messages: ${JSON.stringify(got)}`);
        const [m] = got;
        const want = { source: 'flowkit-host', version: 1, type: 'configure', payload: config };
        if (JSON.stringify(m.data) !== JSON.stringify(want)) throw new Error(JSON.stringify(m.data));
        if (m.origin !== host.base || !m.fromParent) throw new Error(`origin ${m.origin}, from parent ${m.fromParent}`);
        if ((await hostMsgs(frameA)).length !== beforeA) throw new Error('A received a host message too');
        return { origin: m.origin };
      });
      await check('close() posts exactly one close envelope to A\'s flow page', async () => {
        const frameA = await frameOf(page, 'flow-a');
        await page.evaluate(() => window.flows[0].handle.close());
        const hostMsgs = () => frameA.evaluate(() => window.__fkInbox.filter((m) => m.data && m.data.source === 'flowkit-host'));
        await poll(async () => (await hostMsgs()).length > 0, { what: 'close in A', timeoutMs: 5000 });
        await page.waitForTimeout(300);
        const got = await hostMsgs();
        const want = JSON.stringify({ source: 'flowkit-host', version: 1, type: 'close', payload: {} });
        if (got.length !== 1 || JSON.stringify(got[0].data) !== want || got[0].origin !== host.base) throw new Error(JSON.stringify(got));
      });

      // ---- destroy()
      // window's 'message' listeners, counted by the DevTools protocol.
      const cdp = await state.ctx.newCDPSession(page);
      const messageListeners = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
        return listeners.filter((l) => l.type === 'message').length;
      };
      await check('destroy() removes B\'s iframe and its listener; a second destroy(), update() and close() are no-ops', async () => {
        const listenersBefore = await messageListeners();
        const out = await page.evaluate(() => {
          const h = window.flows[1].handle;
          window.__lateWin = h.iframe.contentWindow;  // kept to fake a message that was on its way
          h.destroy();
          h.destroy();
          h.update({ locale: 'fr' });
          h.close();
          return { destroyed: h.destroyed, inDom: !!document.getElementById('flow-b'), connected: h.iframe.isConnected };
        });
        if (!out.destroyed || out.inDom || out.connected) throw new Error(JSON.stringify(out));
        const listenersAfter = await messageListeners();
        if (listenersAfter !== listenersBefore - 1) throw new Error(`window 'message' listeners: ${listenersBefore} -> ${listenersAfter}`);
        return { ...out, listeners: `${listenersBefore} -> ${listenersAfter}` };
      });
      await check('after destroy(), messages (even "from" B\'s old window, right origin) call nothing', async () => {
        before = await snapshot();
        const n = await page.evaluate(({ origin, list }) => {
          let sent = 0;
          for (const source of [window.__lateWin, null]) {
            for (const data of list) {
              let ev;
              try { ev = new MessageEvent('message', { data, origin, source }); } catch { continue; }
              window.dispatchEvent(ev);
              sent++;
            }
          }
          return sent;
        }, { origin: sandboxOrigin, list: fakes(B.id) });
        await page.waitForTimeout(1000);
        if (!n) throw new Error('no message dispatched');
        if ((await snapshot()) !== before) throw new Error('a callback fired after destroy()');
        return `${n} messages`;
      });
      await check('update() right after mount() is held until the flow page speaks, then sent once (merged)', async () => {
        const D = await createFlow();
        await page.evaluate((link) => {
          const h = window.flowkitMount(document.body, { link });
          h.iframe.id = 'flow-d';
          h.update({ locale: 'es' });
          h.update({ styles: { theme: 'dark' } });
        }, D.link);
        // It was sent locale 'es': the English heading shows for about one frame at most.
        await page.frameLocator('#flow-d').getByRole('heading', { name: ES.heading }).waitFor({ state: 'visible', timeout: 30000 });
        const frame = await frameOf(page, 'flow-d');
        const hostMsgs = () => frame.evaluate(() => window.__fkInbox.filter((m) => m.data && m.data.source === 'flowkit-host'));
        await poll(async () => (await hostMsgs()).length > 0, { what: 'configure in D', timeoutMs: 5000 });
        await page.waitForTimeout(500);
        const got = await hostMsgs();
        const p = got[0] && got[0].data.payload;
        if (got.length !== 1 || got[0].data.type !== 'configure' || got[0].origin !== host.base || !p || p.locale !== 'es' || !p.styles || p.styles.theme !== 'dark')
          throw new Error(JSON.stringify(got));
        return got[0].data.payload;
      }, 45000);
      await check('no uncaught page errors', async () => {
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // Styles and locale, on an empty page of the host's origin that mounts flows with the SDK
    // (the demo server's copy): ?styles= and ?locale= at mount, configure through update().
    const blankScenario = (title, fn) => scenario(title, async (check, state) => {
      state.ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = (state.page = await state.ctx.newPage());
      const watch = watchPage(page);
      const frameLogs = [];
      // Console messages of the flow frames (their scripts come from the sandbox's origin).
      page.on('console', (m) => { if (((m.location() || {}).url || '').startsWith(sandboxOrigin + '/')) frameLogs.push({ type: m.type(), text: m.text() }); });
      // host.html without a link mounts nothing (it says so in #status); then its body is cleared.
      // (A page made up with route.fulfill would not do: it has no address, so Chromium's local
      // network access checks block its iframe's request to 127.0.0.1.)
      await page.goto(`${host.base}/host.html`, { timeout: 15000 });
      await page.locator('#status.error').waitFor({ state: 'attached', timeout: 10000 });
      await page.evaluate(() => { document.body.replaceChildren(); document.body.style.cssText = 'margin:0;padding:0;background:#fff'; });
      // Mounts a new flow in its own 420 px box; the iframe gets id `id`, the handle window.handles[id].
      const mountFlow = async (id, options = {}) => {
        const F = await createFlow();
        await page.evaluate(async ({ link, id, options }) => {
          const { mount } = await import('/sdk/flowkit-embed.mjs');
          const box = document.createElement('div');
          box.style.cssText = 'width:420px;display:inline-block;vertical-align:top;margin:8px';
          document.body.appendChild(box);
          const h = mount(box, { link, ...options });
          h.iframe.id = id;
          (window.handles ||= {})[id] = h;
        }, { link: F.link, id, options });
        return page.frameLocator('#' + id);
      };
      const update = (id, config) => page.evaluate(({ id, config }) => window.handles[id].update(config), { id, config });
      // The dominant color of an element's box (page coordinates), from a screenshot.
      const boxColor = async (locator, inset = 2) => {
        const b = await locator.boundingBox({ timeout: 5000 });
        if (!b || b.width < 2 * inset + 4 || b.height < 2 * inset + 4) throw new Error(`box ${JSON.stringify(b)}`);
        const clip = { x: b.x + inset, y: b.y + inset, width: b.width - 2 * inset, height: b.height - 2 * inset };
        return dominantColor(decodePng(await page.screenshot({ clip, timeout: 10000 })));
      };
      // The color of a small square at the top-left corner of an iframe.
      const cornerColor = async (id) => {
        const b = await page.locator('#' + id).boundingBox({ timeout: 5000 });
        return dominantColor(decodePng(await page.screenshot({ clip: { x: b.x + 3, y: b.y + 3, width: 6, height: 6 }, timeout: 10000 })));
      };
      await fn(check, { page, watch, frameLogs, mountFlow, update, boxColor, cornerColor });
    });

    await blankScenario('styles', async (check, { page, watch, frameLogs, mountFlow, update, boxColor, cornerColor }) => {
      let fl, before;
      const button = () => fl.getByRole('button', { name: 'Continue' });
      await check('a flow mounted with default styles shows the phone screen (English: the browser is en-US)', async () => {
        fl = await mountFlow('flow-s');
        await fl.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        const lang = await (await frameOf(page, 'flow-s')).evaluate(() => ({ html: document.documentElement.lang, nav: navigator.language }));
        if (lang.html !== 'en' || lang.nav !== 'en-US') throw new Error(JSON.stringify(lang));
        return lang;
      }, 45000);
      await check('with a valid number typed, Continue is enabled and not green; the background is light', async () => {
        const phone = fl.getByRole('textbox', { name: 'Phone number' });
        await phone.click({ timeout: 5000 });
        await phone.pressSequentially('2015550123', { delay: 15, timeout: 10000 });
        await poll(() => button().isEnabled(), { what: 'Continue enabled', timeoutMs: 15000 });
        await page.waitForTimeout(500);  // the enabled tint is drawn on the next frame
        before = await boxColor(button());
        const corner = await cornerColor('flow-s');
        if (isGreen(before.rgb) || !isLight(corner.rgb)) throw new Error(`button ${JSON.stringify(before)}, corner ${JSON.stringify(corner)}`);
        return { button: before.rgb, corner: corner.rgb };
      });
      await check('update({styles: {variables: {primaryColor: "#16a34a"}}}) turns Continue green, live', async () => {
        await update('flow-s', { styles: { variables: { primaryColor: '#16a34a' } } });
        let last;
        await poll(async () => isGreen((last = await boxColor(button())).rgb), { what: 'Continue green', timeoutMs: 10000, intervalMs: 300 })
          .catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(last)} (before ${JSON.stringify(before.rgb)})`); });
        if (!(await fl.getByRole('heading', { name: 'Enter your phone number' }).isVisible())) throw new Error('heading gone');
        return last;
      }, 30000);
      await check('primaryColor "not-a-color": the page keeps working, a console warning in the frame', async () => {
        const n0 = frameLogs.length;
        await update('flow-s', { styles: { variables: { primaryColor: 'not-a-color' } } });
        const warn = await poll(() => frameLogs.slice(n0).find((l) => l.type === 'warning' && /primaryColor/.test(l.text)),
          { what: 'a console warning about primaryColor', timeoutMs: 10000 })
          .catch((e) => { throw new Error(`${e.message}; frame logs: ${JSON.stringify(frameLogs.slice(-5))}; all: ${JSON.stringify(watch.logs.slice(-5))}`); });
        await page.waitForTimeout(500);
        await fl.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 5000 });
        if (!(await button().isEnabled())) throw new Error('Continue is no longer enabled');
        const still = await boxColor(button());  // an ignored value changes nothing: still green
        if (!isGreen(still.rgb)) throw new Error(`Continue ${JSON.stringify(still)} after an invalid primaryColor`);
        return warn.text;
      }, 30000);
      await check('mount(..., {styles: {theme: "dark"}}) draws a dark background (iframe corner)', async () => {
        const dark = await mountFlow('flow-dark', { styles: { theme: 'dark' } });
        await dark.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        const src = await page.locator('#flow-dark').getAttribute('src');
        if (JSON.parse(new URL(src).searchParams.get('styles')).theme !== 'dark') throw new Error(src);
        let corner;
        await poll(async () => isDark((corner = await cornerColor('flow-dark')).rgb), { what: 'dark corner', timeoutMs: 10000, intervalMs: 300 })
          .catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(corner)}`); });
        return corner.rgb;
      }, 45000);
      await check('no uncaught page errors', async () => {
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    await blankScenario('locale', async (check, { page, watch, mountFlow, update }) => {
      let fl;
      const lang = async () => (await frameOf(page, 'flow-es')).evaluate(() => document.documentElement.lang);
      await check('mount(..., {locale: "es"}): the heading and Continue in Spanish, <html lang="es">', async () => {
        fl = await mountFlow('flow-es', { locale: 'es' });
        await fl.getByRole('heading', { name: ES.heading }).waitFor({ state: 'visible', timeout: 30000 });
        await fl.getByRole('button', { name: ES.continue }).waitFor({ state: 'attached', timeout: 5000 });
        const src = await page.locator('#flow-es').getAttribute('src');
        if (new URL(src).searchParams.get('locale') !== 'es') throw new Error(src);
        const l = await lang();
        if (l !== 'es') throw new Error(`<html lang="${l}">`);
        if (await fl.getByRole('heading', { name: 'Enter your phone number' }).count()) throw new Error('the English heading is there too');
        return { lang: l };
      }, 45000);
      await check('update({locale: "en"}) switches to English live', async () => {
        await update('flow-es', { locale: 'en' });
        await fl.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 10000 });
        await fl.getByRole('button', { name: 'Continue', exact: true }).waitFor({ state: 'attached', timeout: 5000 });
        await poll(async () => (await lang()) === 'en', { what: '<html lang="en">', timeoutMs: 5000 });
        if (await fl.getByRole('heading', { name: ES.heading }).count()) throw new Error('the Spanish heading is still there');
        return { lang: await lang() };
      }, 30000);
      await check('no uncaught page errors', async () => {
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // The flow page ends up on another origin than the link's (a redirect to localhost): the
    // mount's iframe is the source, but the origin is wrong, so nothing is read, and the SDK's
    // posts (targetOrigin = the link's origin) do not reach that page.
    await scenario('wrong origin', async (check, state) => {
      const C = await createFlow();
      const moved = new URL(C.link);
      moved.hostname = 'localhost';
      state.ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await state.ctx.addInitScript(FRAME_SPY);
      await state.ctx.route((u) => u.origin === sandboxOrigin && u.pathname === `/flow/${C.id}`,
        (route) => route.fulfill({ status: 302, headers: { Location: moved.origin + moved.pathname + moved.search } }));
      const page = (state.page = await state.ctx.newPage());
      const watch = watchPage(page);
      await check('host.html mounts a link whose page is redirected to localhost: the widget loads and posts', async () => {
        await page.goto(`${host.base}/?link=${encodeURIComponent(C.link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`, { timeout: 15000 });
        await page.frameLocator('#flow').getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        const frame = await frameOf(page, 'flow');
        const posts = await poll(async () => {
          const p = await frame.evaluate(() => window.__fkPosts || []);
          return p.some((x) => isEnvelopeData(x.data, 'ready')) && p;
        }, { what: 'the widget posted ready', timeoutMs: 10000 });
        return { frame: new URL(frame.url()).origin, posts: posts.length };
      }, 45000);
      await check('the mount read none of it: no events, the iframe keeps its initial height', async () => {
        const got = await page.evaluate(() => ({ events: window.flowkitEvents.length, rejected: window.flowkitRejected.map((r) => r.origin),
          height: window.flowkitFlow.iframe.style.height }));
        if (got.events || !got.rejected.length || got.rejected.some((o) => o !== `http://localhost:${new URL(sandbox.base).port}`) || got.height !== '480px')
          throw new Error(JSON.stringify(got));
        return { rejected: got.rejected.length, height: got.height };
      });
      await check('close() and update() deliver nothing to a page on another origin', async () => {
        await page.evaluate(() => { window.flowkitFlow.update({ locale: 'es' }); window.flowkitFlow.close(); });
        await page.waitForTimeout(700);
        const inbox = await (await frameOf(page, 'flow')).evaluate(() => window.__fkInbox.filter((m) => m.data && m.data.source === 'flowkit-host'));
        if (inbox.length) throw new Error(JSON.stringify(inbox));
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });
  } finally {
    await withTimeout(browser.close(), 15000, 'browser.close').catch(() => {});
  }
}

let exiting = false;
async function finish(extraFailure) {
  if (exiting) return;
  exiting = true;
  if (extraFailure) report('setup', false, extraFailure);
  await stopAll();
  const failed = results.filter((r) => !r.ok).length;
  if (failed || process.env.FLOWKIT_E2E_KEEP) console.log(`# logs and screenshots: ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const watchdog = setTimeout(() => finish(`the whole test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(`interrupted (${sig})`));
main().then(() => { clearTimeout(watchdog); return finish(); },
  (e) => { clearTimeout(watchdog); return finish(e.message.split('\n').slice(0, 8).join(' | ')); });
