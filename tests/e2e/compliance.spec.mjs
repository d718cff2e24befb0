#!/usr/bin/env node
// Browser end-to-end test of the compliance step (W-9 / W-8BEN) in headless Chromium, against
// the real flowkit-sandbox and the built wasm widget: embedded by the demo host (web/demo) on
// another origin, and opened top-level on a phone viewport.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/compliance.spec.mjs
//
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// On failure, screenshots and the sandbox/host logs stay in the temp folder it prints.
// FLOWKIT_E2E_KEEP=1 keeps that folder after a pass too.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, locateInputs, poll, startDemoHost, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 270000;  // CTest's TIMEOUT is 300 s
const results = [];
let shotSeq = 0;
const dir = tempDir('flowkit-e2e-compliance-');

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

class Abort extends Error {}

// Runs a group of dependent checks: the first failing one (or its timeout) ends the group.
async function scenario(title, fn) {
  if (process.env.FLOWKIT_E2E_ONLY && !title.includes(process.env.FLOWKIT_E2E_ONLY)) return;  // debugging aid
  const state = { page: null, ctx: null };
  state.browserContext = async (browser, options) => {
    state.ctx = await browser.newContext(options);
    await state.ctx.addInitScript(POST_SPY);  // every frame, before its scripts
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
      await dumpState(state.page, full);
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

// Next to a failure's screenshot: what the host received and what the widget's DOM mirror holds.
async function dumpState(page, name) {
  if (!page || page.isClosed()) return;
  const file = path.join(dir, `${String(shotSeq).padStart(2, '0')}-state.json`);
  try {
    const frames = await Promise.all(page.frames().map((f) => withTimeout(f.evaluate(() => ({
      url: location.pathname, scrollY: window.scrollY, innerHeight: window.innerHeight,
      scrollHeight: document.scrollingElement && document.scrollingElement.scrollHeight,
      app: document.getElementById('app') && document.getElementById('app').style.height,
      canvas: document.querySelector('canvas') && (() => { const c = document.querySelector('canvas'), r = c.getBoundingClientRect(); return { css: [r.width, r.height], buffer: [c.width, c.height] }; })(),
      frames: typeof window.flowkitFrames === 'function' ? window.flowkitFrames() : undefined,
      mirror: [...document.querySelectorAll('#mirror .m')].map((el) => { const r = el.getBoundingClientRect(); return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? '[' + el.getAttribute('role') + ']' : ''}: ${(el.textContent || el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || '').slice(0, 60)} @${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`; }),
      events: window.flowkitEvents ? window.flowkitEvents.slice(-12) : undefined,
    })), 5000, 'frame state').catch((e) => ({ error: e.message }))));
    fs.writeFileSync(file, JSON.stringify(frames, null, 1));
    console.log(`  state: ${file}`);
  } catch (e) {
    console.log(`  (no state: ${e.message.split('\n')[0]})`);
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

// Installed in every frame before its scripts run (same spy as onboarding.spec.mjs): in the
// flow's iframe it wraps window.parent to record every postMessage the widget makes, so the
// test sees all it sent, not only what the host accepted.
const POST_SPY = () => {
  if (!/^\/flow\/[^/.]+$/.test(location.pathname)) return;
  const posts = (window.__fkPosts = []);
  const record = (msg, target) => {
    let data;
    try { data = JSON.parse(JSON.stringify(msg)); } catch { data = String(msg); }
    const targetOrigin = typeof target === 'string' ? target : target && typeof target === 'object' ? (target.targetOrigin ?? '/') : String(target);
    posts.push({ data, targetOrigin });
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

const isEnvelope = (d) => d && typeof d === 'object' && d.source === 'flowkit' && d.version === 1;
const envelopes = (events, type) => events.map((e) => e.data).filter((d) => isEnvelope(d) && (!type || d.type === type));
const hostEvents = (page) => page.evaluate(() => ({ events: window.flowkitEvents || [], rejected: window.flowkitRejected || [] }));
const flowFrame = (page) => page.frames().find((f) => f !== page.mainFrame() && /\/flow\/[^/.]+$/.test(new URL(f.url() || 'about:blank', 'http://x').pathname));
const heightOf = (d) => (isEnvelope(d) ? (d.type === 'resize' && d.payload ? d.payload.height : undefined) : d && d.height);

function watchPage(page) {
  const logs = [], errors = [], puts = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // Every PUT of tax information the widget makes (from any frame of this page).
  page.on('request', (r) => { if (r.method() === 'PUT' && /\/api\/widget\/v1\/compliance$/.test(new URL(r.url()).pathname)) puts.push(r.url()); });
  return { logs, errors, puts };
}

// Heading texts allow a typographic apostrophe too.
const ALL_SET = /You['\u2019]re all set/;
const W9_HEADING = 'W-9: US tax information';
const W8_HEADING = 'W-8BEN: tax information';
const CHOOSE = 'Which describes you?';
const NOTICE = /(thing needs|things need) fixing before you submit/;
const W9_OPTION = 'US person (W-9)';  // radio cards: the card's title starts its accessible name
const W8_OPTION = 'Not a US person (W-8BEN)';

// The person's test data (the same as tests/e2e/harness_e2e.sh and the native autopilot).
const W9 = {
  classification: 'Individual or sole proprietor', name: 'Ada Lovelace', ssn: '123456789', ssnDashed: '123-45-6789',
  dobDigits: '01151990', dobShown: '01/15/1990', dobIso: '1990-01-15',
  street: '1 Market St', city: 'San Francisco', state: 'California', zip: '94107',
};
const SECRETS = [W9.ssn, W9.ssnDashed, W9.dobDigits, W9.dobShown, W9.dobIso];
const W8 = {
  name: 'Marie Curie', citizenship: 'France', dobDigits: '11071967', residence: 'France', street: '1 Rue de la Paix',
  city: 'Paris', postcode: '75002', foreignTin: '1234567890123', treatyCountry: 'France', article: 'Article 12', rate: '0',
  income: 'Royalties for copyrights',
};

// After an edit, a choice or a tick, wait two animation frames: the widget reads the event in
// its next frame and applies the resulting action in the one after (its rAF callbacks were
// requested first, so they run before ours). When an error goes away in that frame, the DOM
// mirror re-inserts the nodes below it and a field focused meanwhile loses focus, so what is
// typed next is lost (a widget bug, checked on its own below); the helpers do not race it.
const settle = (loc) => loc.evaluate((el) => new Promise((r) => el.ownerDocument.defaultView.requestAnimationFrame(() => el.ownerDocument.defaultView.requestAnimationFrame(() => r()))));

// Field helpers, by visible label (the DOM mirror gives every input a <label>, every checkbox an aria-label).
const field = (root, label) => root.getByLabel(label, { exact: true });
async function fill(root, label, value) {
  await field(root, label).fill(value, { timeout: 5000 });
  await settle(field(root, label));
}
async function choose(root, label, option) {
  if (label === CHOOSE) {  // the W-9 / W-8BEN decision is a pair of radio cards
    const card = root.getByRole('radio', { name: new RegExp('^' + option.replace(/[()]/g, '\\$&')) });
    await card.check({ timeout: 5000 });
    await settle(card);
    return;
  }
  await field(root, label).selectOption({ label: option }, { timeout: 5000 });
  await settle(field(root, label));
}
async function tick(root, label) {
  const box = root.getByRole('checkbox', { name: label, exact: true });
  await box.check({ timeout: 5000 });
  await settle(box);
}
const selectedLabel = (root, label) => (label === CHOOSE
  ? root.locator('input[type=radio]:checked').evaluate((r) => (r.getAttribute('aria-label') || '').split('. ')[0])
  : field(root, label).evaluate((s) => (s.selectedOptions[0] ? s.selectedOptions[0].textContent : null)));
async function typeDigits(root, label, digits) {
  const el = field(root, label);
  await el.click({ timeout: 5000 });
  await el.pressSequentially(digits, { delay: 30, timeout: 10000 });
  await settle(el);
}
// Waits until a field shows `want` (the widget writes filtered/formatted values back on its next frame).
async function expectValue(root, label, want, what = label) {
  let got;
  await poll(async () => (got = await field(root, label).inputValue()) === want, { what: `${what} = ${JSON.stringify(want)} (got ${JSON.stringify(got)})`, timeoutMs: 5000 })
    .catch(() => { throw new Error(`"${what}" shows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`); });
  return got;
}

// The error shown right below a field: the DOM item that follows the field's item is an alert
// with the message, and it is drawn just below the field.
async function errorBelow(root, label) {
  return field(root, label).evaluate((el) => {
    const wrap = el.closest('.mw');
    const next = wrap && wrap.nextElementSibling && wrap.nextElementSibling.querySelector('.m');
    if (!next || next.getAttribute('role') !== 'alert') return null;
    const a = el.getBoundingClientRect(), b = next.getBoundingClientRect();
    return { text: next.textContent, gap: Math.round(b.top - a.bottom) };
  });
}

async function main() {
  const inputs = locateInputs();  // throws with a clear message when the binary or widget is missing
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };

  const host = await startDemoHost({ dir });
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base] });
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
  const createUser = (phone, first = 'Grace', last = 'Hopper') => apiOk('POST', '/api/v2/users',
    { first_name: first, last_name: last, email: `${first.toLowerCase()}.${phone.national}@example.com`, country_code: '1', phone_number: phone.national });
  const getUser = (id) => apiOk('GET', `/api/v2/users/${id}`);
  const hostUrl = (link) => `${host.base}/?link=${encodeURIComponent(link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`;

  // The host page follows the last height message (with a 120 ms transition): waits until the
  // iframe's height equals it, and returns both.
  const settledHeight = async (page) => {
    let want = null, got = 0;
    for (const t0 = Date.now(); Date.now() - t0 < 5000; await page.waitForTimeout(50)) {
      const { events } = await hostEvents(page);
      const last = events.map((e) => e.data).filter((d) => Number.isFinite(heightOf(d))).pop();
      want = last ? Math.ceil(heightOf(last)) : null;
      got = await page.locator('#flow').evaluate((f) => f.clientHeight);
      if (want !== null && Math.abs(got - want) <= 2.5) return { message: want, iframe: got };
    }
    throw new Error(`iframe ${got}px, last height message ${want}px`);
  };
  // The content inside the iframe fits it: the widget's own document does not scroll.
  const contentFits = async (page) => {
    const f = flowFrame(page);
    if (!f) throw new Error('flow frame not found');
    const m = await f.evaluate(() => ({ scroll: document.scrollingElement.scrollHeight, inner: window.innerHeight }));
    if (m.scroll > m.inner + 1) throw new Error(`the iframe's document scrolls: scrollHeight ${m.scroll} > innerHeight ${m.inner}`);
    return m;
  };

  const browser = await launchChromium();
  let w9User = null;  // the person of scenario 1 (a W-9 on file), reused by scenario 4
  try {
    // ---- 1. Embedded in the demo host: onboarding, an empty W-9 refused in place, a W-9 stored.
    await scenario('embedded W-9', async (check, state) => {
      const flow = await createFlow({ steps: ['compliance'] });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      const phone = nextPhone();
      let phoneHeight;

      await check('the host page embeds the flow: phone screen first (no user yet)', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        phoneHeight = await settledHeight(page);
        return { flow: flow.id, steps: flow.steps, phone_screen_height: phoneHeight.iframe };
      }, 45000);
      await check(`onboarding: ${phone.national} + the code from the outbox -> "Tax information"`, async () => {
        const f = frame.getByRole('textbox', { name: 'Phone number' });
        await f.click({ timeout: 5000 });
        await f.pressSequentially(phone.national, { delay: 15, timeout: 10000 });
        const cont = frame.getByRole('button', { name: 'Continue' });
        await poll(() => cont.isEnabled(), { what: 'Continue enabled', timeoutMs: 5000 });
        await cont.click({ timeout: 5000 });
        await frame.getByRole('textbox', { name: 'Verification code' }).waitFor({ state: 'visible', timeout: 15000 });
        const sms = await poll(async () => (await apiOk('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(phone.e164)}`)).data?.[0],
          { what: 'SMS in outbox', timeoutMs: 10000 });
        const code = sms.code || (/\b(\d{6})\b/.exec(sms.body || '') || [])[1];
        if (!/^\d{6}$/.test(code || '')) throw new Error(`no 6-digit code in ${JSON.stringify(sms)}`);
        await frame.getByRole('textbox', { name: 'Verification code' }).fill(code, { timeout: 5000 });
        await frame.getByRole('heading', { name: 'Tax information', exact: true }).waitFor({ state: 'visible', timeout: 15000 });
      }, 40000);
      await check('onboarding is reported and the flow has its user', async () => {
        const { events } = await hostEvents(page);
        const done = envelopes(events, 'step_completed').find((d) => d.payload?.step === 'onboarding');
        if (!done || done.payload.status !== 'completed') throw new Error(`step_completed onboarding: ${JSON.stringify(done)}`);
        if (envelopes(events, 'flow_completed').length) throw new Error('flow_completed before the compliance step');
        const f = await poll(async () => { const b = await apiOk('GET', `/api/v2/flows/${flow.id}`); return b.user_id && b; },
          { what: 'flow.user_id', timeoutMs: 5000 });
        w9User = f.user_id;
        return { user_id: f.user_id, steps: f.steps, completed_steps: f.completed_steps };
      });
      await check(`a +1 number defaults "${CHOOSE}" to the W-9; Continue -> the W-9 form`, async () => {
        const sel = await selectedLabel(frame, CHOOSE);
        if (sel !== W9_OPTION) throw new Error(`selected ${JSON.stringify(sel)}`);
        await frame.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: W9_HEADING }).waitFor({ state: 'visible', timeout: 10000 });
        return sel;
      });
      await check('the SSN field is a password input (type=password, numeric keyboard)', async () => {
        const a = await field(frame, 'SSN').evaluate((el) => ({ type: el.type, inputmode: el.getAttribute('inputmode'), autocomplete: el.getAttribute('autocomplete') }));
        if (a.type !== 'password') throw new Error(JSON.stringify(a));
        return a;
      });
      let w9Height;
      await check('the iframe grows with the long form: last height message == iframe height, > 900 px and > the phone screen', async () => {
        w9Height = await settledHeight(page);
        if (!(w9Height.iframe > 900 && w9Height.iframe > phoneHeight.iframe))
          throw new Error(`W-9 iframe ${w9Height.iframe}px, phone screen ${phoneHeight.iframe}px`);
        return { phone: phoneHeight.iframe, w9: w9Height.iframe, ...(await contentFits(page)) };
      });
      await check('Submit with an empty form: errors next to the fields, aria-invalid, an alert', async () => {
        await frame.getByRole('button', { name: 'Submit' }).click({ timeout: 5000 });
        const notice = frame.getByRole('alert').filter({ hasText: NOTICE });
        await notice.waitFor({ state: 'visible', timeout: 10000 });
        const invalid = {};
        for (const label of ['SSN', 'ZIP code', 'Name (as shown on your income tax return)', 'Date of birth', 'Street address', 'City'])
          invalid[label] = await field(frame, label).getAttribute('aria-invalid');
        const notInvalid = Object.entries(invalid).filter(([, v]) => v !== 'true');
        if (notInvalid.length) throw new Error(`aria-invalid: ${JSON.stringify(invalid)}`);
        const ssnErr = await errorBelow(frame, 'SSN'), zipErr = await errorBelow(frame, 'ZIP code');
        if (!ssnErr || !/SSN/.test(ssnErr.text) || ssnErr.gap < -1 || ssnErr.gap > 40) throw new Error(`SSN error: ${JSON.stringify(ssnErr)}`);
        if (!zipErr || !/ZIP/.test(zipErr.text) || zipErr.gap < -1 || zipErr.gap > 40) throw new Error(`ZIP error: ${JSON.stringify(zipErr)}`);
        const stateErr = await frame.getByRole('alert').filter({ hasText: 'Choose a state.' }).count();
        const consentErr = await frame.getByRole('alert').filter({ hasText: /certify|consent|confirm/i }).count();
        if (!stateErr) throw new Error('no "Choose a state." alert under State');
        return { notice: (await notice.first().textContent()).trim(), ssn: ssnErr.text, zip: zipErr.text, consent_alerts: consentErr };
      });
      // BUG (reported): when an error above a focused field goes away, web/dom_mirror.js re-inserts
      // every node after it (stale nodes are removed only after the ordering pass), which blurs
      // the focused field: what is typed next goes nowhere.
      await check.soft('a field focused right after choosing a State keeps focus when "Choose a state." goes away', async () => {
        const r = await field(frame, 'ZIP code').evaluate(async (zip) => {
          const doc = zip.ownerDocument, win = doc.defaultView;
          const sel = [...doc.querySelectorAll('label')].find((l) => l.textContent === 'State').control;
          sel.selectedIndex = [...sel.options].findIndex((o) => o.textContent === 'California');
          sel.dispatchEvent(new win.Event('change', { bubbles: true }));
          zip.focus();  // as a quick tap would, before the widget's next frame
          let blurred = false;
          zip.addEventListener('blur', () => { blurred = true; }, { once: true });
          await new Promise((res) => win.setTimeout(res, 300));
          return { blurred, active: doc.activeElement === zip ? 'ZIP code' : doc.activeElement.tagName };
        });
        await settle(field(frame, 'ZIP code'));
        if (r.blurred || r.active !== 'ZIP code') throw new Error(`the ZIP code field lost focus (blur: ${r.blurred}, active element: ${r.active})`);
        return r;
      });
      await check('nothing was sent or stored: no PUT, tax_id_collected false', async () => {
        if (watch.puts.length) throw new Error(`${watch.puts.length} PUT /compliance`);
        const u = await getUser(w9User);
        if (!u.compliance || u.compliance.tax_id_collected !== false || u.compliance.w9_collected === true)
          throw new Error(`compliance ${JSON.stringify(u.compliance)}, tax_id_verification ${u.tax_id_verification}`);
        return { compliance: u.compliance, tax_id_verification: u.tax_id_verification };
      });
      await check('the error messages grew the form and the iframe followed', async () => {
        const h = await settledHeight(page);
        if (!(h.iframe > w9Height.iframe)) throw new Error(`with errors ${h.iframe}px, without ${w9Height.iframe}px`);
        return { before: w9Height.iframe, after: h.iframe, ...(await contentFits(page)) };
      });
      await check('fill the W-9 (individual, SSN, DOB typed as digits, California 94107, certification, signature)', async () => {
        await choose(frame, 'Federal tax classification', W9.classification);
        await fill(frame, 'Name (as shown on your income tax return)', W9.name);
        const tinType = await selectedLabel(frame, 'Taxpayer ID type');
        if (tinType !== 'Social Security number (SSN)') throw new Error(`Taxpayer ID type: ${tinType}`);
        await fill(frame, 'SSN', W9.ssn);
        await expectValue(frame, 'SSN', W9.ssn);
        await typeDigits(frame, 'Date of birth', W9.dobDigits);
        await expectValue(frame, 'Date of birth', W9.dobShown);
        await fill(frame, 'Street address', W9.street);
        await fill(frame, 'City', W9.city);
        await choose(frame, 'State', W9.state);
        await fill(frame, 'ZIP code', W9.zip);
        await tick(frame, 'I certify that all of the above is true');
        await fill(frame, 'Type your full legal name to sign', W9.name);
        await expectValue(frame, 'Type your full legal name to sign', W9.name);
        // Field errors go away as they are fixed (after a submit attempt every edit rechecks).
        const fieldAlerts = frame.getByRole('alert').filter({ hasNotText: NOTICE });
        await poll(async () => (await fieldAlerts.count()) === 0, { what: 'field errors cleared', timeoutMs: 5000 })
          .catch(async () => { throw new Error(`field errors left: ${JSON.stringify(await fieldAlerts.allTextContents())}`); });
        return { state: await selectedLabel(frame, 'State'), dob: await field(frame, 'Date of birth').inputValue() };
      }, 40000);
      // BUG (reported): the notice keeps "9 things need fixing before you submit." after every
      // field is fixed (steps/compliance/compliance.cpp updates errors on edit, never the notice).
      await check.soft('with every field fixed, no notice still says things need fixing', async () => {
        const notice = frame.getByRole('alert').filter({ hasText: NOTICE });
        await poll(async () => (await notice.count()) === 0, { what: 'notice cleared', timeoutMs: 3000 })
          .catch(async () => { throw new Error(`still shown: ${JSON.stringify(await notice.allTextContents())}`); });
      });
      await check('Submit -> "You\'re all set"', async () => {
        await frame.getByRole('button', { name: 'Submit' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
        if (watch.puts.length !== 1) throw new Error(`${watch.puts.length} PUT /compliance`);
      });
      let events;
      await check('host received step_completed {step: "compliance", status: "completed"}', async () => {
        const hit = await poll(async () => envelopes((events = (await hostEvents(page)).events), 'step_completed')
          .find((d) => d.payload?.step === 'compliance'), { what: 'step_completed compliance', timeoutMs: 10000 });
        if (hit.payload.status !== 'completed' || hit.flow_id !== flow.id) throw new Error(JSON.stringify(hit));
      });
      await check('host received the Dots message {step: "compliance", status: "completed"}', async () => {
        const hit = events.map((e) => e.data).find((d) => d && !isEnvelope(d) && d.step === 'compliance');
        if (!hit || hit.status !== 'completed') throw new Error(`got ${JSON.stringify(hit)}`);
        return hit;
      });
      await check('host received flow_completed {user_id}, last', async () => {
        const hit = await poll(async () => envelopes((events = (await hostEvents(page)).events), 'flow_completed')[0],
          { what: 'flow_completed', timeoutMs: 10000 });
        if (hit.payload?.user_id !== w9User) throw new Error(`user_id ${hit.payload?.user_id}, expected ${w9User}`);
        const types = envelopes(events).map((d) => d.type + (d.payload?.step ? ':' + d.payload.step : '')).filter((t) => t !== 'resize');
        const started = types.indexOf('step_started:compliance'), completed = types.indexOf('step_completed:compliance');
        if (!(started >= 0 && started < completed && completed < types.indexOf('flow_completed'))) throw new Error(types.join(', '));
        return types.join(', ');
      });
      await check('the user shows the W-9 collected and the TIN matched; the flow is complete', async () => {
        const u = await getUser(w9User);
        const c = u.compliance || {};
        if (!(c.w9_collected === true && c.tax_id_collected === true && u.tax_id_verification === 'matched'))
          throw new Error(`compliance ${JSON.stringify(c)}, tax_id_verification ${u.tax_id_verification}`);
        const text = JSON.stringify(u);
        const leaked = SECRETS.filter((s) => text.includes(s));
        if (leaked.length) throw new Error(`user JSON contains ${leaked.join(', ')}`);
        const f = await apiOk('GET', `/api/v2/flows/${flow.id}`);
        if (!(f.completed_steps || []).includes('compliance')) throw new Error(`completed_steps ${JSON.stringify(f.completed_steps)}`);
        return { compliance: c, tax_id_verification: u.tax_id_verification, completed_steps: f.completed_steps };
      });
      await check('no message the widget posted (or the host received) contains the SSN or the date of birth', async () => {
        const received = JSON.stringify((await hostEvents(page)).events.map((e) => e.data));
        const f = flowFrame(page);
        const posted = f ? JSON.stringify(await f.evaluate(() => window.__fkPosts || [])) : '';
        const leaked = SECRETS.filter((s) => received.includes(s) || posted.includes(s));
        if (leaked.length) throw new Error(`messages contain ${leaked.join(', ')}`);
        if (!posted) throw new Error('flow frame not found');
        return `${(await hostEvents(page)).events.length} messages checked`;
      });
      await check('no uncaught page errors', async () => {
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // ---- 2. Going Back to the choice and returning loses nothing typed.
    await scenario('back keeps typed values', async (check, state) => {
      const phone = nextPhone();
      const user = await createUser(phone, 'Alan', 'Turing');
      const flow = await createFlow({ steps: ['compliance'], user_id: user.id });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      await check('a pre-authorized flow opens on "Tax information" (no onboarding)', async () => {
        await page.goto(flow.link, { timeout: 15000 });
        await page.getByRole('heading', { name: 'Tax information', exact: true }).waitFor({ state: 'visible', timeout: 30000 });
        await page.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: W9_HEADING }).waitFor({ state: 'visible', timeout: 10000 });
      }, 45000);
      await check('fill part of the W-9, then Back -> "Tax information"', async () => {
        await fill(page, 'Name (as shown on your income tax return)', W9.name);
        await fill(page, 'SSN', W9.ssn);
        await typeDigits(page, 'Date of birth', W9.dobDigits);
        await expectValue(page, 'Date of birth', W9.dobShown);
        await fill(page, 'City', W9.city);
        await choose(page, 'State', W9.state);
        await fill(page, 'ZIP code', W9.zip);
        await expectValue(page, 'ZIP code', W9.zip);
        await page.getByRole('button', { name: 'Back' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: 'Tax information', exact: true }).waitFor({ state: 'visible', timeout: 10000 });
        if (await page.getByRole('heading', { name: W9_HEADING }).count()) throw new Error('the W-9 form is still shown');
      });
      await check('choose the W-8BEN, then the W-9 again, Continue: every value is still there', async () => {
        await choose(page, CHOOSE, W8_OPTION);
        await poll(async () => (await selectedLabel(page, CHOOSE)) === W8_OPTION, { what: 'W-8BEN chosen', timeoutMs: 3000 });
        await choose(page, CHOOSE, W9_OPTION);
        await poll(async () => (await selectedLabel(page, CHOOSE)) === W9_OPTION, { what: 'W-9 chosen', timeoutMs: 3000 });
        await page.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: W9_HEADING }).waitFor({ state: 'visible', timeout: 10000 });
        const got = {
          name: await field(page, 'Name (as shown on your income tax return)').inputValue(),
          ssn: await field(page, 'SSN').inputValue(),
          dob: await field(page, 'Date of birth').inputValue(),
          city: await field(page, 'City').inputValue(),
          state: await selectedLabel(page, 'State'),
          zip: await field(page, 'ZIP code').inputValue(),
        };
        const want = { name: W9.name, ssn: W9.ssn, dob: W9.dobShown, city: W9.city, state: W9.state, zip: W9.zip };
        const lost = Object.keys(want).filter((k) => got[k] !== want[k]);
        if (lost.length) throw new Error(`lost: ${lost.map((k) => `${k} ${JSON.stringify(got[k])} (was ${JSON.stringify(want[k])})`).join(', ')}`);
        return { ...got, ssn: got.ssn.replace(/\d(?=\d{4})/g, '*') };
      });
      await check('nothing was submitted; no uncaught page errors', async () => {
        if (watch.puts.length) throw new Error(`${watch.puts.length} PUT /compliance`);
        const u = await getUser(user.id);
        if (u.compliance?.tax_id_collected !== false) throw new Error(JSON.stringify(u.compliance));
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // ---- 3. Top-level on a phone: a W-8BEN with a treaty claim, the page scrolls natively.
    await scenario('phone W-8BEN', async (check, state) => {
      const phone = nextPhone();
      const user = await createUser(phone, 'Marie', 'Curie');
      const flow = await createFlow({ steps: ['compliance'], user_id: user.id });
      const ctx = await state.browserContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      await check('the flow link opens on "Tax information" (pre-authorized: no onboarding)', async () => {
        await page.goto(flow.link, { timeout: 15000 });
        await page.getByRole('heading', { name: 'Tax information', exact: true }).waitFor({ state: 'visible', timeout: 30000 });
        if (await page.getByRole('textbox', { name: 'Phone number' }).count()) throw new Error('the phone screen is shown');
        return { user_id: user.id, flow: flow.id };
      }, 45000);
      await check(`choose "${W8_OPTION}", Continue -> the W-8BEN form`, async () => {
        await choose(page, CHOOSE, W8_OPTION);
        await poll(async () => (await selectedLabel(page, CHOOSE)) === W8_OPTION, { what: 'W-8BEN chosen', timeoutMs: 3000 });
        await page.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await page.getByRole('heading', { name: W8_HEADING }).waitFor({ state: 'visible', timeout: 10000 });
      });
      const scrollMetrics = () => page.evaluate(() => {
        const se = document.scrollingElement, b = document.body;
        return { scrollingElement: se.tagName, scrollHeight: se.scrollHeight, innerHeight: window.innerHeight, scrollY: window.scrollY,
          bodyScrollHeight: b.scrollHeight, bodyClientHeight: b.clientHeight, bodyScrollTop: b.scrollTop,
          canvas: document.querySelector('canvas').getBoundingClientRect().width, innerWidth: window.innerWidth };
      });
      await check('the long form is taller than the phone screen and fills its width', async () => {
        const m = await poll(async () => { const v = await scrollMetrics(); return Math.max(v.scrollHeight, v.bodyScrollHeight) > v.innerHeight && v; },
          { what: 'content taller than the viewport', timeoutMs: 5000 });
        if (m.canvas < m.innerWidth - 2) throw new Error(JSON.stringify(m));
        return m;
      });
      // BUG (reported): web/index.html gives both html and body height:100% + overflow-y:auto, so
      // body becomes an inner scroll box: the document itself never scrolls (window.scrollY stays 0).
      await check.soft('the page itself scrolls: document.scrollingElement.scrollHeight > innerHeight', async () => {
        const m = await scrollMetrics();
        if (!(m.scrollHeight > m.innerHeight)) throw new Error(`document.scrollingElement (${m.scrollingElement}) scrollHeight ${m.scrollHeight} <= innerHeight ${m.innerHeight}; body scrollHeight ${m.bodyScrollHeight} in a ${m.bodyClientHeight}px body (an inner scroll box)`);
        return { scrollHeight: m.scrollHeight, innerHeight: m.innerHeight };
      });
      await check('fill the W-8BEN with a treaty claim (France, Article 12, 0 %, royalties for copyrights)', async () => {
        await fill(page, 'Full name', W8.name);
        await choose(page, 'Country of citizenship', W8.citizenship);
        await typeDigits(page, 'Date of birth', W8.dobDigits);
        await expectValue(page, 'Date of birth', '11/07/1967');
        await choose(page, 'Country of residence', W8.residence);
        await fill(page, 'Street address', W8.street);
        await fill(page, 'City or town', W8.city);
        await fill(page, 'Postal code', W8.postcode);
        await fill(page, 'Foreign tax ID', W8.foreignTin);
        await tick(page, 'I claim tax treaty benefits');
        await field(page, 'Treaty country').waitFor({ state: 'attached', timeout: 5000 });
        await choose(page, 'Treaty country', W8.treatyCountry);
        await fill(page, 'Treaty article', W8.article);
        await fill(page, 'Withholding rate (%)', W8.rate);
        await choose(page, 'Type of income', W8.income);
        await tick(page, 'I certify that all of the above is true');
        await fill(page, 'Type your full legal name to sign', W8.name);
        await expectValue(page, 'Type your full legal name to sign', W8.name);
        const treaty = { country: await selectedLabel(page, 'Treaty country'), income: await selectedLabel(page, 'Type of income') };
        if (treaty.country !== W8.treatyCountry || treaty.income !== W8.income) throw new Error(JSON.stringify(treaty));
        return treaty;
      }, 40000);
      await check('"Submit" is below the fold and can be clicked after scrolling -> "You\'re all set"', async () => {
        const submit = page.getByRole('button', { name: 'Submit' });
        await page.evaluate(() => {
          window.scrollTo(0, 0);
          document.body.scrollTop = 0;
          // Where the button is when the click reaches it (the page shrinks once the flow is done).
          document.addEventListener('click', (e) => {
            if (!(e.target instanceof HTMLButtonElement) || e.target.textContent !== 'Submit') return;
            const r = e.target.getBoundingClientRect();
            window.__fkAtClick = { top: Math.round(r.top), bottom: Math.round(r.bottom), innerHeight: window.innerHeight,
              scrollY: window.scrollY, bodyScrollTop: document.body.scrollTop };
          }, { capture: true });
        });
        const box = await submit.evaluate((b) => { const r = b.getBoundingClientRect(); return { top: Math.round(r.top), innerHeight: window.innerHeight }; });
        if (box.top < box.innerHeight) throw new Error(`Submit at ${box.top}px, within the first screen (${box.innerHeight}px)`);
        await submit.click({ timeout: 5000 });  // Playwright scrolls it into view first
        const scrolled = await page.evaluate(() => window.__fkAtClick);
        if (!scrolled) throw new Error('the click did not reach the Submit button');
        if (!(scrolled.scrollY > 0 || scrolled.bodyScrollTop > 0) || scrolled.top < 0 || scrolled.bottom > scrolled.innerHeight)
          throw new Error(`Submit not scrolled into view when clicked: ${JSON.stringify(scrolled)}`);
        await page.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
        if (watch.puts.length !== 1) throw new Error(`${watch.puts.length} PUT /compliance`);
        return { submit_top_before: box.top, at_click: scrolled };
      });
      await check('"You\'re all set" is in view on the short page (the page scrolled back / shrank)', async () => {
        const v = await page.evaluate(() => ({ scrollHeight: document.scrollingElement.scrollHeight, innerHeight: window.innerHeight, scrollY: window.scrollY }));
        const inView = await page.getByRole('heading', { name: ALL_SET }).evaluate((h) => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
        if (!inView) throw new Error(`heading not in the viewport: ${JSON.stringify(v)}`);
        return v;
      });
      await check('the user shows the W-8BEN collected', async () => {
        const u = await getUser(user.id);
        const c = u.compliance || {};
        if (c.w8_ben_collected !== true || c.w9_collected === true) throw new Error(`compliance ${JSON.stringify(c)}`);
        if (JSON.stringify(u).includes(W8.foreignTin)) throw new Error('user JSON contains the full foreign tax ID');
        return { compliance: c, tax_id_verification: u.tax_id_verification };
      });
      await check('no host messages without a parent; no uncaught page errors', async () => {
        const { spy, posts } = await page.evaluate(() => ({ spy: window.__fkSpy, posts: window.__fkPosts || [] }));
        if (spy !== 'top-level' || posts.length) throw new Error(`spy ${spy}, ${posts.length} posts`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // ---- 4. A second compliance flow for the same person: the information on file, kept.
    await scenario('on file', async (check, state) => {
      let userId = w9User;
      if (!userId || !(await getUser(userId)).compliance?.w9_collected) {  // scenario 1 failed: put a W-9 on file through the app API
        const u = await createUser(nextPhone(), 'Ada', 'Lovelace');
        const today = new Date().toISOString().slice(0, 10);
        await apiOk('PUT', `/api/v2/users/${u.id}/compliance`, { w9: { tax_classification: 'individual', name: W9.name, tin_type: 'ssn',
          tin: W9.ssnDashed, date_of_birth: W9.dobIso, address: { line_1: W9.street, city: W9.city, state: 'CA', country: 'US', postcode: W9.zip },
          signature: { name: W9.name, date: today, consent: true } } });
        userId = u.id;
        console.log('# on file: scenario 1 stored no W-9; a W-9 was put on file through PUT /api/v2/users/{id}/compliance');
      }
      const flow = await createFlow({ steps: ['compliance'], user_id: userId });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check('"Your tax information is on file" with the masked TIN', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Your tax information is on file' }).waitFor({ state: 'visible', timeout: 30000 });
        const text = frame.getByText('W-9, tax ID ***-**-6789.', { exact: true });
        await text.waitFor({ state: 'visible', timeout: 5000 });
        const f = flowFrame(page);
        const body = f ? await f.evaluate(() => document.body.innerText + ' ' + [...document.querySelectorAll('input')].map((i) => i.value).join(' ')) : '';
        const leaked = SECRETS.filter((s) => body.includes(s));
        if (leaked.length) throw new Error(`the page shows ${leaked.join(', ')}`);
        if (!(await frame.getByRole('button', { name: 'Replace it' }).isVisible())) throw new Error('no "Replace it" button');
        return (await text.textContent()).trim();
      }, 45000);
      await check('Continue -> "You\'re all set", step_completed + Dots message + flow_completed', async () => {
        await frame.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
        const events = await poll(async () => { const ev = (await hostEvents(page)).events; return envelopes(ev, 'flow_completed').length && ev; },
          { what: 'flow_completed', timeoutMs: 10000 });
        const done = envelopes(events, 'step_completed').find((d) => d.payload?.step === 'compliance');
        const dots = events.map((e) => e.data).find((d) => d && !isEnvelope(d) && d.step === 'compliance');
        if (done?.payload.status !== 'completed' || dots?.status !== 'completed') throw new Error(JSON.stringify({ done, dots }));
        if (envelopes(events, 'step_completed').some((d) => d.payload?.step === 'onboarding')) throw new Error('onboarding reported: the flow was pre-authorized');
        return envelopes(events).map((d) => d.type + (d.payload?.step ? ':' + d.payload.step : '')).filter((t) => t !== 'resize').join(', ');
      });
      await check('nothing was re-submitted; the W-9 stays on file; the flow is complete', async () => {
        if (watch.puts.length) throw new Error(`${watch.puts.length} PUT /compliance`);
        const u = await getUser(userId);
        if (!(u.compliance?.w9_collected && u.tax_id_verification === 'matched')) throw new Error(JSON.stringify(u.compliance));
        const f = await apiOk('GET', `/api/v2/flows/${flow.id}`);
        if (JSON.stringify(f.completed_steps) !== '["compliance"]') throw new Error(`completed_steps ${JSON.stringify(f.completed_steps)}`);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        return { steps: f.steps, completed_steps: f.completed_steps };
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
