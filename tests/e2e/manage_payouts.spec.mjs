#!/usr/bin/env node
// Browser end-to-end test of the manage-payouts step in headless Chromium, against the real
// flowkit-sandbox and the built wasm widget, embedded by the demo host (web/demo, another origin).
// The same flows as tests/e2e/harness_e2e.sh (autopilot / script), driven by label and role.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/manage_payouts.spec.mjs
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
const dir = tempDir('flowkit-e2e-manage-payouts-');

// Test data (tests/e2e/harness_e2e.sh): never to be seen in full outside the form.
const ROUTING = '011000015';
const ACCOUNT = '000123456789';
const PAYPAL = 'ada@example.com';
const BANK_DESC = 'Checking ...6789';
const PAYPAL_DESC = 'PayPal a***@example.com';
const DEFAULT_SUFFIX = ' (Default)';  // manage_payouts_view.cpp: the card's title + its badge
const HINT_DEFAULT = 'Add a payout method to continue: it becomes your default.';
const HINT_AUTO = 'Turn on automatic payouts to continue.';
const AUTO = 'Automatic payouts to my default method';

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

class Abort extends Error {}

// A group of dependent checks: the first failing one (or its timeout) ends the group.
async function scenario(title, fn) {
  const state = { page: null, ctx: null };
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
  const check = (name, body, timeoutMs = 30000) => run(name, body, timeoutMs, false);
  check.soft = (name, body, timeoutMs = 30000) => run(name, body, timeoutMs, true);
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
      mirror: [...document.querySelectorAll('#mirror .m')].map((el) => `${el.tagName.toLowerCase()}${el.getAttribute('role') ? '[' + el.getAttribute('role') + ']' : ''}${el.disabled ? '(disabled)' : ''}${el.type === 'checkbox' ? (el.checked ? '(checked)' : '(unchecked)') : ''}: ${(el.labels && el.labels[0] ? el.labels[0].textContent + ' = ' + el.value : el.textContent || el.getAttribute('aria-label') || '').slice(0, 80)}`),
      events: window.flowkitEvents ? window.flowkitEvents.filter((e) => !('height' in (e.data || {})) && e.data?.type !== 'resize').slice(-15) : undefined,
    })), 5000, 'frame state').catch((e) => ({ error: e.message }))));
    fs.writeFileSync(file, JSON.stringify(frames, null, 1));
    console.log(`  state: ${file}`);
  } catch (e) {
    console.log(`  (no state: ${e.message.split('\n')[0]})`);
  }
}

const isEnvelope = (d) => d && typeof d === 'object' && d.source === 'flowkit' && d.version === 1;
const isDots = (d) => d && typeof d === 'object' && d.source === undefined && typeof d.step === 'string';
const typesOf = (events) => events.map((e) => e.data).filter((d) => isEnvelope(d) && d.type !== 'resize')
  .map((d) => d.type + (d.payload?.step ? ':' + d.payload.step : ''));

function watchPage(page) {
  const logs = [], errors = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { logs, errors };
}

// After an edit, wait two animation frames: the widget reads the event in its next frame and
// applies the resulting action in the one after (compliance.spec.mjs: an edit made before that
// can be lost).
const settle = (loc) => loc.evaluate((el) => new Promise((r) => el.ownerDocument.defaultView.requestAnimationFrame(() => el.ownerDocument.defaultView.requestAnimationFrame(() => r()))));
const field = (root, label) => root.getByLabel(label, { exact: true });
async function fill(root, label, value) {
  await field(root, label).fill(value, { timeout: 10000 });
  await settle(field(root, label));
}
async function choose(root, label, option) {
  await field(root, label).selectOption({ label: option }, { timeout: 10000 });
  await settle(field(root, label));
}
const selectedLabel = (root, label) => field(root, label).evaluate((s) => (s.selectedOptions[0] ? s.selectedOptions[0].textContent : null));
const text = (root, t) => root.getByText(t, { exact: true });
async function expectText(root, t, timeoutMs = 15000) {
  await text(root, t).first().waitFor({ state: 'visible', timeout: timeoutMs });
  return t;
}
const button = (root, name) => root.getByRole('button', { name, exact: true });
async function click(root, name) {
  const b = button(root, name);
  await poll(() => b.isEnabled({ timeout: 5000 }).catch(() => false), { what: `"${name}" enabled`, timeoutMs: 15000 });
  await b.click({ timeout: 10000 });
}
const mirrorTexts = (root) => root.locator('#mirror h1.m, #mirror p.m, #mirror button.m').allTextContents();

