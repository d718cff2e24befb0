#!/usr/bin/env node
// Screen tour (issue 9, "Done when"): headless Chromium visits every screen of every step, with
// its error states, against the real flowkit-sandbox and the built wasm widget, at
//   - 320x568 and 390x844 (deviceScaleFactor 3, isMobile, hasTouch), the link opened top-level
//     as from an SMS, in light, dark (?styles={"theme":"dark"}) and Spanish (?locale=es);
//   - a 1280 px desktop host page (its own origin) with the flow in an iframe mounted by the
//     embed SDK, in light, dark and Spanish (switched live with the SDK's update(), so the three
//     variants of a screen share one flow state),
// and on each screen asserts
//   a) canvas backing store == CSS size x devicePixelRatio;
//   b) every mirrored item's DOM rect lies inside the viewport width and equals its drawn rect
//      (window.flowkitItems(), +-1 px), and every drawn item has a mirror element and vice versa;
//   c) document.documentElement.scrollWidth == innerWidth == the viewport's width (no horizontal
//      overflow: on a phone an overflowing page widens innerWidth too; the host page as well in
//      the desktop case);
//   d) axe-core reports no violations (the flow's document);
//   e) on forms showing errors: a tap (a click on the desktop) at the centre of each drawn text
//      field focuses exactly that field's mirror element;
//   f) for the screens issue 9 redesigns (zero balance, failed payout, payout-link landing): the
//      content the issue asks for (no error on a zero balance, a way to retry a failed payout, a
//      landing that names the amount and the memo);
// plus no uncaught page errors. "Verify it's you" and "Your session has ended" come from a second
// sandbox started with --preauth-window 0 --widget-session-ttl 3 (a flow created with a user_id
// re-verifies; the tour waits until the sandbox refuses the session, then taps "Send code").
// It writes a PNG of every screen and variant to
// $FLOWKIT_TOUR_DIR (default build/screen-tour): <320|390|desktop>-<light|dark|es>-<screen>.png,
// prints a summary line per screen, then every violated invariant (screen, variant, what) and
// exits non-zero when there is any.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/screen_tour.spec.mjs
//
// FLOWKIT_TOUR_ONLY=<text> visits only the families/screens whose id contains it (debugging);
// FLOWKIT_TOUR_JOBS=<n> pages driven at once (default 2); FLOWKIT_TOUR_SCALE=device writes the
// pictures in device pixels (3x on the phones; default: CSS pixels, faster); FLOWKIT_TOUR_TRACE=1
// prints every step with its duration; FLOWKIT_E2E_KEEP=1 keeps the temp folder with the logs.
//
// Waits are on conditions only: a screen counts as drawn when no widget API request is in flight
// and window.flowkitFrames() read on consecutive animation frames stops changing.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, launchChromium, locateInputs, poll, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 840000;  // CTest's TIMEOUT is 900 s: every frame of a 3x phone canvas is drawn in software
const RAIL_DELAY_MS = 300;
const JOBS = Math.max(1, Number(process.env.FLOWKIT_TOUR_JOBS) || 2);
const ONLY = process.env.FLOWKIT_TOUR_ONLY || '';
const TOUR_DIR = path.resolve(process.env.FLOWKIT_TOUR_DIR || path.join(REPO, 'build/screen-tour'));
// CSS pixels by default (fast); FLOWKIT_TOUR_SCALE=device writes device pixels (3x on the phones).
const SHOT_SCALE = process.env.FLOWKIT_TOUR_SCALE === 'device' ? 'device' : 'css';
const dir = tempDir('flowkit-e2e-tour-');
const t0 = Date.now();
const TRACE = !!process.env.FLOWKIT_TOUR_TRACE;  // FLOWKIT_TOUR_TRACE=1: every step with its duration

const PHONE_SIZES = [{ name: '320', width: 320, height: 568 }, { name: '390', width: 390, height: 844 }];
const PHONE_THEMES = ['light', 'dark', 'es'];
const DESKTOP = { width: 1280, height: 800 };
const DESKTOP_CONFIG = {
  light: { styles: { theme: 'light' }, locale: 'en' },
  dark: { styles: { theme: 'dark' }, locale: 'en' },
  es: { styles: { theme: 'light' }, locale: 'es' },
};

// ---------------------------------------------------------------------------------------------
// Results: every violation with its screen and variant; nothing stops at the first one.
const violations = [];  // {screen, title, variant, kind, what}
const visited = new Set();  // `${screen}|${variant}`
const expected = [];  // {screen, title, variant} the tour means to visit
function violate(screen, variant, kind, what) {
  violations.push({ screen: screen.id, title: screen.title, variant, kind, what });
}

// ---------------------------------------------------------------------------------------------
// Spanish labels: the widget's own table (steps/ui/i18n_table.inc), matched like ui::tr() does
// (exact rows, then templates with {n} slots, most literal text first; captures translated too),
// so the Spanish pages are driven by the same English labels as the others.
function loadSpanish() {
  const src = fs.readFileSync(path.join(REPO, 'steps/ui/i18n_table.inc'), 'utf8');
  const rows = [];
  let cur = null;
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '{') { cur = { parts: [], sep: true }; i++; continue; }
    if (c === '}') { if (cur && cur.parts.length >= 2) rows.push([cur.parts[0], cur.parts[1]]); cur = null; i++; continue; }
    if (c === ',') { if (cur) cur.sep = true; i++; continue; }
    if (c !== '"') { i++; continue; }
    const bytes = [];
    for (i++; i < src.length && src[i] !== '"'; i++) {
      if (src[i] !== '\\') { bytes.push(...Buffer.from(src[i], 'utf8')); continue; }
      const n = src[++i];
      if (n === 'x') {
        let h = '';
        while (h.length < 2 && /[0-9a-fA-F]/.test(src[i + 1])) h += src[++i];
        bytes.push(parseInt(h, 16));
      } else {
        bytes.push(...Buffer.from({ n: '\n', t: '\t', r: '\r', 0: '\0' }[n] ?? n, 'utf8'));
      }
    }
    i++;  // the closing quote
    const s = Buffer.from(bytes).toString('utf8');
    if (!cur) continue;
    if (cur.parts.length && !cur.sep) cur.parts[cur.parts.length - 1] += s;  // "a" "b" concatenation
    else cur.parts.push(s);
    cur.sep = false;
  }
  const exact = new Map(), templates = [];
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [en, es] of rows) {
    if (!/\{\d\}/.test(en)) { exact.set(en, es); continue; }
    const slots = [];
    const re = new RegExp('^' + en.split(/(\{\d\})/).map((p) => {
      const m = /^\{(\d)\}$/.exec(p);
      if (!m) return esc(p);
      slots.push(+m[1]);
      return '([\\s\\S]+?)';
    }).join('') + '$');
    templates.push({ re, slots, es, literal: en.replace(/\{\d\}/g, '').length });
  }
  templates.sort((a, b) => b.literal - a.literal);
  const translate = (s) => {
    if (exact.has(s)) return exact.get(s);
    for (const t of templates) {
      const m = t.re.exec(s);
      if (!m) continue;
      const caps = {};
      t.slots.forEach((slot, k) => { caps[slot] = m[k + 1]; });
      return t.es.replace(/\{(\d)\}/g, (_, d) => translate(caps[d] ?? ''));
    }
    return s;
  };
  return { translate, size: rows.length };
}

