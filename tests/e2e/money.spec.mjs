#!/usr/bin/env node
// Browser end-to-end test of the money steps (payout, payout links, redirect) in headless
// Chromium, against the real flowkit-sandbox (simulated payout rail, --rail-delay-ms 400) and the
// built wasm widget, embedded by the demo host (web/demo, another origin) or opened top-level.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/money.spec.mjs
//
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// On failure, screenshots and the sandbox/host logs stay in the temp folder it prints.
// FLOWKIT_E2E_KEEP=1 keeps that folder after a pass too; FLOWKIT_E2E_ONLY=<text> runs only the
// scenarios whose title contains it.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium, locateInputs, poll, startDemoHost, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 270000;  // CTest's TIMEOUT is 300 s
const RAIL_DELAY_MS = 400;
const results = [];
let shotSeq = 0;
const dir = tempDir('flowkit-e2e-money-');

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

class Abort extends Error {}

// A group of dependent checks: the first failing one (or its timeout) ends the group.
async function scenario(title, fn) {
  if (process.env.FLOWKIT_E2E_ONLY && !title.includes(process.env.FLOWKIT_E2E_ONLY)) return;  // debugging aid
  const state = { page: null, ctx: null };
  state.browserContext = async (browser, options) => {
    state.ctx = await browser.newContext(options);
    // Everything the host accepted and the widget posted, kept in Node: a page that navigates
    // away (the redirect step) takes its own records with it.
    state.hostLog = [];
    state.postLog = [];
    await state.ctx.exposeBinding('__fkRecordHost', (_src, item) => { state.hostLog.push(item); });
    await state.ctx.exposeBinding('__fkRecordPost', (_src, item) => { state.postLog.push(item); });
    await state.ctx.addInitScript(POST_SPY);  // every frame, before its scripts
    await state.ctx.addInitScript(HOST_RECORDER);
    return state.ctx;
  };
  const run = async (name, body, timeoutMs, soft) => {
    const full = `${title}: ${name}`;
    try {
      const detail = await withTimeout(Promise.resolve().then(body), timeoutMs, name);
      report(full, true, detail);
    } catch (e) {
      report(full, false, e.message.split('\n').slice(0, 6).join(' | '));
      await screenshot(state.page, full);
      await dumpState(state.page);
      if (!soft) throw new Abort(full);
    }
  };
  const check = (name, body, timeoutMs = 20000) => run(name, body, timeoutMs, false);
  // A check whose failure does not make the next checks meaningless: the group goes on.
  check.soft = (name, body, timeoutMs = 20000) => run(name, body, timeoutMs, true);
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

// Next to a failure's screenshot: what each frame's DOM mirror holds and what the host received.
async function dumpState(page) {
  if (!page || page.isClosed()) return;
  const file = path.join(dir, `${String(shotSeq).padStart(2, '0')}-state.json`);
  try {
    const frames = await Promise.all(page.frames().map((f) => withTimeout(f.evaluate(() => ({
      url: location.href,
      mirror: [...document.querySelectorAll('#mirror .m')].map((el) => `${el.tagName.toLowerCase()}${el.getAttribute('role') ? '[' + el.getAttribute('role') + ']' : ''}${el.disabled ? '(disabled)' : ''}: ${(el.labels && el.labels[0] ? el.labels[0].textContent + ' = ' + el.value : el.textContent || el.getAttribute('aria-label') || '').slice(0, 80)}`),
      events: window.flowkitEvents ? window.flowkitEvents.slice(-15) : undefined,
    })), 5000, 'frame state').catch((e) => ({ error: e.message }))));
    fs.writeFileSync(file, JSON.stringify(frames, null, 1));
    console.log(`  state: ${file}`);
  } catch (e) {
    console.log(`  (no state: ${e.message.split('\n')[0]})`);
  }
}

// In the flow's page (same spy as onboarding.spec.mjs): wraps window.parent to record every
// postMessage the widget makes (window.__fkPosts, and to Node through __fkRecordPost).
const POST_SPY = () => {
  if (!/^\/flow\/[^/.]+$/.test(location.pathname)) return;
  const posts = (window.__fkPosts = []);
  const record = (msg, target) => {
    let data;
    try { data = JSON.parse(JSON.stringify(msg)); } catch { data = String(msg); }
    const targetOrigin = typeof target === 'string' ? target : target && typeof target === 'object' ? (target.targetOrigin ?? '/') : String(target);
    posts.push({ data, targetOrigin });
    try { window.__fkRecordPost({ data, targetOrigin }); } catch { /* no binding */ }
  };
  const real = window.parent;
  if (real === window) {
    const own = window.postMessage.bind(window);
    window.postMessage = function (msg, target, ...rest) {
      if (msg && typeof msg === 'object' && (msg.source === 'flowkit' || 'height' in msg || 'step' in msg)) record(msg, target);
      return own(msg, target, ...rest);
    };
    window.__fkSpy = 'top-level';
    return;
  }
  const spy = {
    postMessage(msg, target, ...rest) { record(msg, target); return real.postMessage(msg, target, ...rest); },
    get closed() { return real.closed; }, get length() { return real.length; }, get frames() { return real.frames; },
    get top() { return real.top; }, get parent() { return real.parent; }, get self() { return real.self; },
    get window() { return real.window; }, get location() { return real.location; },
  };
  try { window.parent = spy; } catch { /* leave it */ }
  window.__fkSpy = window.parent === spy ? 'iframe' : 'not-installed';
};

// In a host page: every message the host accepts (host.html pushes it to window.flowkitEvents)
// also goes to Node and, synchronously, to the origin's localStorage ('fkAccepted'; 'fkRaw' has
// the type of every message event before the SDK's checks), so it outlives a navigation of the
// top page.
const HOST_RECORDER = () => {
  if (window !== window.top || /^\/flow\//.test(location.pathname)) return;
  // Every message event (before the SDK's checks), by type, written synchronously to this
  // origin's localStorage: readable after a navigation, independent of the Node binding.
  window.addEventListener('message', (e) => {
    try {
      const t = e.data && e.data.source === 'flowkit' ? e.data.type : 'dots';
      localStorage.setItem('fkRaw', (localStorage.getItem('fkRaw') || '') + t + ',');
    } catch { /* no storage */ }
  }, true);
  let list;
  Object.defineProperty(window, 'flowkitEvents', {
    configurable: true,
    get() { return list; },
    set(v) {
      list = v;
      if (!Array.isArray(v)) return;
      const push = v.push.bind(v);
      v.push = (...items) => {
        for (const it of items) {
          try { window.__fkRecordHost(JSON.parse(JSON.stringify(it))); } catch { /* no binding */ }
          // A binding call made while the page unloads can be lost: keep a synchronous copy too.
          try { localStorage.setItem('fkAccepted', JSON.stringify([...JSON.parse(localStorage.getItem('fkAccepted') || '[]'), it])); } catch { /* no storage */ }
        }
        return push(...items);
      };
    },
  });
};

const isEnvelope = (d) => d && typeof d === 'object' && d.source === 'flowkit' && d.version === 1;
const envelopes = (events, type) => events.map((e) => e.data).filter((d) => isEnvelope(d) && (!type || d.type === type));
const typesOf = (events) => envelopes(events).filter((d) => d.type !== 'resize').map((d) => d.type + (d.payload?.step ? ':' + d.payload.step : ''));

function watchPage(page) {
  const logs = [], errors = [], payouts = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // Every payout the widget asks for (from any frame of this page), with its idempotency key.
  page.on('request', (r) => {
    if (r.method() !== 'POST' || !/\/api\/widget\/v1\/payouts$/.test(new URL(r.url()).pathname)) return;
    let body = null;
    try { body = JSON.parse(r.postData() || 'null'); } catch { /* not JSON */ }
    payouts.push({ key: body?.idempotency_key ?? r.headers()['idempotency-key'], amount: body?.amount });
  });
  return { logs, errors, payouts };
}

// After an edit, wait two animation frames: the widget reads the event in its next frame and
// applies the resulting action in the one after.
const settle = (loc) => loc.evaluate((el) => new Promise((r) => el.ownerDocument.defaultView.requestAnimationFrame(() => el.ownerDocument.defaultView.requestAnimationFrame(() => r()))));
const field = (root, label) => root.getByLabel(label, { exact: true });
async function fill(root, label, value) {
  await field(root, label).fill(value, { timeout: 5000 });
  await settle(field(root, label));
}
async function choose(root, label, option) {
  await field(root, label).selectOption({ label: option }, { timeout: 5000 });
  await settle(field(root, label));
}
const selectedLabel = (root, label) => field(root, label).evaluate((s) => (s.selectedOptions[0] ? s.selectedOptions[0].textContent : null));
const text = (root, t) => root.getByText(t, { exact: true });
// The receipt's short reference (payout_view.cpp): the id after its prefix, 8 letters and digits, upper case.
const shortRef = (id) => id.slice(id.indexOf('_') + 1).replace(/[^a-z0-9]/gi, '').slice(0, 8).toUpperCase();
async function expectText(root, t, timeoutMs = 10000) {
  await text(root, t).first().waitFor({ state: 'visible', timeout: timeoutMs });
  return t;
}
// The texts of the DOM mirror (headings, paragraphs, statuses, alerts, buttons) of a frame.
const mirrorTexts = (root) => root.locator('#mirror h1.m, #mirror p.m, #mirror button.m').allTextContents();

let pages = null;  // {base, server, set(path, html)}
function startPageServer() {
  const content = new Map();
  const server = http.createServer((req, res) => {
    const body = content.get(new URL(req.url, 'http://x').pathname);
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body ?? 'not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${server.address().port}`, server,
      set: (p, html) => content.set(p, html) }));
  });
}