async function main() {
  const inputs = locateInputs();  // throws with a clear message when the binary or widget is missing
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };
  const host = await startDemoHost({ dir });
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base] });
  const sandboxOrigin = new URL(sandbox.base).origin;
  console.log(`# sandbox ${sandbox.base}, host ${host.base}, temp ${dir}`);

  const apiOk = async (method, p, body) => {
    const r = await sandbox.api(method, p, body);
    if (r.status !== 200 && r.status !== 201) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const createFlow = (body) => apiOk('POST', '/api/v2/flows', body);
  const methodsOf = (id) => apiOk('GET', `/api/v2/users/${id}/payout-methods`);
  const hostUrl = (link) => `${host.base}/?link=${encodeURIComponent(link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`;
  const hostEvents = (page) => page.evaluate(() => window.flowkitEvents || []);
  const national = '20155501' + String(Math.floor(Math.random() * 100)).padStart(2, '0');

  // The Continue button: disabled, with the hint as the status text above it.
  const expectBlocked = async (frame, hint) => {
    await expectText(frame, hint);
    const btn = button(frame, 'Continue');
    await btn.waitFor({ state: 'visible', timeout: 10000 });
    if (!(await btn.isDisabled({ timeout: 5000 }))) throw new Error(`Continue is enabled (hint "${hint}" shown)`);
    const status = await frame.getByRole('status').allTextContents();
    if (!status.includes(hint)) throw new Error(`statuses ${JSON.stringify(status)}`);
  };
  // Both the Dots-compatible {step, status} and the envelope step_completed, Dots first.
  const expectCompleted = async (page, flowId, status) => {
    const events = await poll(async () => {
      const ev = await hostEvents(page);
      return ev.some((e) => isEnvelope(e.data) && e.data.type === 'step_completed' && e.data.payload?.step === 'manage-payouts')
        && ev.some((e) => isDots(e.data) && e.data.step === 'manage-payouts') && ev;
    }, { what: 'step_completed and the Dots {step, status} at the host', timeoutMs: 15000 })
      .catch(async (e) => { throw new Error(`${e.message}; host got ${typesOf(await hostEvents(page)).join(', ')}`); });
    const dotsAt = events.findIndex((e) => isDots(e.data) && e.data.step === 'manage-payouts');
    const envAt = events.findIndex((e) => isEnvelope(e.data) && e.data.type === 'step_completed' && e.data.payload?.step === 'manage-payouts');
    const dots = events[dotsAt].data, env = events[envAt].data;
    if (dots.status !== status || Object.keys(dots).sort().join() !== 'status,step') throw new Error(`Dots message ${JSON.stringify(dots)}, want {step: "manage-payouts", status: "${status}"}`);
    if (env.payload.status !== status || env.flow_id !== flowId) throw new Error(`envelope ${JSON.stringify(env)}, want status "${status}", flow_id ${flowId}`);
    if (dotsAt > envAt) throw new Error('the envelope came before the Dots message (host-protocol.md: Dots first)');
    const dotsCount = events.filter((e) => isDots(e.data)).length;
    const envCount = events.filter((e) => isEnvelope(e.data) && e.data.type === 'step_completed').length;
    if (dotsCount !== 1 || envCount !== 1) throw new Error(`${dotsCount} Dots step messages, ${envCount} step_completed`);
    return { dots, envelope: env.payload, host_got: typesOf(events).join(', ') };
  };

  const browser = await launchChromium();
  let user;
  try {
    // ---- 1. Required default + automatic payouts: bank account, PayPal, default switch, removal.
    await scenario('manage-payouts (required default + auto)', async (check, state) => {
      let flow;
      await check('a user by the app API; a pre-authorized flow with manage-payouts (require default + auto)', async () => {
        user = await apiOk('POST', '/api/v2/users', { first_name: 'Ada', last_name: 'Lovelace',
          email: `ada.${national}@example.com`, country_code: '1', phone_number: national });
        flow = await createFlow({ steps: [{ name: 'manage-payouts', require_default_payout_method: true, require_auto_payout_method: true }], user_id: user.id });
        return { user: user.id, flow: flow.id, steps: flow.steps };
      });
      state.ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = (state.page = await state.ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check('the iframe shows "Payout methods"; Continue is disabled with the hint', async () => {
        await page.goto(hostUrl(flow.link), { timeout: 20000 });
        await frame.getByRole('heading', { name: 'Payout methods' }).waitFor({ state: 'visible', timeout: 45000 });
        await expectText(frame, 'Add where you want to be paid.');
        await expectBlocked(frame, HINT_DEFAULT);
        return (await mirrorTexts(frame)).join(' | ');
      }, 60000);
      await check('a bank account with a mismatched confirmation -> "The account numbers don\'t match." next to the field; nothing saved', async () => {
        await click(frame, 'Add a payout method');
        await frame.getByRole('heading', { name: 'Add a payout method' }).waitFor({ state: 'visible', timeout: 15000 });
        if ((await selectedLabel(frame, 'Payout method type')) !== 'Bank account (US)') await choose(frame, 'Payout method type', 'Bank account (US)');
        await fill(frame, 'Routing number', ROUTING);
        await fill(frame, 'Account number', ACCOUNT);
        await fill(frame, 'Confirm account number', '000123456780');
        await choose(frame, 'Account type', 'Checking');
        await fill(frame, 'Account holder name', 'Ada Lovelace');
        await click(frame, 'Save');
        const msg = "The account numbers don't match.";
        await frame.getByRole('alert').filter({ hasText: msg }).first().waitFor({ state: 'visible', timeout: 10000 });
        // Next to the field: the confirmation input is invalid and the alert is the mirror's next element.
        const where = await field(frame, 'Confirm account number').evaluate((el) => {
          const wrap = el.parentElement, next = wrap.nextElementSibling;
          const nextEl = next && (next.matches('.m') ? next : next.querySelector('.m'));
          return { invalid: el.getAttribute('aria-invalid'), next: nextEl ? { role: nextEl.getAttribute('role'), text: nextEl.textContent } : null };
        });
        if (where.invalid !== 'true' || where.next?.role !== 'alert' || where.next.text !== msg) throw new Error(`confirm field ${JSON.stringify(where)}`);
        const others = await Promise.all(['Routing number', 'Account number', 'Account holder name'].map((l) => field(frame, l).getAttribute('aria-invalid')));
        if (others.some((v) => v === 'true')) throw new Error(`other fields invalid: ${JSON.stringify(others)}`);
        await page.waitForTimeout(1000);  // a save that went out anyway would have landed
        const list = await methodsOf(user.id);
        if (!Array.isArray(list) || list.length) throw new Error(`GET payout-methods: ${JSON.stringify(list)}`);
        await frame.getByRole('heading', { name: 'Add a payout method' }).waitFor({ state: 'visible', timeout: 5000 });
        return { field: where, saved: list };
      });
      await check(`fix the confirmation, Save -> the list shows "${BANK_DESC}" as the default`, async () => {
        await fill(frame, 'Confirm account number', ACCOUNT);
        await poll(async () => !(await frame.getByRole('alert').filter({ hasText: "The account numbers don't match." }).count()),
          { what: 'the mismatch error gone', timeoutMs: 10000 });
        await click(frame, 'Save');
        await frame.getByRole('heading', { name: 'Payout methods' }).waitFor({ state: 'visible', timeout: 20000 });
        await expectText(frame, BANK_DESC + DEFAULT_SUFFIX);
        if (await button(frame, `Make ${BANK_DESC} the default`).count()) throw new Error('"Make ... the default" shown for the default');
        await button(frame, `Remove ${BANK_DESC}`).waitFor({ state: 'visible', timeout: 5000 });
        const list = await methodsOf(user.id);
        if (list.length !== 1 || list[0].platform !== 'ach' || list[0].default !== true || list[0].description !== BANK_DESC) throw new Error(JSON.stringify(list));
        return list[0];
      }, 40000);
      await check(`Continue is still disabled ("${HINT_AUTO}") until "${AUTO}" is checked`, async () => {
        await expectBlocked(frame, HINT_AUTO);
        const box = frame.getByRole('checkbox', { name: AUTO, exact: true });
        if (await box.isChecked({ timeout: 5000 })) throw new Error('automatic payouts already on');
        await box.check({ timeout: 10000 });
        await settle(box);
        await poll(() => button(frame, 'Continue').isEnabled({ timeout: 5000 }), { what: 'Continue enabled', timeoutMs: 15000 });
        if (!(await box.isChecked())) throw new Error('the checkbox is unchecked again');
        if (await text(frame, HINT_AUTO).count() || await text(frame, HINT_DEFAULT).count()) throw new Error('a hint is still shown');
        const u = await apiOk('GET', `/api/v2/users/${user.id}`);
        if (u.auto_payout !== true) throw new Error(`user auto_payout ${u.auto_payout}`);
        return { auto_payout: u.auto_payout, default_payout_method: u.default_payout_method };
      });
      await check(`add PayPal ${PAYPAL} -> listed masked as "${PAYPAL_DESC}"`, async () => {
        await click(frame, 'Add a payout method');
        await frame.getByRole('heading', { name: 'Add a payout method' }).waitFor({ state: 'visible', timeout: 15000 });
        await choose(frame, 'Payout method type', 'PayPal');
        await fill(frame, 'PayPal email', PAYPAL);
        await click(frame, 'Save');
        await frame.getByRole('heading', { name: 'Payout methods' }).waitFor({ state: 'visible', timeout: 20000 });
        await expectText(frame, PAYPAL_DESC);
        await expectText(frame, BANK_DESC + DEFAULT_SUFFIX, 5000);
        const texts = await mirrorTexts(frame);
        if (texts.some((t) => t.includes(PAYPAL))) throw new Error(`the full email is shown: ${texts.join(' | ')}`);
        return texts.join(' | ');
      }, 40000);
      await check(`"Make ${PAYPAL_DESC} the default" -> it is the default`, async () => {
        await click(frame, `Make ${PAYPAL_DESC} the default`);
        await expectText(frame, PAYPAL_DESC + DEFAULT_SUFFIX);
        await expectText(frame, BANK_DESC, 5000);
        await button(frame, `Make ${BANK_DESC} the default`).waitFor({ state: 'visible', timeout: 5000 });
      });
      await check(`"Remove ${BANK_DESC}" -> the confirmation; "Remove" -> only PayPal is left, the default`, async () => {
        await click(frame, `Remove ${BANK_DESC}`);
        await frame.getByRole('heading', { name: `Remove ${BANK_DESC}?` }).waitFor({ state: 'visible', timeout: 10000 });
        await expectText(frame, 'You can add it again later.', 5000);
        await button(frame, 'Keep it').waitFor({ state: 'visible', timeout: 5000 });
        await click(frame, 'Remove');
        await frame.getByRole('heading', { name: 'Payout methods' }).waitFor({ state: 'visible', timeout: 20000 });
        await expectText(frame, PAYPAL_DESC + DEFAULT_SUFFIX);
        await poll(async () => !(await text(frame, BANK_DESC).count()) && !(await text(frame, BANK_DESC + DEFAULT_SUFFIX).count()),
          { what: `"${BANK_DESC}" gone`, timeoutMs: 10000 });
        if (!(await frame.getByRole('checkbox', { name: AUTO, exact: true }).isChecked())) throw new Error('automatic payouts turned off');
        return (await mirrorTexts(frame)).join(' | ');
      }, 40000);
      await check('the app API: one method, PayPal, the default; auto_payout true; no full account/routing number or email in the JSON', async () => {
        const list = await methodsOf(user.id);
        const u = await apiOk('GET', `/api/v2/users/${user.id}`);
        if (list.length !== 1 || list[0].platform !== 'paypal' || list[0].default !== true || list[0].description !== PAYPAL_DESC)
          throw new Error(`methods ${JSON.stringify(list)}`);
        if (u.default_payout_method !== 'paypal' || u.auto_payout !== true) throw new Error(`user ${JSON.stringify(u)}`);
        const all = JSON.stringify(list) + JSON.stringify(u) + JSON.stringify(await hostEvents(page));
        const leaks = [ROUTING, ACCOUNT, PAYPAL].filter((s) => all.includes(s));
        if (leaks.length) throw new Error(`full values in the JSON: ${leaks.join(', ')}`);
        return { methods: list.map((m) => [m.platform, m.description, m.default]), default_payout_method: u.default_payout_method, auto_payout: u.auto_payout };
      });
      await check('Continue -> the host gets the Dots {step: "manage-payouts", status: "completed"} and step_completed {status: "completed"}', async () => {
        await click(frame, 'Continue');
        const got = await expectCompleted(page, flow.id, 'completed');
        if (watch.errors.length) throw new Error(`page errors: ${watch.errors.slice(0, 3).join(' | ')}`);
        return got;
      });
    });

    // ---- 2. The same user again, nothing required and nothing changed: "completed-saved".
    await scenario('manage-payouts (no change)', async (check, state) => {
      let flow;
      await check('a second flow for the same user: {"steps": ["manage-payouts"]}', async () => {
        if (!user) throw new Error('no user from the first scenario');
        flow = await createFlow({ steps: ['manage-payouts'], user_id: user.id });
        return { flow: flow.id, steps: flow.steps };
      });
      state.ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = (state.page = await state.ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      await check(`the list shows "${PAYPAL_DESC}" as the default, automatic payouts on, Continue enabled`, async () => {
        await page.goto(hostUrl(flow.link), { timeout: 20000 });
        await frame.getByRole('heading', { name: 'Payout methods' }).waitFor({ state: 'visible', timeout: 45000 });
        await expectText(frame, PAYPAL_DESC + DEFAULT_SUFFIX);
        if (!(await frame.getByRole('checkbox', { name: AUTO, exact: true }).isChecked({ timeout: 5000 }))) throw new Error('automatic payouts shown off');
        await poll(() => button(frame, 'Continue').isEnabled({ timeout: 5000 }), { what: 'Continue enabled', timeoutMs: 15000 });
      }, 60000);
      await check('Continue right away -> the Dots message and step_completed say "completed-saved"', async () => {
        await click(frame, 'Continue');
        const got = await expectCompleted(page, flow.id, 'completed-saved');
        const list = await methodsOf(user.id);
        if (list.length !== 1 || list[0].platform !== 'paypal' || !list[0].default) throw new Error(`methods changed: ${JSON.stringify(list)}`);
        if (watch.errors.length) throw new Error(`page errors: ${watch.errors.slice(0, 3).join(' | ')}`);
        return got;
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