// axe-core from the npm tools (~/.cache/flowkit/npm, like playwright-core).
function loadAxeSource() {
  const tries = [createRequire(import.meta.url), createRequire(path.join(os.homedir(), '.cache/flowkit/npm/package.json'))];
  for (const req of tries) {
    try { return fs.readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8'); } catch { /* next */ }
  }
  throw new Error('axe-core not found: install it under ~/.cache/flowkit/npm (npm install axe-core; scripts/setup.sh does) or set NODE_PATH');
}

// ---------------------------------------------------------------------------------------------
// The desktop host page: 1280 px wide, the flow mounted full width by the embed SDK (served from
// this origin), following the flow's height. window.tourFlow is the SDK handle (update()).
const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Payouts - screen tour host</title>
<style>
  body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
  header{padding:16px 32px;background:#fff;border-bottom:1px solid #d5d9e0}
  header h1{font-size:20px;margin:0}
  main{padding:24px 32px}
  #box{background:#fff;border:1px solid #d5d9e0;border-radius:12px;overflow:hidden}
</style></head>
<body><header><h1>Payouts</h1></header>
<main><div id="box"></div></main>
<script type="module">
import { mount } from '/sdk/flowkit-embed.mjs';
const q = new URLSearchParams(location.search);
window.tourLastHeight = null;
const flow = mount('#box', { link: q.get('link'), title: 'Payout flow', onMessage(d) {
  const h = d && d.source === 'flowkit' ? (d.type === 'resize' && d.payload ? d.payload.height : undefined) : d && d.height;
  if (typeof h === 'number') window.tourLastHeight = h;
} });
flow.iframe.id = 'flow';
window.tourFlow = flow;
</script></body></html>`;

function startHostServer() {
  const sdk = path.join(REPO, 'web/sdk/flowkit-embed.mjs');
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const headers = { 'Cache-Control': 'no-store' };
    if (p === '/tour-host.html') { res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }); return res.end(HOST_PAGE); }
    if (p === '/done.html') { res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }); return res.end('<!doctype html><title>done</title><p>done</p>'); }
    if (p === '/sdk/flowkit-embed.mjs') { res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }); return res.end(fs.readFileSync(sdk)); }
    res.writeHead(404, headers);
    res.end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${server.address().port}`, server }));
  });
}

// ---------------------------------------------------------------------------------------------
// In the widget's document: everything invariants a-c need, in one evaluation.
const PROBE = () => {
  const canvas = document.getElementById('canvas') || document.querySelector('canvas');
  const out = { dpr: window.devicePixelRatio, innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
    hooks: { items: typeof window.flowkitItems === 'function', frames: typeof window.flowkitFrames === 'function' } };
  if (!canvas) return out;
  const c = canvas.getBoundingClientRect();
  out.canvas = { width: canvas.width, height: canvas.height, cssW: c.width, cssH: c.height, left: c.left, top: c.top };
  if (!out.hooks.items) return out;
  let items;
  try { items = window.flowkitItems(); } catch (e) { out.itemsError = String(e && e.message || e); return out; }
  const ids = new Set();
  out.items = (Array.isArray(items) ? items : []).map((it) => {
    ids.add(String(it.id));
    const el = document.querySelector(`#mirror [data-fk="${CSS.escape(String(it.id))}"]`);
    let dom = null;
    if (el) {
      const r = el.getBoundingClientRect();
      dom = { x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height, left: r.left, right: r.right };
    }
    return { id: String(it.id), role: it.role, label: String(it.label ?? ''), x: +it.x, y: +it.y, w: +it.w, h: +it.h, dom };
  });
  out.orphans = [...document.querySelectorAll('#mirror .m')].filter((el) => !ids.has(el.getAttribute('data-fk')))
    .map((el) => ({ fk: el.getAttribute('data-fk'), tag: el.tagName.toLowerCase(),
      text: (el.textContent || el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || '').slice(0, 60) }));
  return out;
};

const ROLE = { t: 'text field', b: 'button', c: 'checkbox', l: 'select', r: 'radio', h: 'heading', p: 'paragraph', s: 'status', a: 'alert' };
const short = (s, n = 60) => { s = String(s ?? '').replace(/\s+/g, ' '); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; };
const itemName = (it) => `${ROLE[it.role] || `role "${it.role}"`} "${short(it.label)}"`;
const r1 = (v) => Math.round(v * 10) / 10;