async function main() {
  const inputs = locateInputs();  // throws with a clear message when the binary or widget is missing
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };

  const host = await startDemoHost({ dir });
  // A second host origin (in this process) for pages the demo host does not have. A real local
  // server: a page fulfilled by Playwright's route() has no address, and Chromium's Local Network
  // Access checks then refuse its iframe to 127.0.0.1.
  pages = await startPageServer();
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base, pages.base],
    extraArgs: ['--rail-delay-ms', String(RAIL_DELAY_MS)] });
  const sandboxOrigin = new URL(sandbox.base).origin;
  console.log(`# sandbox ${sandbox.base}, host ${host.base}, temp ${dir}`);

  // Distinct 201-555-01xx numbers for the people of this run.
  let phoneSeq = Math.floor(Math.random() * 100);
  const nextPhone = () => { const n = '20155501' + String(phoneSeq++ % 100).padStart(2, '0'); return { national: n, e164: '+1' + n }; };

  const apiOk = async (method, p, body) => {
    const r = await sandbox.api(method, p, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const createFlow = (body) => apiOk('POST', '/api/v2/flows', body);
  const getUser = (id) => apiOk('GET', `/api/v2/users/${id}`);
  const walletOf = async (id) => (await getUser(id)).wallet;
  const payoutsOf = async (id) => (await apiOk('GET', `/api/v2/transfers?user_id=${encodeURIComponent(id)}&limit=100`)).data
    .filter((t) => t.user_id === id && t.type === 'payout');
  const ledger = () => apiOk('GET', '/api/v2/sandbox/ledger');
  const hostUrl = (link) => `${host.base}/?link=${encodeURIComponent(link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`;
  const bank = { platform: 'ach', routing_number: '011000015', account_number: '000123456789', account_type: 'checking', account_holder_name: 'Grace Hopper' };
  // A person with $50.00 in their wallet and a bank account on file (the default).
  const fundedUser = async (first, last) => {
    const phone = nextPhone();
    const user = await apiOk('POST', '/api/v2/users', { first_name: first, last_name: last,
      email: `${first.toLowerCase()}.${phone.national}@example.com`, country_code: '1', phone_number: phone.national });
    const funding = await apiOk('POST', '/api/v2/transfers', { amount: -5000, user_id: user.id });
    const method = await apiOk('PUT', `/api/v2/users/${user.id}/payout-methods`, { ...bank, account_holder_name: `${first} ${last}` });
    const wallet = await walletOf(user.id);
    if (wallet.amount !== 5000) throw new Error(`funded wallet ${JSON.stringify(wallet)} (transfer ${funding.status})`);
    return { user, method, phone };
  };
  const hostEventsOf = (state) => state.hostLog;
  // A new app gets $100.00 from sandbox funding; this run pays out more than that.
  await apiOk('POST', '/api/v2/sandbox/fund', { amount: 100000 });

  const browser = await launchChromium();
  try {
    // ---- 1. Embedded in the demo host: withdraw $20.00 of $50.00 by ACH, double click, receipt.
    await scenario('payout', async (check, state) => {
      let user, method, flow;
      await check('a user with $50.00 and a bank account; a pre-authorized payout flow', async () => {
        ({ user, method } = await fundedUser('Grace', 'Hopper'));
        flow = await createFlow({ steps: ['payout'], user_id: user.id });
        return { user: user.id, method: method.description, flow: flow.id, steps: flow.steps };
      });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check('the iframe shows "Withdraw" and "Available to withdraw: $50.00" (no onboarding)', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Withdraw', exact: true }).waitFor({ state: 'visible', timeout: 30000 });
        await expectText(frame, 'Available to withdraw: $50.00', 5000);
        if (await frame.getByRole('textbox', { name: 'Phone number' }).count()) throw new Error('the phone screen is shown');
      }, 45000);
      await check('"Pay to" preselects the default bank account', async () => {
        const sel = await selectedLabel(frame, 'Pay to');
        if (sel !== `${method.description} (default)`) throw new Error(`"Pay to" shows ${JSON.stringify(sel)}`);
        return sel;
      });
      await check('"Amount (USD)" defaults to 50.00; fee $0.25 and "You receive: $49.75" before confirming', async () => {
        const amount = await field(frame, 'Amount (USD)').inputValue();
        if (amount !== '50.00') throw new Error(`Amount (USD) = ${JSON.stringify(amount)}`);
        await expectText(frame, 'Fee: $0.25');
        await expectText(frame, 'You receive: $49.75');
        await frame.getByRole('button', { name: 'Review withdrawal' }).waitFor({ state: 'visible', timeout: 5000 });
        if (await frame.getByRole('button', { name: /^Withdraw \$/ }).count()) throw new Error('"Withdraw $…" before the review');
        if (watch.payouts.length) throw new Error(`${watch.payouts.length} payouts sent already`);
        return { amount, texts: (await mirrorTexts(frame)).filter((t) => /Fee|receive|Withdraw /.test(t)) };
      });
      await check('amount 20.00, Enter -> the review (amount, fee, what arrives, where, when), "Withdraw $20.00"; nothing sent', async () => {
        await fill(frame, 'Amount (USD)', '20.00');
        await expectText(frame, 'You receive: $19.75');
        await expectText(frame, 'Fee: $0.25', 3000);
        await field(frame, 'Amount (USD)').press('Enter');  // Enter in the amount field leads to the review, never to money
        await frame.getByRole('heading', { name: 'Review your withdrawal' }).waitFor({ state: 'visible', timeout: 5000 });
        await expectText(frame, 'Amount: $20.00', 3000);
        await expectText(frame, `To: ${method.description}`, 3000);
        await expectText(frame, 'Arrives: Usually 1 to 3 business days', 3000);
        if (watch.payouts.length) throw new Error(`${watch.payouts.length} payouts sent by Enter`);
        const btn = frame.getByRole('button', { name: 'Withdraw $20.00' });
        await btn.waitFor({ state: 'visible', timeout: 5000 });
        await poll(() => btn.isEnabled(), { what: 'Withdraw $20.00 enabled', timeoutMs: 5000 });
        if (await text(frame, 'You receive: $49.75').count()) throw new Error('the old net amount is still shown');
      });
      let transferId;
      await check('"Withdraw $20.00" clicked twice quickly -> one payout request, one transfer, receipt "Amount: $20.00"', async () => {
        const btn = frame.getByRole('button', { name: 'Withdraw $20.00' });
        await btn.evaluate((b) => { window.__fkClicks = 0; b.addEventListener('click', () => { window.__fkClicks++; }, { capture: true }); });
        await btn.dblclick({ timeout: 5000 });  // two clicks, a few ms apart, before the widget's next frame
        const clicks = await page.frames().find((f) => /\/flow\//.test(f.url())).evaluate(() => window.__fkClicks);
        await frame.getByRole('heading', { name: /^(Withdrawal on its way|Money sent)$/ }).waitFor({ state: 'visible', timeout: 15000 });
        await expectText(frame, 'Amount: $20.00', 3000);
        const list = await payoutsOf(user.id);
        if (list.length !== 1) throw new Error(`${list.length} payout transfers: ${JSON.stringify(list.map((t) => [t.id, t.amount, t.status]))}`);
        transferId = list[0].id;
        const keys = [...new Set(watch.payouts.map((p) => p.key))];
        if (keys.length !== 1) throw new Error(`idempotency keys ${JSON.stringify(keys)}`);
        if (list[0].amount !== 2000 || list[0].fee !== 25 || list[0].net !== 1975) throw new Error(JSON.stringify(list[0]));
        return { clicks_received: clicks, payout_requests: watch.payouts.length, transfer: transferId, status: list[0].status };
      });
      await check('the wallet is $30.00', async () => {
        const w = await walletOf(user.id);
        if (w.amount !== 3000) throw new Error(`wallet ${JSON.stringify(w)}`);
        return w;
      });
      await check('the receipt: fee, net, "To:", a short reference and eventually "Money sent"', async () => {
        await expectText(frame, 'Fee: $0.25', 3000);
        await expectText(frame, 'You receive: $19.75', 3000);
        await expectText(frame, `To: ${method.description}`, 3000);
        await expectText(frame, `Reference: ${shortRef(transferId)}`, 3000);
        await frame.getByRole('heading', { name: 'Money sent' }).waitFor({ state: 'visible', timeout: 15000 });
        await expectText(frame, 'It has reached your payout method.', 3000);
        const t = await apiOk('GET', `/api/v2/transfers/${transferId}`);
        if (t.status !== 'completed') throw new Error(`transfer ${t.status}`);
        return (await mirrorTexts(frame)).join(' | ');
      });
      await check('the host received payout_created {transfer_id, amount: 2000}, once', async () => {
        const hits = await poll(() => { const h = envelopes(hostEventsOf(state), 'payout_created'); return h.length && h; },
          { what: 'payout_created', timeoutMs: 5000 });
        if (hits.length !== 1) throw new Error(`${hits.length} payout_created: ${JSON.stringify(hits)}`);
        const p = hits[0].payload;
        if (p.transfer_id !== transferId || p.amount !== 2000 || hits[0].flow_id !== flow.id) throw new Error(JSON.stringify(hits[0]));
        if (envelopes(hostEventsOf(state), 'step_completed').length) throw new Error('step_completed before Done');
        return hits[0].payload;
      });
      await check('Done -> "You\'re all set"; the host got step_completed {step: "payout"} then flow_completed', async () => {
        await frame.getByRole('button', { name: 'Done' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: /You['\u2019]re all set/ }).waitFor({ state: 'visible', timeout: 15000 });
        const events = await poll(() => envelopes(hostEventsOf(state), 'flow_completed').length && hostEventsOf(state),
          { what: 'flow_completed', timeoutMs: 10000 });
        const done = envelopes(events, 'step_completed').find((d) => d.payload?.step === 'payout');
        if (done?.payload.status !== 'completed') throw new Error(`step_completed: ${JSON.stringify(done)}`);
        const types = typesOf(events);
        const order = ['step_started:payout', 'payout_created', 'step_completed:payout', 'flow_completed'].map((t) => types.indexOf(t));
        if (order.some((i, k) => i < 0 || (k && i < order[k - 1]))) throw new Error(types.join(', '));
        const fc = envelopes(events, 'flow_completed')[0];
        if (fc.payload?.user_id !== user.id) throw new Error(JSON.stringify(fc));
        return types.join(', ');
      });
      await check('the flow is complete; still one payout; the ledger is balanced; no page errors', async () => {
        const f = await apiOk('GET', `/api/v2/flows/${flow.id}`);
        if (!(f.completed_steps || []).includes('payout')) throw new Error(`completed_steps ${JSON.stringify(f.completed_steps)}`);
        const list = await payoutsOf(user.id);
        const l = await ledger();
        if (list.length !== 1) throw new Error(`${list.length} payout transfers`);
        if (!l.balanced || l.problems?.length) throw new Error(`ledger ${JSON.stringify(l)}`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        return { completed_steps: f.completed_steps, balances: l.balances };
      });
    });

    // ---- 2. The sandbox's test rule: a payout ending in 13 cents fails and the money comes back.
    await scenario('13 cents', async (check, state) => {
      let user, flow;
      await check('a user with $50.00 and a bank account; a payout flow', async () => {
        ({ user } = await fundedUser('Alan', 'Turing'));
        flow = await createFlow({ steps: ['payout'], user_id: user.id });
      });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check('amount 10.13 -> "You receive: $9.88"', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Withdraw', exact: true }).waitFor({ state: 'visible', timeout: 30000 });
        await expectText(frame, 'You receive: $49.75');
        await fill(frame, 'Amount (USD)', '10.13');
        await expectText(frame, 'You receive: $9.88');
      }, 45000);
      let transferId;
      await check('"Withdraw $10.13" -> the receipt, then "Withdrawal failed", the money is back, no "Done", only "Try again"', async () => {
        await frame.getByRole('button', { name: 'Review withdrawal' }).click({ timeout: 5000 });
        const btn = frame.getByRole('button', { name: 'Withdraw $10.13' });
        await poll(() => btn.isEnabled(), { what: 'Withdraw $10.13 enabled', timeoutMs: 5000 });
        await btn.click({ timeout: 5000 });
        await frame.getByRole('heading', { name: 'Withdrawal failed' }).waitFor({ state: 'visible', timeout: 15000 });
        await frame.getByRole('alert').filter({ hasText: 'The money is back in your balance.' }).waitFor({ state: 'visible', timeout: 5000 });
        await expectText(frame, 'Amount: $10.13', 3000);
        if (await frame.getByRole('button', { name: 'Done' }).count()) throw new Error('a failed payout offers "Done"');
        if (await text(frame, 'You receive: $9.88').count()) throw new Error('a failed payout shows what would have arrived');
        await frame.getByRole('button', { name: 'Try again' }).waitFor({ state: 'visible', timeout: 3000 });
        if (envelopes(hostEventsOf(state), 'step_completed').length) throw new Error('step_completed after a failure');
        return (await mirrorTexts(frame)).join(' | ');
      });
      await check('one payout transfer, failed (rail_rejected); the wallet is $50.00 again', async () => {
        const list = await payoutsOf(user.id);
        if (list.length !== 1) throw new Error(`${list.length} payout transfers`);
        transferId = list[0].id;
        if (list[0].status !== 'failed' || list[0].amount !== 1013) throw new Error(JSON.stringify(list[0]));
        const w = await walletOf(user.id);
        if (w.amount !== 5000) throw new Error(`wallet ${JSON.stringify(w)}`);
        if (watch.payouts.length !== 1) throw new Error(`${watch.payouts.length} payout requests`);
        return { transfer: transferId, status: list[0].status, failure_code: list[0].failure_code, wallet: w };
      });
      await check('the host received payout_created {amount: 1013}; "Try again" -> the amount screen with $50.00 back', async () => {
        const hit = envelopes(hostEventsOf(state), 'payout_created')[0];
        if (hit?.payload?.transfer_id !== transferId || hit.payload.amount !== 1013) throw new Error(JSON.stringify(hit));
        await frame.getByRole('button', { name: 'Try again' }).click({ timeout: 5000 });
        await expectText(frame, 'Available to withdraw: $50.00', 15000);
        const amount = await field(frame, 'Amount (USD)').inputValue();
        if (amount !== '10.13') throw new Error(`the retry starts from ${JSON.stringify(amount)}`);
      });
      await check('retry $10.00 -> "Money sent", a second transfer with another key; Done -> flow_completed; ledger balanced', async () => {
        await fill(frame, 'Amount (USD)', '10.00');
        await expectText(frame, 'You receive: $9.75');
        await frame.getByRole('button', { name: 'Review withdrawal' }).click({ timeout: 5000 });
        await frame.getByRole('button', { name: 'Withdraw $10.00' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: 'Money sent' }).waitFor({ state: 'visible', timeout: 15000 });
        const list = await payoutsOf(user.id);
        if (list.length !== 2 || !list.some((t) => t.amount === 1000 && t.status === 'completed')) throw new Error(JSON.stringify(list));
        const keys = new Set(watch.payouts.map((p) => p.key));
        if (keys.size !== 2) throw new Error(`idempotency keys ${JSON.stringify([...keys])}`);
        const w = await walletOf(user.id);
        if (w.amount !== 4000) throw new Error(`wallet ${JSON.stringify(w)}`);
        await frame.getByRole('button', { name: 'Done' }).click({ timeout: 5000 });
        await poll(() => envelopes(hostEventsOf(state), 'flow_completed').length, { what: 'flow_completed', timeoutMs: 10000 });
        const l = await ledger();
        if (!l.balanced || l.problems?.length) throw new Error(`ledger ${JSON.stringify(l)}`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        return typesOf(hostEventsOf(state)).join(', ');
      });
    });

    // ---- 3. A payout link by SMS, opened on a phone: verify, add a bank account in place, withdraw.
    await scenario('payout link', async (check, state) => {
      const phone = nextPhone();
      let linkObj, linkText;
      await check(`POST /api/v2/payout-links $25.00 by SMS to ${phone.e164}: the link is in the SMS outbox`, async () => {
        linkObj = await apiOk('POST', '/api/v2/payout-links', { amount: 2500,
          payee: { country_code: '1', phone_number: phone.national }, delivery: { method: 'sms' } });
        if (!linkObj.id || !linkObj.link || linkObj.status !== 'delivery_pending' || linkObj.delivery_status !== 'sent') throw new Error(JSON.stringify(linkObj));
        const sms = await poll(async () => (await apiOk('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(phone.e164)}`)).data
          ?.find((s) => (s.body || '').includes(linkObj.link)), { what: 'the link in an SMS', timeoutMs: 5000 });
        linkText = /(https?:\/\/\S+)/.exec(sms.body)[1];
        if (linkText !== linkObj.link) throw new Error(`SMS link ${linkText}, API link ${linkObj.link}`);
        return { id: linkObj.id, status: linkObj.status, sms: sms.body };
      });
      const ctx = await state.browserContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      let screen;
      await check('the link from the SMS opens top-level on a phone: a landing says who pays and how much, then it asks to verify the phone', async () => {
        await page.goto(linkText, { timeout: 15000 });
        await page.getByRole('heading', { name: 'You have money waiting' }).waitFor({ state: 'visible', timeout: 30000 });
        await expectText(page, 'Sandbox Platform sent you: $25.00', 5000);
        if (!/Sandbox Platform/.test(await page.title())) throw new Error(`page title ${JSON.stringify(await page.title())}`);
        await page.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        const verify = page.getByRole('heading', { name: /Verify it['\u2019]s you/ });
        const enter = page.getByRole('heading', { name: 'Enter your phone number' });
        await verify.or(enter).first().waitFor({ state: 'visible', timeout: 30000 });
        screen = (await verify.count()) ? 'verify' : 'phone';
        if (await page.getByRole('heading', { name: 'Withdraw', exact: true }).count()) throw new Error('the payout step is shown before verification');
        return { screen, texts: (await mirrorTexts(page)).join(' | ') };
      }, 45000);
      await check('onboarding with the code from the outbox -> "Withdraw" with no payout method', async () => {
        if (screen === 'verify') {
          const hint = (await mirrorTexts(page)).find((t) => /ending in/.test(t)) || '';
          if (!hint.includes(phone.national.slice(-4))) throw new Error(`phone hint: ${JSON.stringify(hint)}`);
          await page.getByRole('button', { name: 'Send code' }).click({ timeout: 5000 });
        } else {
          const f = page.getByRole('textbox', { name: 'Phone number' });
          await f.click({ timeout: 5000 });
          await f.pressSequentially(phone.national, { delay: 15, timeout: 10000 });
          const cont = page.getByRole('button', { name: 'Continue' });
          await poll(() => cont.isEnabled(), { what: 'Continue enabled', timeoutMs: 5000 });
          await cont.click({ timeout: 5000 });
        }
        await page.getByRole('textbox', { name: 'Verification code' }).waitFor({ state: 'visible', timeout: 15000 });
        const sms = await poll(async () => (await apiOk('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(phone.e164)}`)).data
          ?.find((s) => s.code || /\b\d{6}\b/.test(s.body || '')), { what: 'a code in the outbox', timeoutMs: 10000 });
        const code = sms.code || /\b(\d{6})\b/.exec(sms.body)[1];
        await page.getByRole('textbox', { name: 'Verification code' }).fill(code, { timeout: 5000 });
        await page.getByRole('heading', { name: 'Withdraw', exact: true }).waitFor({ state: 'visible', timeout: 15000 });
        await expectText(page, 'Available to withdraw: $25.00', 5000);
        await expectText(page, 'Add where you want to be paid first.', 5000);
        if (await field(page, 'Pay to').count()) throw new Error('"Pay to" shown without a method');
        return { screen, code_sms: sms.body };
      }, 40000);
      await check('the link is claimed: status "claimed", claimed_user_id = the payee', async () => {
        const l = await poll(async () => { const b = await apiOk('GET', `/api/v2/payout-links/${linkObj.id}`); return b.status === 'claimed' && b; },
          { what: 'claimed', timeoutMs: 5000 }).catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await apiOk('GET', `/api/v2/payout-links/${linkObj.id}`))}`); });
        if (!l.claimed_user_id || (linkObj.user_id && l.claimed_user_id !== linkObj.user_id)) throw new Error(JSON.stringify(l));
        const w = await walletOf(l.claimed_user_id);
        if (w.amount !== 2500) throw new Error(`wallet ${JSON.stringify(w)}`);
        return { status: l.status, claimed_user_id: l.claimed_user_id, wallet: w.amount };
      });
      await check('"Add a payout method" -> the bank form in place; save it -> "Pay to" has it, 25.00, "You receive: $24.75"', async () => {
        await page.getByRole('button', { name: 'Add a payout method' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: 'Add a payout method' }).waitFor({ state: 'visible', timeout: 10000 });
        const type = await selectedLabel(page, 'Payout method type');
        if (type !== 'Bank account (US)') await choose(page, 'Payout method type', 'Bank account (US)');
        await fill(page, 'Routing number', '011000015');
        await fill(page, 'Account number', '000123456789');
        await fill(page, 'Confirm account number', '000123456789');
        if ((await selectedLabel(page, 'Account type')) !== 'Checking') await choose(page, 'Account type', 'Checking');
        await fill(page, 'Account holder name', 'Ada Payee');
        await page.getByRole('button', { name: 'Save' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: 'Withdraw', exact: true }).waitFor({ state: 'visible', timeout: 15000 });
        const sel = await poll(async () => (await field(page, 'Pay to').count()) && selectedLabel(page, 'Pay to'), { what: '"Pay to"', timeoutMs: 5000 });
        if (sel !== 'Checking ...6789 (default)') throw new Error(`"Pay to" shows ${JSON.stringify(sel)}`);
        const amount = await field(page, 'Amount (USD)').inputValue();
        if (amount !== '25.00') throw new Error(`Amount (USD) = ${JSON.stringify(amount)}`);
        await expectText(page, 'Fee: $0.25');
        await expectText(page, 'You receive: $24.75');
        return { type, pay_to: sel, amount, initial_type: type };
      }, 40000);
      let transferId;
      await check('"Withdraw $25.00" after the review -> "Money sent"; the wallet is $0.00', async () => {
        await page.getByRole('button', { name: 'Review withdrawal' }).click({ timeout: 5000 });
        const btn = page.getByRole('button', { name: 'Withdraw $25.00' });
        await poll(() => btn.isEnabled(), { what: 'Withdraw $25.00 enabled', timeoutMs: 5000 });
        await btn.click({ timeout: 5000 });
        await page.getByRole('heading', { name: 'Money sent' }).waitFor({ state: 'visible', timeout: 15000 });
        await expectText(page, 'Amount: $25.00', 3000);
        const l = await apiOk('GET', `/api/v2/payout-links/${linkObj.id}`);
        const list = await payoutsOf(l.claimed_user_id);
        if (list.length !== 1 || list[0].amount !== 2500 || list[0].status !== 'completed') throw new Error(JSON.stringify(list));
        transferId = list[0].id;
        const w = await walletOf(l.claimed_user_id);
        if (w.amount !== 0) throw new Error(`wallet ${JSON.stringify(w)}`);
        return { transfer: transferId, payout_link_id: list[0].payout_link_id };
      });
      await check('the link is "delivered"; the ledger is balanced', async () => {
        const l = await poll(async () => { const b = await apiOk('GET', `/api/v2/payout-links/${linkObj.id}`); return b.status === 'delivered' && b; },
          { what: 'delivered', timeoutMs: 5000 }).catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await apiOk('GET', `/api/v2/payout-links/${linkObj.id}`))}`); });
        const led = await ledger();
        if (!led.balanced || led.problems?.length) throw new Error(`ledger ${JSON.stringify(led)}`);
        if (led.balances.payout_link_escrow !== 0) throw new Error(`escrow left: ${JSON.stringify(led.balances)}`);
        return { status: l.status, claimed: l.claimed, delivered: l.delivered, balances: led.balances };
      });
      await check('Done -> "You\'re all set"; no host messages without a parent; no page errors', async () => {
        await page.getByRole('button', { name: 'Done' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: /You['\u2019]re all set/ }).waitFor({ state: 'visible', timeout: 15000 });
        const { spy, posts } = await page.evaluate(() => ({ spy: window.__fkSpy, posts: window.__fkPosts || [] }));
        if (spy !== 'top-level' || posts.length) throw new Error(`spy ${spy}, ${posts.length} posts`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // ---- 4. Redirect inside the demo host: the click's user activation lets the sandboxed
    // iframe (allow-top-navigation-by-user-activation) navigate the top page.
    const redirectUser = () => {
      const phone = nextPhone();
      return apiOk('POST', '/api/v2/users', { first_name: 'Edsger', last_name: 'Dijkstra',
        email: `edsger.${phone.national}@example.com`, country_code: '1', phone_number: phone.national });
    };
    await scenario('redirect', async (check, state) => {
      const url = `${host.base}/done.html`;
      let flow;
      await check(`a flow with a redirect step to ${url}`, async () => {
        const user = await redirectUser();
        flow = await createFlow({ steps: [{ name: 'redirect', redirect_url: url }], user_id: user.id });
        flow.user = user;
        return { flow: flow.id, steps: flow.steps };
      });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const popups = [];
      ctx.on('page', (p) => popups.push(p));
      const frame = page.frameLocator('#flow');
      await check('"Almost done" with "Continue to 127.0.0.1"', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Almost done' }).waitFor({ state: 'visible', timeout: 30000 });
        await expectText(frame, 'Continue to 127.0.0.1 to finish.', 5000);
        const sandboxAttr = await page.locator('#flow').getAttribute('sandbox');
        return { iframe_sandbox: sandboxAttr };
      }, 45000);
      let how;
      await check('click "Continue to 127.0.0.1" -> the TOP page navigates to the redirect_url (no new tab)', async () => {
        const navigated = page.waitForURL(url, { timeout: 15000, waitUntil: 'commit' }).then(() => 'top', () => null);
        const popup = ctx.waitForEvent('page', { timeout: 15000 }).then(() => 'new tab', () => null);
        await frame.getByRole('button', { name: 'Continue to 127.0.0.1' }).click({ timeout: 5000 });
        how = await Promise.race([navigated, popup]);
        await page.waitForTimeout(500);  // a late new tab too?
        const tabs = popups.map((p) => p.url());
        if (how !== 'top' || popups.length) throw new Error(`navigation: ${how}; top ${page.url()}; new tabs ${JSON.stringify(tabs)}`);
        return { how, top_url: page.url(), new_tabs: tabs };
      });
      await check('the widget posted step_completed, flow_completed {user_id}, redirect {url} to the host origin', async () => {
        const posted = state.postLog.filter((p) => isEnvelope(p.data) && p.data.type !== 'resize');
        const types = posted.map((p) => p.data.type + (p.data.payload?.step ? ':' + p.data.payload.step : ''));
        const r = posted.find((p) => p.data.type === 'redirect')?.data;
        const fc = posted.find((p) => p.data.type === 'flow_completed')?.data;
        const sc = posted.find((p) => p.data.type === 'step_completed' && p.data.payload?.step === 'redirect')?.data;
        if (r?.payload?.url !== url || r.flow_id !== flow.id) throw new Error(`redirect: ${JSON.stringify(r)}; posted ${types.join(', ')}`);
        if (fc?.payload?.user_id !== flow.user.id) throw new Error(`flow_completed: ${JSON.stringify(fc)}`);
        if (sc?.payload?.status !== 'completed') throw new Error(`step_completed: ${JSON.stringify(sc)}`);
        const targets = [...new Set(state.postLog.map((p) => p.targetOrigin))];
        if (targets.length !== 1 || targets[0] !== host.base) throw new Error(`targetOrigins ${JSON.stringify(targets)}`);
        return types.join(', ');
      });
      // BUG (reported): the widget posts flow_completed and redirect and, in the same call
      // (flow/flow.cpp on_api "flow.complete" -> web/effects_web.cpp js_navigate), sets
      // window.top.location: Chromium usually unloads the host page before those two message
      // events are dispatched there, so the host never hears them (most runs). The host page
      // records each message synchronously in its own localStorage too, to tell that apart from
      // a lost test binding call.
      await check.soft('the host received step_completed, flow_completed and redirect {url} before the page left', async () => {
        // What host.html accepted, from its origin's localStorage (the page that was left wrote it).
        const events = await page.evaluate(() => JSON.parse(localStorage.getItem('fkAccepted') || '[]'));
        const r = envelopes(events, 'redirect')[0];
        const fc = envelopes(events, 'flow_completed')[0];
        const sc = envelopes(events, 'step_completed').find((d) => d.payload?.step === 'redirect');
        const stored = (await page.evaluate(() => localStorage.getItem('fkRaw')).catch((e) => e.message) || '').split(',').filter((t) => t && t !== 'resize');
        if (sc?.payload?.status !== 'completed') throw new Error(`step_completed: ${JSON.stringify(sc)}; host got ${typesOf(events).join(', ')}`);
        if (r?.payload?.url !== url || r.flow_id !== flow.id || fc?.payload?.user_id !== flow.user.id)
          throw new Error(`the host got ${typesOf(events).join(', ')} (its message events, as stored in its localStorage: ${stored.join(', ')}); missing ${[!fc && 'flow_completed', !r && 'redirect'].filter(Boolean).join(' and ')}`);
        return typesOf(events).join(', ');
      });
      await check('the step is recorded: completed_steps ["redirect"]; no page errors', async () => {
        const f = await apiOk('GET', `/api/v2/flows/${flow.id}`);
        if (JSON.stringify(f.completed_steps) !== '["redirect"]') throw new Error(`completed_steps ${JSON.stringify(f.completed_steps)}`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        const console_ = watch.logs.filter((l) => /navigat|sandbox/i.test(l));
        return { completed_steps: f.completed_steps, console: console_ };
      });
    });

    // ---- 5. The documented fallback: an iframe sandboxed WITHOUT top navigation -> a new tab.
    await scenario('redirect fallback', async (check, state) => {
      const url = `${host.base}/done.html`;
      const user = await redirectUser();
      const flow = await createFlow({ steps: [{ name: 'redirect', redirect_url: url }], user_id: user.id });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      // A host page (another allowed origin) whose iframe may open pop-ups but not navigate the top.
      const strict = `${pages.base}/strict-host.html`;
      pages.set('/strict-host.html', `<!doctype html><title>strict host</title><iframe id="flow" style="width:420px;height:600px;border:0" sandbox="allow-scripts allow-same-origin allow-forms allow-popups" src="${flow.link.replace(/"/g, '&quot;')}"></iframe>`);
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check('"Almost done" in an iframe sandboxed without allow-top-navigation*', async () => {
        await page.goto(strict, { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Almost done' }).waitFor({ state: 'visible', timeout: 30000 });
      }, 45000);
      await check('click "Continue to 127.0.0.1" -> a new tab opens the redirect_url; the top page stays', async () => {
        const popup = ctx.waitForEvent('page', { timeout: 15000 });
        await frame.getByRole('button', { name: 'Continue to 127.0.0.1' }).click({ timeout: 5000 });
        const tab = await popup;
        await tab.waitForURL(url, { timeout: 10000, waitUntil: 'commit' });
        await page.waitForTimeout(300);
        if (page.url() !== strict) throw new Error(`the top page went to ${page.url()}`);
        const f = await apiOk('GET', `/api/v2/flows/${flow.id}`);
        if (JSON.stringify(f.completed_steps) !== '["redirect"]') throw new Error(`completed_steps ${JSON.stringify(f.completed_steps)}`);
        const refused = watch.logs.filter((l) => /navigat/i.test(l)).map((l) => l.slice(0, 200));
        return { new_tab: tab.url(), top: page.url(), console: refused, page_errors: watch.errors.slice(0, 2) };
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
  if (pages) await new Promise((r) => { pages.server.closeAllConnections?.(); pages.server.close(r); setTimeout(r, 2000); });
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