// Invariants a-c from a probe. `vw` is the width of the viewport the page is shown in (the
// emulated phone width, the iframe's width): on a phone a page wider than that grows innerWidth
// with it (the browser zooms out), so scrollWidth == innerWidth alone would not see the overflow.
function checkProbe(p, vw, where = '') {
  const out = [];
  const pre = where ? `${where}: ` : '';
  if (!p.canvas) return [`(a) ${pre}no canvas`];
  const wantW = Math.round(p.canvas.cssW * p.dpr), wantH = Math.round(p.canvas.cssH * p.dpr);
  if (p.canvas.width !== wantW || p.canvas.height !== wantH)
    out.push(`(a) ${pre}canvas backing store ${p.canvas.width}x${p.canvas.height} != CSS ${r1(p.canvas.cssW)}x${r1(p.canvas.cssH)} x dpr ${p.dpr} (= ${wantW}x${wantH}; x${r1(p.canvas.width / p.canvas.cssW * 100) / 100} wide, x${r1(p.canvas.height / p.canvas.cssH * 100) / 100} high)`);
  if (p.scrollWidth !== p.innerWidth || p.innerWidth !== vw)
    out.push(`(c) ${pre}horizontal overflow: document scrollWidth ${p.scrollWidth}, innerWidth ${p.innerWidth}, viewport ${vw}`);
  if (!p.hooks.frames) out.push(`(b) ${pre}window.flowkitFrames() is missing`);
  if (!p.hooks.items) { out.push(`(b) ${pre}window.flowkitItems() is missing: drawn rects cannot be compared`); return out; }
  if (p.itemsError) { out.push(`(b) ${pre}window.flowkitItems() threw: ${p.itemsError}`); return out; }
  for (const it of p.items) {
    const left = p.canvas.left + it.x, right = left + it.w;
    if (!(it.w > 0 && it.h > 0)) out.push(`(b) ${pre}${itemName(it)} drawn rect is empty (x=${r1(it.x)} y=${r1(it.y)} w=${r1(it.w)} h=${r1(it.h)})`);
    if (left < -1 || right > vw + 1)
      out.push(`(b) ${pre}${itemName(it)} drawn rect x=${r1(it.x)} w=${r1(it.w)} (right edge ${r1(right)}) outside viewport ${vw}`);
    if (!it.dom) { out.push(`(b) ${pre}${itemName(it)} has no mirror element (data-fk="${it.id}")`); continue; }
    const d = it.dom;
    if (d.left < -1 || d.right > vw + 1) {
      if (!(left < -1 || right > vw + 1)) out.push(`(b) ${pre}${itemName(it)} DOM rect x=${r1(d.x)} w=${r1(d.w)} outside viewport ${vw}`);
    }
    const dx = Math.abs(d.x - it.x), dy = Math.abs(d.y - it.y), dw = Math.abs(d.w - it.w), dh = Math.abs(d.h - it.h);
    if (dx > 1 || dy > 1 || dw > 1 || dh > 1)
      out.push(`(b) ${pre}${itemName(it)} DOM rect ${r1(d.x)},${r1(d.y)} ${r1(d.w)}x${r1(d.h)} != drawn rect ${r1(it.x)},${r1(it.y)} ${r1(it.w)}x${r1(it.h)}`);
  }
  for (const o of p.orphans || []) out.push(`(b) ${pre}mirror element <${o.tag} data-fk="${o.fk}"> "${short(o.text)}" is not an item of the last drawn frame`);
  return out;
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const inputs = locateInputs();  // throws with a clear message when the binary or widget is missing
  const axeSource = loadAxeSource();
  const es = loadSpanish();
  fs.mkdirSync(TOUR_DIR, { recursive: true });
  for (const f of fs.readdirSync(TOUR_DIR))  // only this tour's own earlier pictures
    if (/^(320|390|desktop)-(light|dark|es)-[a-z0-9-]+\.png$/.test(f)) fs.rmSync(path.join(TOUR_DIR, f));

  const creds = { clientId: 'tour_client', apiKey: 'tour_key_' + Math.random().toString(36).slice(2) };
  const host = await startHostServer();
  hostServer = host.server;
  const mainDir = path.join(dir, 'main'), strictDir = path.join(dir, 'strict');
  fs.mkdirSync(mainDir);
  fs.mkdirSync(strictDir);
  const sandbox = await startSandbox({ ...inputs, ...creds, dir: mainDir, allowedOrigins: [host.base],
    extraArgs: ['--rail-delay-ms', String(RAIL_DELAY_MS)] });
  // "Verify it's you" and "Your session has ended": a second sandbox where a flow created with a
  // user_id is never pre-authorized and a widget session lasts three seconds.
  const strict = await startSandbox({ ...inputs, ...creds, dir: strictDir, allowedOrigins: [host.base],
    extraArgs: ['--preauth-window', '0', '--widget-session-ttl', '3'] });
  console.log(`# sandbox ${sandbox.base}, strict sandbox ${strict.base}, host ${host.base}, temp ${dir}`);
  console.log(`# screenshots: ${TOUR_DIR}; ${JOBS} pages at once; Spanish table: ${es.size} rows`);

  const apiOk = (sb) => async (method, p, body) => {
    const r = await sb.api(method, p, body);
    if (r.status !== 200 && r.status !== 201 && r.status !== 202) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const api = apiOk(sandbox), strictApi = apiOk(strict);
  let phoneSeq = 0;
  const nextPhone = () => { const n = '20155501' + String(phoneSeq++ % 100).padStart(2, '0'); return { national: n, e164: '+1' + n }; };
  const createUser = async (a, first, last) => {
    const phone = nextPhone();
    const user = await a('POST', '/api/v2/users', { first_name: first, last_name: last,
      email: `${first.toLowerCase()}.${phone.national}@example.com`, country_code: '1', phone_number: phone.national });
    return { ...user, phone };
  };
  const today = new Date().toISOString().slice(0, 10);
  const bank = { platform: 'ach', routing_number: '011000015', account_number: '000123456789', account_type: 'checking' };
  await api('POST', '/api/v2/sandbox/fund', { amount: 100000 });

  // ---- Fixtures (app API), made once; the pages of every variant share them.
  const fx = {};
  {
    const ada = await createUser(api, 'Ada', 'Lovelace');
    fx.compliance = await api('POST', '/api/v2/flows', { steps: ['compliance'], user_id: ada.id });
    const kept = await createUser(api, 'Grace', 'Hopper');
    await api('PUT', `/api/v2/users/${kept.id}/compliance`, { w9: { entity_type: 'individual', tax_classification: 'individual',
      name: 'Grace Hopper', tin_type: 'ssn', tin: '123-45-6789', date_of_birth: '1990-04-15',
      address: { line_1: '12 Analytical Engine Way', city: 'Springfield', state: 'IL', country: 'US', postcode: '62701' },
      signature: { name: 'Grace Hopper', date: today, consent: true } } });
    fx.onFile = await api('POST', '/api/v2/flows', { steps: ['compliance'], user_id: kept.id });

    const u0 = await createUser(api, 'Alan', 'Turing');
    fx.manage0 = await api('POST', '/api/v2/flows', { steps: ['manage-payouts'], user_id: u0.id });
    const u1 = await createUser(api, 'Edsger', 'Dijkstra');
    await api('PUT', `/api/v2/users/${u1.id}/payout-methods`, { ...bank, account_holder_name: 'Edsger Dijkstra' });
    fx.manage1 = await api('POST', '/api/v2/flows', { steps: ['manage-payouts'], user_id: u1.id });
    const u3 = await createUser(api, 'Barbara', 'Liskov');
    await api('PUT', `/api/v2/users/${u3.id}/payout-methods`, { ...bank, account_holder_name: 'Barbara Liskov' });
    fx.paypal = await api('PUT', `/api/v2/users/${u3.id}/payout-methods`, { platform: 'paypal', email: 'barbara.liskov@example.com' });
    await api('PUT', `/api/v2/users/${u3.id}/payout-methods`, { platform: 'venmo', handle: '@barbara-liskov' });
    fx.manage3 = await api('POST', '/api/v2/flows', { steps: ['manage-payouts'], user_id: u3.id });

    const funded = async (first, last, { cents = 5000, method = true } = {}) => {
      const u = await createUser(api, first, last);
      if (cents) await api('POST', '/api/v2/transfers', { amount: -cents, user_id: u.id });
      if (method) await api('PUT', `/api/v2/users/${u.id}/payout-methods`, { ...bank, account_holder_name: `${first} ${last}` });
      return u;
    };
    fx.payUser = await funded('Katherine', 'Johnson');
    fx.pay = await api('POST', '/api/v2/flows', { steps: ['payout'], user_id: fx.payUser.id });
    fx.failUser = await funded('Margaret', 'Hamilton');
    fx.fail = await api('POST', '/api/v2/flows', { steps: ['payout'], user_id: fx.failUser.id });
    fx.zero = await api('POST', '/api/v2/flows', { steps: ['payout'], user_id: (await funded('Frances', 'Allen', { cents: 0 })).id });
    fx.noMethod = await api('POST', '/api/v2/flows', { steps: ['payout'], user_id: (await funded('Radia', 'Perlman', { method: false })).id });
    const payee = nextPhone();
    fx.linkMemo = 'June design work';
    fx.link = await api('POST', '/api/v2/payout-links', { amount: 2500, payee: { country_code: '1', phone_number: payee.national },
      delivery: { method: 'link' }, memo: fx.linkMemo });

    const r = await createUser(api, 'Donald', 'Knuth');
    fx.redirect = await api('POST', '/api/v2/flows', { steps: [{ name: 'redirect', redirect_url: `${host.base}/done.html` }], user_id: r.id });

    const v = await createUser(strictApi, 'Hedy', 'Lamarr');
    fx.verifyUser = v;
    fx.verify = await strictApi('POST', '/api/v2/flows', { steps: ['payout'], user_id: v.id });
  }

  const browser = await launchChromium();
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const desktopCtx = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });

  // ---- A track: one page (phone top-level in one theme, or the desktop host) going through a
  // family of screens. `T.root` finds mirror elements by role and label; T.t() translates labels.
  function makeTrack(kind, theme) {
    const T = { kind, theme, locale: kind === 'phone' && theme === 'es' ? 'es' : 'en', page: null, inflight: new Set(),
      pageErrors: [], tokens: [] };
    T.name = kind === 'phone' ? `phone ${theme}` : 'desktop';
    T.t = (en) => (T.locale === 'es' ? es.translate(en) : en);
    T.variants = kind === 'phone' ? PHONE_SIZES.map((s) => `${s.name} ${theme}`) : PHONE_THEMES.map((th) => `desktop ${th}`);
    T.open = async (link) => {
      if (!T.page) {
        T.page = await (kind === 'phone' ? phoneCtx : desktopCtx).newPage();
        T.page.on('pageerror', (e) => T.pageErrors.push(e.message));
        const widgetApi = (r) => /\/api\/widget\//.test(r.url());
        T.page.on('request', (r) => { if (widgetApi(r)) T.inflight.add(r); });
        T.page.on('requestfinished', (r) => T.inflight.delete(r));
        T.page.on('requestfailed', (r) => T.inflight.delete(r));
        T.page.on('response', async (r) => {
          if (!/\/api\/widget\/v1\/flows\/[^/]+\/session$/.test(new URL(r.url()).pathname) || r.status() !== 200) return;
          try { T.tokens.push({ base: new URL(r.url()).origin, token: (await r.json()).token }); } catch { /* gone */ }
        });
      }
      T.inflight.clear();
      if (kind === 'phone') {
        const u = new URL(link);
        if (theme === 'dark') u.searchParams.set('styles', JSON.stringify({ theme: 'dark' }));
        if (theme === 'es') u.searchParams.set('locale', 'es');
        await T.page.goto(u.href, { timeout: 30000 });
        T.root = T.page;
      } else {
        await T.page.goto(`${host.base}/tour-host.html?link=${encodeURIComponent(link)}`, { timeout: 30000 });
        T.desk = 'light';  // mounted without styles or locale: the browser's en-US
        T.locale = 'en';
        T.root = T.page.frameLocator('#flow');
      }
    };
    if (TRACE) { const open = T.open; T.open = (link) => traced('open', () => open(link))(T); }
    T.frame = () => (kind === 'phone' ? T.page.mainFrame()
      : T.page.frames().find((f) => f !== T.page.mainFrame() && /\/flow\/[^/.]+$/.test(new URL(f.url() || 'about:blank', 'http://x').pathname)));
    return T;
  }

  // FLOWKIT_TOUR_TRACE=1: wraps a step to print its duration (where the time goes).
  const traced = (what, fn) => (TRACE ? async (T, ...a) => {
    const s0 = Date.now();
    try { return await fn(T, ...a); } finally { console.log(`  [${T.name}] ${what}${a.length && typeof a[0] !== 'function' ? ' ' + short(String(a[0]), 30) : ''}: ${Date.now() - s0} ms`); }
  } : fn);

  // Label helpers (exact names, translated on the Spanish phone page).
  const rx = (s) => new RegExp('^' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const heading = (T, en) => T.root.getByRole('heading', { name: en instanceof RegExp ? en : T.t(en), exact: !(en instanceof RegExp) });
  const button = (T, en) => T.root.getByRole('button', { name: en instanceof RegExp ? en : T.t(en), exact: !(en instanceof RegExp) });
  const field = (T, en) => T.root.getByLabel(T.t(en), { exact: true });
  const anyHeading = (T) => T.root.locator('#mirror h1.m, #mirror [role="heading"]').first();
  const nextFrames = (T) => T.frame().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  // A heading whose apostrophes may be typographic (’) or not, in the page's language.
  const apos = (T, en) => new RegExp('^' + T.t(en).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['\u2019]/g, "['\u2019]") + '$');
  async function see(T, en, timeout = 20000) { await heading(T, en).first().waitFor({ state: 'visible', timeout }); }
  async function fill(T, en, value) {
    await field(T, en).fill(value, { timeout: 10000 });
    await nextFrames(T);
  }
  async function choose(T, en, optionEn) {
    const f = field(T, en);
    const want = T.t(optionEn);
    if ((await f.evaluate((s) => s.selectedOptions[0] && s.selectedOptions[0].textContent, null, { timeout: 10000 })) === want) return;
    await f.selectOption({ label: want }, { timeout: 10000 });
    await nextFrames(T);
  }
  // The W-9 / W-8BEN decision: radio cards named "... (W-9)" (or, in older builds, a select).
  async function chooseForm(T, form) {
    const name = new RegExp(`\\(${form}\\)`);
    const radio = T.root.getByRole('radio', { name }).first();
    if (await radio.count()) {
      if (!(await radio.isChecked())) await radio.evaluate((el) => el.click());
    } else {
      const sel = field(T, 'Which describes you?');
      const label = await sel.evaluate((s, src) => [...s.options].map((o) => o.textContent).find((t) => new RegExp(src).test(t)), name.source, { timeout: 10000 });
      await sel.selectOption({ label }, { timeout: 10000 });
    }
    await nextFrames(T);
  }
  // Clicks a mirror button (the DOM element, by role and name) once it is enabled. A DOM click:
  // Playwright's pointer click waits for the element to be still over several frames, which on a
  // 3x canvas drawn in software costs seconds; real taps are what invariant e checks.
  async function press(T, en) {
    const b = button(T, en).first();
    await b.waitFor({ state: 'attached', timeout: 15000 });
    await poll(() => b.isEnabled({ timeout: 5000 }).catch(() => false), { what: `button "${en}" enabled`, timeoutMs: 15000 });
    await b.evaluate((el) => el.click());
  }
  // The payout's review step ("Review withdrawal" -> "Review your withdrawal"), where the build has one.
  async function review(T) {
    const b = button(T, 'Review withdrawal');
    await poll(async () => (await b.count()) || (await button(T, rx(T.t('Withdraw $'))).count()), { what: 'a review or withdraw button', timeoutMs: 15000 });
    if (!(await b.count())) return;
    await press(T, 'Review withdrawal');
    await see(T, 'Review your withdrawal');
  }
  const smsCodes = async (e164) => (await api('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(e164)}`)).data
    .map((s) => s.code || (/\b(\d{6})\b/.exec(s.body || '') || [])[1]).filter(Boolean);
  // A condition the screen depends on but the tour can go on without: a failure is a violation.
  async function soft(T, screen, what, fn) {
    try { await fn(); } catch (e) {
      for (const v of T.variants) violate(screen, v, 'reach', `${what}: ${short(e.message.split('\n')[0], 200)}`);
    }
  }

  // ---- Drawn and settled: no widget request in flight, the frame count still for 2 frames, and
  // (desktop) the iframe as tall as the flow last said.
  async function settle(T, { timeoutMs = 20000 } = {}) {
    await poll(() => T.inflight.size === 0, { timeoutMs, intervalMs: 25, what: 'widget API requests answered' });
    const stable = async (frame) => {
      await frame.evaluate(() => { window.__tourSettle = null; });
      await frame.waitForFunction(() => {
        if (typeof window.flowkitFrames !== 'function') return false;
        const n = window.flowkitFrames(), s = window.__tourSettle;
        if (!s || s.n !== n) { window.__tourSettle = { n, same: 0 }; return false; }
        return ++s.same >= 2;
      }, null, { polling: 'raf', timeout: timeoutMs });
    };
    const frame = T.frame();
    if (!frame) throw new Error('the flow frame is not there');
    await stable(frame);
    if (T.kind === 'desktop') {
      await T.page.waitForFunction(() => {
        const f = document.getElementById('flow');
        return f && window.tourLastHeight !== null && Math.abs(f.getBoundingClientRect().height - Math.ceil(window.tourLastHeight)) < 1.5;
      }, null, { polling: 'raf', timeout: 5000 }).catch(() => { /* reported by the invariants if it matters */ });
      await stable(frame);
    }
  }
  // After a change that must draw (viewport, configure): wait for one new frame (a widget that
  // draws nothing is reported by the invariants), then settle.
  async function redrawn(T, change) {
    const frame = T.frame();
    const n0 = await frame.evaluate(() => (typeof window.flowkitFrames === 'function' ? window.flowkitFrames() : -1));
    await change();
    await frame.waitForFunction((n) => typeof window.flowkitFrames !== 'function' || window.flowkitFrames() > n, n0,
      { polling: 'raf', timeout: 5000 }).catch(() => {});
    await settle(T);
  }

  // ---- One screen in one variant: a-d (+f), the screenshot, then e.
  async function inspect(T, screen, variant, opts) {
    const frame = T.frame();
    const found = [];
    try {
      await settle(T);
    } catch (e) {
      found.push(`(settle) the screen did not settle: ${short(e.message.split('\n')[0], 160)}`);
    }
    try {
      let vw = T.page.viewportSize().width;
      if (T.kind === 'desktop') {
        const hp = await T.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          iframe: (() => { const f = document.getElementById('flow'), r = f.getBoundingClientRect(); return { right: r.right, width: f.clientWidth }; })() }));
        if (hp.scrollWidth !== hp.innerWidth || hp.innerWidth !== vw)
          found.push(`(c) host page: horizontal overflow: scrollWidth ${hp.scrollWidth}, innerWidth ${hp.innerWidth}, viewport ${vw}`);
        if (hp.iframe.right > vw + 1) found.push(`(b) host page: the flow's iframe ends at x=${r1(hp.iframe.right)}, outside viewport ${vw}`);
        vw = hp.iframe.width;
      }
      const p = await frame.evaluate(PROBE);
      found.push(...checkProbe(p, vw));
      if (opts.content) found.push(...(await opts.content(T, p)).map((s) => `(f) ${s}`));
    } catch (e) {
      found.push(`(probe) ${short(e.message.split('\n')[0], 200)}`);
    }
    // d) axe-core in the flow's document.
    try {
      if (!(await frame.evaluate(() => typeof window.axe === 'object'))) {
        try { await frame.addScriptTag({ content: axeSource }); } catch { await frame.evaluate(axeSource); }
      }
      const axe = await frame.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html) }))));
      for (const v of axe)
        found.push(`(d) axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}: ${v.nodes.slice(0, 3).map((h) => short(h, 90)).join(' | ')}`);
    } catch (e) {
      found.push(`(d) axe-core did not run: ${short(e.message.split('\n')[0], 160)}`);
    }
    // The picture.
    const [vp, th] = variant.split(' ');
    const file = path.join(TOUR_DIR, `${vp}-${th}-${screen.id}.png`);
    try {
      await T.page.screenshot({ path: file, fullPage: true, scale: SHOT_SCALE, timeout: 20000 });
    } catch (e) {
      found.push(`(screenshot) ${short(e.message.split('\n')[0], 160)}`);
    }
    // e) taps on each drawn text field, after an error appeared.
    if (opts.taps) found.push(...(await tapFields(T)));
    if (T.pageErrors.length) found.push(...T.pageErrors.splice(0).map((m) => `(js) uncaught page error: ${short(m, 200)}`));
    for (const f of found) violate(screen, variant, /^\((\w+)\)/.exec(f)?.[1] || '?', f.replace(/^\(\w+\) /, ''));
    visited.add(`${screen.id}|${variant}`);
    return found.length;
  }

  // e) Taps the centre of each drawn text field, bottom one first: what a tap changes (focus, an
  // error shown on blur) moves only what is drawn below it, so one settled frame gives every
  // field's place. Each field is scrolled to the middle of the viewport first.
  async function tapFields(T) {
    const out = [];
    const frame = T.frame();
    await settle(T).catch(() => {});
    const items = await frame.evaluate(() => (typeof window.flowkitItems === 'function' ? window.flowkitItems() : null)).catch(() => null);
    if (!items) return ['(e) window.flowkitItems() is missing: cannot tap the drawn fields'];
    const fields = items.filter((it) => it.role === 't').sort((a, b) => b.y - a.y);
    if (!fields.length) return ['(e) no text field drawn on a form with an error'];
    for (const cur of fields) {
      try {
        let x, y;
        if (T.kind === 'phone') {
          ({ x, y } = await frame.evaluate((it) => {
            const c = document.getElementById('canvas').getBoundingClientRect();
            const docY = c.top + window.scrollY + it.y + it.h / 2;
            window.scrollTo(window.scrollX, Math.max(0, docY - window.innerHeight / 2));
            const c2 = document.getElementById('canvas').getBoundingClientRect();
            return { x: c2.left + it.x + it.w / 2, y: c2.top + it.y + it.h / 2 };
          }, cur));
        } else {
          const inFrame = await frame.evaluate((it) => {
            const c = document.getElementById('canvas').getBoundingClientRect();
            return { x: c.left + it.x + it.w / 2, y: c.top + it.y + it.h / 2 };
          }, cur);
          ({ x, y } = await T.page.evaluate((p) => {
            const f = document.getElementById('flow').getBoundingClientRect();
            window.scrollTo(window.scrollX, Math.max(0, f.top + window.scrollY + p.y - window.innerHeight / 2));
            const f2 = document.getElementById('flow').getBoundingClientRect();
            return { x: f2.left + p.x, y: f2.top + p.y };
          }, inFrame));
        }
        if (T.kind === 'phone') await T.page.touchscreen.tap(x, y);
        else await T.page.mouse.click(x, y);
        // The click a tap turns into may come a moment after the touch events.
        await frame.waitForFunction((id) => document.activeElement && document.activeElement.getAttribute('data-fk') === id, String(cur.id),
          { polling: 20, timeout: 1500 }).catch(() => {});
        const got = await frame.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return { fk: null, what: 'nothing (document.body)' };
          const label = (a.labels && a.labels[0] && a.labels[0].textContent) || a.getAttribute('aria-label') || a.textContent || '';
          return { fk: a.getAttribute('data-fk'), what: `<${a.tagName.toLowerCase()}> "${label.slice(0, 60)}"` };
        });
        if (got.fk !== String(cur.id)) {
          const hit = items.find((it) => String(it.id) === got.fk);
          out.push(`(e) a tap at the centre of drawn ${itemName(cur)} (${r1(x)},${r1(y)} in the viewport) focused ${hit ? itemName(hit) : got.what}`);
        }
      } catch (e) {
        out.push(`(e) tapping ${itemName(cur)}: ${short(e.message.split('\n')[0], 160)}`);
      }
    }
    return out;
  }


  // The current screen in every variant of the track, starting with the variant the page is in
  // and ending in another, so each change is made once (phone: 390 -> 320, then 320 -> 390 on the
  // next screen; desktop: light -> dark -> es, then es -> dark -> light; the desktop page is
  // driven in the language it ends in). One summary line.
  async function visit(T, screen, opts = {}) {
    const counts = [];
    if (T.kind === 'phone') {
      const sizes = T.page.viewportSize().width === PHONE_SIZES[0].width ? PHONE_SIZES : [...PHONE_SIZES].reverse();
      for (const size of sizes) {
        const variant = `${size.name} ${T.theme}`;
        if (T.page.viewportSize().width !== size.width) await redrawn(T, () => T.page.setViewportSize({ width: size.width, height: size.height }));
        counts.push([variant, await inspect(T, screen, variant, opts)]);
      }
    } else {
      const themes = T.desk === 'light' ? PHONE_THEMES : [...PHONE_THEMES].reverse();
      for (const th of themes) {
        const variant = `desktop ${th}`;
        if (th !== T.desk) await configure(T, th);
        counts.push([variant, await inspect(T, screen, variant, opts)]);
      }
    }
    counts.sort((a, b) => T.variants.indexOf(a[0]) - T.variants.indexOf(b[0]));
    console.log(`${counts.some(([, n]) => n) ? 'FAIL' : 'ok  '} ${screen.id.padEnd(26)} ${counts.map(([v, n]) => `${v}: ${n ? `${n} violation${n === 1 ? '' : 's'}` : 'ok'}`).join(', ')}  (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  async function configure(T, theme) {
    const config = DESKTOP_CONFIG[theme];
    await redrawn(T, async () => {
      await T.page.evaluate((c) => window.tourFlow.update(c), config);
      await T.frame().waitForFunction((lang) => document.documentElement.lang === lang, config.locale, { timeout: 10000 }).catch(() => {});
    });
    T.desk = theme;
    T.locale = config.locale;
  }

  if (TRACE) {
    see = traced('see', see); fill = traced('fill', fill); choose = traced('choose', choose); chooseForm = traced('chooseForm', chooseForm);
    press = traced('press', press); settle = traced('settle', settle); redrawn = traced('redrawn', redrawn);
    inspect = traced('inspect', inspect); tapFields = traced('taps', tapFields); configure = traced('configure', configure);
  }

  // ---- The families of screens. Each lists its screens (for the report of screens not reached)
  // and drives one track through them.
  const S = (id, title) => ({ id, title });
  const families = [
    {
      id: 'onboarding',
      screens: [S('onboarding-phone', 'onboarding: phone number'), S('onboarding-phone-invalid', 'onboarding: invalid phone number error'),
        S('onboarding-code', 'onboarding: code entry'), S('onboarding-code-wrong', 'onboarding: wrong code error'),
        S('onboarding-locked', 'onboarding: locked (too many attempts)'), S('done', 'done ("You\'re all set")')],
      async run(T, visit, sc) {
        const flow = await api('POST', '/api/v2/flows', { steps: [] });
        const phone = nextPhone();
        await T.open(flow.link);
        await see(T, 'Enter your phone number', 45000);
        await visit(sc[0]);
        const phoneField = field(T, 'Phone number');
        await phoneField.fill('1234567890', { timeout: 10000 });  // area code 123 does not exist
        await phoneField.press('Tab');
        await soft(T, sc[1], 'no error shown for the invalid number 1234567890 after leaving the field', () =>
          poll(async () => (await phoneField.getAttribute('aria-invalid')) === 'true' || (await T.root.getByRole('alert').count()) > 0,
            { what: 'an error on "Phone number"', timeoutMs: 8000 }));
        await visit(sc[1], { taps: true });
        await fill(T, 'Phone number', phone.national);
        await press(T, 'Continue');
        await see(T, 'Enter the code');
        await visit(sc[2]);
        const codes = await poll(async () => { const c = await smsCodes(phone.e164); return c.length && c; }, { what: 'the code in the outbox', timeoutMs: 10000 });
        const code = codes[0];
        const wrong = (k) => String((Number(code) + k) % 1000000).padStart(6, '0');
        const tryCode = async (c) => {
          const answered = T.page.waitForResponse((r) => /\/onboarding\/verify$/.test(r.url()), { timeout: 15000 });
          await field(T, 'Verification code').fill(c, { timeout: 10000 });
          await answered;
        };
        await tryCode(wrong(1));
        await soft(T, sc[3], 'no alert after a wrong code', () => T.root.getByRole('alert').first().waitFor({ state: 'visible', timeout: 10000 }));
        await visit(sc[3], { taps: true });
        for (let k = 2; k <= 5; k++) {
          await heading(T, 'Enter the code').first().waitFor({ state: 'visible', timeout: 10000 });
          await tryCode(wrong(k));
        }
        await see(T, 'Too many attempts');
        await visit(sc[4]);
        await press(T, rx(T.t('Send a new code')));
        await see(T, 'Enter the code');
        const fresh = await poll(async () => { const c = await smsCodes(phone.e164); return c.length > codes.length && c[0]; },
          { what: 'a new code in the outbox', timeoutMs: 10000 });
        await field(T, 'Verification code').fill(fresh, { timeout: 10000 });
        await see(T, apos(T, "You're all set"));
        await visit(sc[5]);
      },
    },
    {
      id: 'verify',
      screens: [S('verify', '"Verify it\'s you" (pre-authorization lapsed)'), S('session-expired', 'session expired')],
      async run(T, visit, sc) {
        await T.open(fx.verify.link);
        await see(T, apos(T, "Verify it's you"), 45000);
        await visit(sc[0]);
        // The widget session lasts 3 s on the strict sandbox: wait until the sandbox refuses it.
        const tok = T.tokens[T.tokens.length - 1];
        if (!tok) throw new Error('no widget session token seen');
        await poll(async () => (await fetch(`${tok.base}/api/widget/v1/flow`, { headers: { Authorization: `Bearer ${tok.token}` } })).status === 401,
          { what: 'the widget session expired', timeoutMs: 15000, intervalMs: 200 });
        await press(T, 'Send code');
        await see(T, 'Your session has ended');
        await visit(sc[1]);
      },
    },
    {
      id: 'compliance',
      screens: [S('tax-chooser', 'compliance: W-9 / W-8BEN chooser'), S('w9', 'compliance: W-9 form'),
        S('w9-errors', 'compliance: W-9 submitted empty (errors)'), S('w8ben', 'compliance: W-8BEN form'),
        S('tax-on-file', 'compliance: tax information on file')],
      async run(T, visit, sc) {
        await T.open(fx.compliance.link);
        await see(T, 'Tax information', 45000);
        await visit(sc[0]);
        await chooseForm(T, 'W-9');
        await press(T, 'Continue');
        await see(T, 'W-9: US tax information');
        await visit(sc[1]);
        await press(T, 'Submit');
        await soft(T, sc[2], 'no alert after submitting an empty W-9', () => T.root.getByRole('alert').first().waitFor({ state: 'visible', timeout: 10000 }));
        await visit(sc[2], { taps: true });
        await press(T, 'Back');
        await see(T, 'Tax information');
        await chooseForm(T, 'W-8BEN');
        await press(T, 'Continue');
        await see(T, 'W-8BEN: tax information');
        await visit(sc[3]);
        await T.open(fx.onFile.link);
        await see(T, 'Your tax information is on file', 45000);
        await visit(sc[4]);
      },
    },
    {
      id: 'manage-payouts',
      screens: [S('payouts-list-0', 'manage-payouts list with 0 methods'), S('add-ach', 'manage-payouts add form: bank account (ACH)'),
        S('add-ach-error', 'manage-payouts add form: bank account, invalid routing number (errors)'),
        S('add-paypal', 'manage-payouts add form: PayPal'), S('add-venmo', 'manage-payouts add form: Venmo'),
        S('add-cashapp', 'manage-payouts add form: Cash App'), S('add-iban', 'manage-payouts add form: IBAN (outside the US)'),
        S('payouts-list-1', 'manage-payouts list with 1 method'), S('payouts-list-3', 'manage-payouts list with 3 methods'),
        S('remove-confirm', 'manage-payouts remove confirmation')],
      async run(T, visit, sc) {
        await T.open(fx.manage0.link);
        await see(T, 'Payout methods', 45000);
        await visit(sc[0]);
        await press(T, 'Add a payout method');
        await see(T, 'Add a payout method');
        await choose(T, 'Payout method type', 'Bank account (US)');
        await visit(sc[1]);
        await fill(T, 'Routing number', '123456789');  // fails the ABA checksum
        await press(T, rx(T.t('Save')));
        await soft(T, sc[2], 'no error after saving an invalid routing number', () =>
          poll(async () => (await field(T, 'Routing number').getAttribute('aria-invalid')) === 'true', { what: '"Routing number" invalid', timeoutMs: 8000 }));
        await visit(sc[2], { taps: true });
        const types = [['PayPal', sc[3]], ['Venmo', sc[4]], ['Cash App', sc[5]], ['Bank account (outside the US)', sc[6]]];
        for (const [label, screen] of types) {
          await choose(T, 'Payout method type', label);
          await visit(screen);
        }
        await T.open(fx.manage1.link);
        await see(T, 'Payout methods', 45000);
        await visit(sc[7]);
        await T.open(fx.manage3.link);
        await see(T, 'Payout methods', 45000);
        await visit(sc[8]);
        await press(T, `Remove ${fx.paypal.description}`);
        await see(T, `Remove ${fx.paypal.description}?`);
        await visit(sc[9]);
      },
    },
    {
      id: 'payout',
      screens: [S('payout-amount', 'payout: enter amount'), S('payout-amount-error', 'payout: amount below the minimum (error)'),
        S('payout-review', 'payout: review before Withdraw'), S('payout-receipt', 'payout: receipt (success)'), S('payout-failed', 'payout: failed payout ($10.13 on the rail)'),
        S('payout-zero-balance', 'payout: zero balance'), S('payout-no-method', 'payout: no payout method'),
        S('payout-link-landing', 'payout-link landing')],
      async run(T, visit, sc) {
        await T.open(fx.pay.link);
        await see(T, 'Withdraw', 45000);
        await visit(sc[0]);
        const amount = field(T, 'Amount (USD)');
        await amount.fill('0.50', { timeout: 10000 });
        await amount.press('Tab');
        await soft(T, sc[1], 'no error for 0.50 after leaving "Amount (USD)"', () =>
          poll(async () => (await amount.getAttribute('aria-invalid')) === 'true' || (await T.root.getByRole('alert').count()) > 0,
            { what: 'an error on the amount', timeoutMs: 8000 }));
        await visit(sc[1], { taps: true });
        await fill(T, 'Amount (USD)', '10.00');
        await review(T);
        await visit(sc[2]);
        await press(T, 'Withdraw $10.00');
        await soft(T, sc[3], 'the receipt never said "Money sent"', () => see(T, 'Money sent', 20000));
        await visit(sc[3]);

        await T.open(fx.fail.link);
        await see(T, 'Withdraw', 45000);
        await fill(T, 'Amount (USD)', '10.13');
        const sent = T.page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/widget\/v1\/payouts$/.test(new URL(r.url()).pathname),
          { timeout: 20000 });
        await review(T);
        await press(T, 'Withdraw $10.13');
        const transfer = await (await sent).json();
        await poll(async () => (await api('GET', `/api/v2/transfers/${transfer.id}`)).status === 'failed',
          { what: `the $10.13 payout ${transfer.id} failed on the rail`, timeoutMs: 20000 });
        await soft(T, sc[4], 'the widget never showed the failure (heading "Withdrawal failed" or an alert)', () =>
          heading(T, 'Withdrawal failed').or(T.root.getByRole('alert')).first().waitFor({ state: 'visible', timeout: 20000 }));
        await visit(sc[4], { content: async (TT, p) => {
          const buttons = (p.items || []).filter((it) => it.role === 'b');
          const retry = new RegExp(`${T.t('Try again')}|retry|try again|reintentar|intentar`, 'i');
          return buttons.some((b) => retry.test(b.label)) ? []
            : [`no way to retry the failed payout: buttons are ${buttons.map((b) => `"${short(b.label, 40)}"`).join(', ') || 'none'}`];
        } });

        await T.open(fx.zero.link);
        await anyHeading(T).waitFor({ state: 'visible', timeout: 45000 });  // an empty state, whatever its title
        await visit(sc[5], { content: async (TT, p) => {
          const alerts = (p.items || []).filter((it) => it.role === 'a');
          return alerts.length ? [`a zero balance shows an error instead of an empty state: ${alerts.map((a) => `alert "${short(a.label, 80)}"`).join(', ')}`] : [];
        } });

        await T.open(fx.noMethod.link);
        await see(T, 'Withdraw', 45000);
        await visit(sc[6]);

        await T.open(fx.link.link);
        await anyHeading(T).waitFor({ state: 'visible', timeout: 45000 });
        await visit(sc[7], { content: async (TT, p) => {
          const text = (p.items || []).map((it) => it.label).join(' \n ');
          const miss = [];
          if (!/\$25\.00/.test(text)) miss.push('the amount ($25.00)');
          if (!text.includes(fx.linkMemo)) miss.push(`the memo ("${fx.linkMemo}")`);
          return miss.length ? [`the landing does not show ${miss.join(' or ')} before asking for the code; it shows: ${short(text.replace(/\s*\n\s*/g, ' | '), 160)}`] : [];
        } });
      },
    },
    {
      id: 'redirect',
      screens: [S('redirect', 'redirect ("Almost done")')],
      async run(T, visit, sc) {
        await T.open(fx.redirect.link);
        await see(T, 'Almost done', 45000);
        await visit(sc[0]);
      },
    },
  ];

  // ---- Jobs: every family on every track (3 phone themes + the desktop), a few pages at once.
  const jobs = [];
  for (const fam of families) {
    const screens = fam.screens.filter((s) => !ONLY || fam.id.includes(ONLY) || s.id.includes(ONLY));
    if (!screens.length) continue;
    const only = (s) => !ONLY || fam.id.includes(ONLY) || s.id.includes(ONLY);
    for (const track of [...PHONE_THEMES.map((th) => ['phone', th]), ['desktop', null]]) {
      for (const s of screens) for (const v of makeTrack(...track).variants) expected.push({ screen: s, variant: v });
      jobs.push(async () => {
        const T = makeTrack(...track);
        const done = new Set();
        try {
          await fam.run(T, async (screen, opts) => {
            done.add(screen.id);
            if (only(screen)) await visit(T, screen, opts);
          }, fam.screens);
        } catch (e) {
          const next = fam.screens.find((s) => !done.has(s.id) && only(s));
          const msg = short(e.message.split('\n')[0], 240);
          console.log(`FAIL ${fam.id} [${T.name}]: stopped before "${next ? next.id : '(end)'}": ${msg}`);
          for (const v of T.variants) if (next) violate(next, v, 'tour', `could not reach the screen: ${msg}`);
          if (T.page) {
            const file = path.join(dir, `stopped-${fam.id}-${T.name.replace(/\W+/g, '-')}.png`);
            await T.page.screenshot({ path: file, fullPage: true, timeout: 10000 }).then(() => console.log(`  screenshot: ${file}`), () => {});
          }
        } finally {
          if (T.page) await withTimeout(T.page.close(), 10000, 'close page').catch(() => {});
        }
      });
    }
  }
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(JOBS, jobs.length) }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
  await withTimeout(browser.close(), 15000, 'browser.close').catch(() => {});
}

// ---------------------------------------------------------------------------------------------
let hostServer = null;
let exiting = false;
async function finish(extraFailure) {
  if (exiting) return;
  exiting = true;
  await stopAll();
  if (hostServer) await new Promise((r) => { hostServer.closeAllConnections?.(); hostServer.close(r); setTimeout(r, 2000); });
  // Screens the tour meant to visit but did not (a track stopped, or the whole run).
  for (const { screen, variant } of expected)
    if (!visited.has(`${screen.id}|${variant}`) && !violations.some((v) => v.screen === screen.id && v.variant === variant))
      violate(screen, variant, 'tour', 'not visited');
  const secs = Math.round((Date.now() - t0) / 1000);
  console.log('');
  if (extraFailure) console.log(`TOUR FAILED: ${extraFailure}`);
  if (violations.length) {
    console.log(`# ${violations.length} invariant violation${violations.length === 1 ? '' : 's'} (screen, variant: what):`);
    const order = new Map();
    violations.forEach((v) => { if (!order.has(v.screen)) order.set(v.screen, order.size); });
    const vpOrder = (v) => ['320', '390', 'desktop'].indexOf(v.split(' ')[0]) * 10 + PHONE_THEMES.indexOf(v.split(' ')[1]);
    violations.sort((a, b) => order.get(a.screen) - order.get(b.screen) || vpOrder(a.variant) - vpOrder(b.variant));
    for (const v of violations) console.log(`- ${v.title} [${v.screen}], ${v.variant}: (${v.kind}) ${v.what}`);
  }
  const screens = new Set([...visited].map((k) => k.split('|')[0])).size;
  console.log(`# ${visited.size} screen variants (${screens} screens) in ${secs} s; screenshots in ${TOUR_DIR}`);
  const failed = violations.length > 0 || !!extraFailure;
  if (failed || process.env.FLOWKIT_E2E_KEEP) console.log(`# logs: ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  console.log(failed ? `screen tour: FAILED (${violations.length} violations)` : 'screen tour: passed');
  process.exit(failed ? 1 : 0);
}

const watchdog = setTimeout(() => finish(`the whole tour took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(`interrupted (${sig})`));
main().then(() => { clearTimeout(watchdog); return finish(); },
  (e) => { clearTimeout(watchdog); return finish(e.message.split('\n').slice(0, 8).join(' | ')); });
