#!/usr/bin/env node
// Browser end-to-end test of onboarding (phone + SMS code) in headless Chromium, against the
// real flowkit-sandbox and the built wasm widget, embedded by the demo host (web/demo) on
// another origin.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   FLOWKIT_WIDGET_DIR=build/wasm-release/widget node tests/e2e/onboarding.spec.mjs
//
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// On failure, screenshots and the sandbox/host logs stay in the temp folder it prints.
// FLOWKIT_E2E_KEEP=1 keeps that folder after a pass too.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, locateInputs, poll, startDemoHost, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 240000;
const results = [];
let shotSeq = 0;
const dir = tempDir('flowkit-e2e-');

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

class Abort extends Error {}

// Runs a group of dependent checks: the first failing one (or its timeout) ends the group.
async function scenario(title, fn) {
  const state = { page: null, ctx: null };
  state.browserContext = async (browser, options) => {
    state.ctx = await browser.newContext(options);
    await state.ctx.addInitScript(POST_SPY);  // every frame, before its scripts
    return state.ctx;
  };
  const check = async (name, body, timeoutMs = 20000) => {
    const full = `${title}: ${name}`;
    try {
      const detail = await withTimeout(Promise.resolve().then(body), timeoutMs, name);
      report(full, true, detail);
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

// Installed in every frame before its scripts run. In the flow's iframe it replaces
// window.parent (a [Replaceable] attribute) by a wrapper that records each postMessage target,
// so the test sees what the widget sent and where to, not only what the host accepted. At
// top level it wraps the window's own postMessage (parent === window there).
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

function watchPage(page) {
  const logs = [], errors = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { logs, errors };
}

// Heading / role texts allow a typographic apostrophe too.
const ALL_SET = /You['\u2019]re all set/;
const WRONG_CODE = /That code isn['\u2019]t right\. You have 4 attempts left\./;

async function main() {
  const inputs = locateInputs();  // throws with a clear message when the binary or widget is missing
  const creds = { clientId: 'e2e_client', apiKey: 'e2e_key_' + Math.random().toString(36).slice(2) };

  // The host first (port 0), so its origin can be given to the sandbox as the allowed origin.
  const host = await startDemoHost({ dir });
  const hostPort = new URL(host.base).port;
  const sandbox = await startSandbox({ ...inputs, ...creds, dir, allowedOrigins: [host.base] });
  const sandboxOrigin = new URL(sandbox.base).origin;
  const otherHostBase = `http://localhost:${hostPort}`;  // same server, an origin the sandbox does not allow
  console.log(`# sandbox ${sandbox.base}, host ${host.base}, temp ${dir}`);

  const browser = await launchChromium();
  try {
    const createFlow = async () => {
      const r = await sandbox.api('POST', '/api/v2/flows', { steps: [] });
      if (r.status !== 200 && r.status !== 201) throw new Error(`POST /api/v2/flows -> ${r.status} ${JSON.stringify(r.body)}`);
      if (!r.body.id || !r.body.link) throw new Error(`flow without id/link: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const hostUrl = (base, link) => `${base}/?link=${encodeURIComponent(link)}&sandbox=${encodeURIComponent(sandboxOrigin)}`;

    // ---- 1. Embedded in the demo host, onboarding end to end.
    await scenario('embedded', async (check, state) => {
      let flow;
      await check('POST /api/v2/flows {steps: []} returns a link to /flow/{id}', async () => {
        flow = await createFlow();
        const u = new URL(flow.link);
        if (u.origin !== sandboxOrigin || u.pathname !== `/flow/${flow.id}`) throw new Error(`unexpected link ${flow.link}`);
        return { id: flow.id, steps: flow.steps, user_id: flow.user_id };
      });
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      const frame = page.frameLocator('#flow');
      const national = '20155501' + String(Math.floor(Math.random() * 100)).padStart(2, '0');  // 201-555-01xx
      const e164 = '+1' + national;

      await check('host page embeds the flow: phone screen in the iframe', async () => {
        await page.goto(hostUrl(host.base, flow.link), { timeout: 15000 });
        await frame.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        await frame.getByRole('textbox', { name: 'Phone number' }).waitFor({ state: 'visible', timeout: 5000 });
      }, 45000);
      await check('host received the ready envelope with this flow_id', async () => {
        const ready = await poll(async () => envelopes((await hostEvents(page)).events, 'ready')[0], { what: 'ready', timeoutMs: 10000 })
          .catch((e) => { throw new Error([e.message, ...watch.logs.filter((l) => /flowkit/i.test(l))].join(' | ')); });
        if (ready.flow_id !== flow.id) throw new Error(`ready.flow_id ${ready.flow_id} != ${flow.id}`);
      });
      await check('Continue is disabled before a number is typed', async () => {
        if (!(await frame.getByRole('button', { name: 'Continue' }).isDisabled({ timeout: 5000 }))) throw new Error('Continue is enabled');
      });
      await check('Country select offers "United States (+1)"', async () => {
        await frame.getByLabel('Country').selectOption({ label: 'United States (+1)' }, { timeout: 5000 });
      });
      await check(`typing ${national} into "Phone number" enables Continue`, async () => {
        const field = frame.getByRole('textbox', { name: 'Phone number' });
        await field.click({ timeout: 5000 });
        await field.pressSequentially(national, { delay: 15, timeout: 10000 });
        await poll(() => frame.getByRole('button', { name: 'Continue' }).isEnabled(), { what: 'Continue enabled', timeoutMs: 5000 });
        return await field.inputValue();
      });
      await check('Continue -> "Enter the code"', async () => {
        await frame.getByRole('button', { name: 'Continue' }).click({ timeout: 5000 });
        await frame.getByRole('heading', { name: 'Enter the code' }).waitFor({ state: 'visible', timeout: 15000 });
        await frame.getByRole('textbox', { name: 'Verification code' }).waitFor({ state: 'visible', timeout: 5000 });
      });
      let code;
      await check(`the SMS to ${e164} is in the sandbox outbox`, async () => {
        const sms = await poll(async () => {
          const r = await sandbox.api('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(e164)}`);
          if (r.status !== 200) throw new Error(`GET /api/v2/sandbox/sms -> ${r.status} ${JSON.stringify(r.body)}`);
          return r.body.data && r.body.data[0];
        }, { what: 'SMS in outbox', timeoutMs: 10000 });
        code = sms.code || (/\b(\d{6})\b/.exec(sms.body || '') || [])[1];
        if (!/^\d{6}$/.test(code || '')) throw new Error(`no 6-digit code in ${JSON.stringify(sms)}`);
        if (sms.to !== e164) throw new Error(`sms.to ${sms.to} != ${e164}`);
        return { to: sms.to, body: sms.body };
      });
      await check('a wrong code shows "You have 4 attempts left" (role alert)', async () => {
        const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
        await frame.getByRole('textbox', { name: 'Verification code' }).fill(wrong, { timeout: 5000 });
        const alert = frame.getByRole('alert').filter({ hasText: WRONG_CODE });
        await alert.waitFor({ state: 'visible', timeout: 10000 });
        return (await alert.textContent()).trim();
      });
      await check('the right code -> "You\'re all set"', async () => {
        await frame.getByRole('textbox', { name: 'Verification code' }).fill(code, { timeout: 5000 });
        await frame.getByRole('heading', { name: ALL_SET }).waitFor({ state: 'visible', timeout: 15000 });
      });

      let events;
      await check('host received step_completed {step: "onboarding", status: "completed"}', async () => {
        const hit = await poll(async () => envelopes((events = (await hostEvents(page)).events), 'step_completed')
          .find((d) => d.payload && d.payload.step === 'onboarding'), { what: 'step_completed', timeoutMs: 10000 });
        if (hit.payload.status !== 'completed') throw new Error(JSON.stringify(hit));
      });
      let completedUser;
      await check('host received flow_completed {user_id}', async () => {
        const hit = await poll(async () => envelopes((events = (await hostEvents(page)).events), 'flow_completed')[0],
          { what: 'flow_completed', timeoutMs: 10000 });
        completedUser = hit.payload && hit.payload.user_id;
        if (!completedUser) throw new Error(`no user_id: ${JSON.stringify(hit)}`);
        return completedUser;
      });
      await check('host received the Dots message {step: "onboarding", status: "completed"}', async () => {
        const hit = events.map((e) => e.data).find((d) => d && !isEnvelope(d) && d.step === 'onboarding');
        if (!hit || hit.status !== 'completed') throw new Error(`got ${JSON.stringify(hit)}`);
      });
      await check('host saw step_started onboarding before step_completed, flow_completed last', async () => {
        const types = envelopes(events).map((d) => d.type + (d.payload && d.payload.step ? ':' + d.payload.step : ''));
        const started = types.indexOf('step_started:onboarding'), completed = types.indexOf('step_completed:onboarding');
        const done = types.indexOf('flow_completed');
        if (!(started >= 0 && started < completed && completed < done)) throw new Error(types.join(', '));
        return types.filter((t) => t !== 'resize').join(', ');
      });
      await check('every envelope has version 1 and this flow_id', async () => {
        const bad = envelopes(events).filter((d) => d.flow_id !== flow.id);
        const notEnvelope = events.map((e) => e.data).filter((d) => d && d.source === 'flowkit' && !isEnvelope(d));
        if (bad.length || notEnvelope.length) throw new Error(JSON.stringify([...bad, ...notEnvelope].slice(0, 3)));
        return `${envelopes(events).length} envelopes`;
      });
      await check('height messages ({height} and resize) arrive and the iframe follows them', async () => {
        const dots = events.map((e) => e.data).filter((d) => d && !isEnvelope(d) && typeof d.height === 'number');
        const resize = envelopes(events, 'resize').filter((d) => d.payload && typeof d.payload.height === 'number');
        if (!dots.length || !resize.length) throw new Error(`{height}: ${dots.length}, resize: ${resize.length}`);
        const last = events.map((e) => e.data).filter((d) => (isEnvelope(d) ? d.type === 'resize' : d && typeof d.height === 'number')).pop();
        const want = Math.ceil(isEnvelope(last) ? last.payload.height : last.height);
        // The host page animates height changes (120 ms): wait for the transition to end.
        let got = 0;
        for (const t0 = Date.now(); Date.now() - t0 < 3000; await page.waitForTimeout(50)) {
          got = await page.locator('#flow').evaluate((f) => f.clientHeight);
          if (Math.abs(got - want) <= 2.5) break;
        }
        if (Math.abs(got - want) > 2.5) throw new Error(`iframe ${got}px, last height message ${want}px`);
        return { heights: [...new Set(resize.map((d) => d.payload.height))], iframe: got };
      });
      await check('host log list shows the messages; none rejected by the origin/source check', async () => {
        const { events: ev, rejected } = await hostEvents(page);
        const items = await page.locator('#log li').count();
        if (items !== ev.length) throw new Error(`${items} log items for ${ev.length} events`);
        if (rejected.length) throw new Error(`rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
        if (ev.some((e) => e.origin !== sandboxOrigin)) throw new Error('an accepted event from another origin');
        return `${items} items`;
      });
      await check('the widget posted only to the host origin, never to "*"', async () => {
        const f = flowFrame(page);
        if (!f) throw new Error('flow frame not found');
        const { spy, posts } = await f.evaluate(() => ({ spy: window.__fkSpy, posts: window.__fkPosts || [] }));
        if (spy !== 'iframe') throw new Error(`postMessage spy: ${spy}`);
        if (!posts.length) throw new Error('the spy saw no window.parent.postMessage calls (the contract says window.parent.postMessage)');
        const targets = [...new Set(posts.map((p) => p.targetOrigin))];
        if (targets.length !== 1 || targets[0] !== host.base) throw new Error(`targetOrigins ${JSON.stringify(targets)}`);
        const received = (await hostEvents(page)).events.length;
        if (received !== posts.length) throw new Error(`${posts.length} posted, ${received} received`);
        return `${posts.length} posts to ${targets[0]}`;
      });
      await check('GET /api/v2/flows/{id} shows the user_id', async () => {
        const r = await sandbox.api('GET', `/api/v2/flows/${flow.id}`);
        if (r.status !== 200) throw new Error(`-> ${r.status} ${JSON.stringify(r.body)}`);
        if (!r.body.user_id || r.body.user_id !== completedUser) throw new Error(`user_id ${r.body.user_id}, flow_completed said ${completedUser}`);
        if (!Array.isArray(r.body.completed_steps)) throw new Error(`completed_steps: ${JSON.stringify(r.body.completed_steps)}`);
        // CONTRACT: onboarding is added first for a flow without a user, and shows as completed.
        if (JSON.stringify(r.body.steps) !== '["onboarding"]' || JSON.stringify(r.body.completed_steps) !== '["onboarding"]')
          throw new Error(`steps ${JSON.stringify(r.body.steps)}, completed_steps ${JSON.stringify(r.body.completed_steps)}`);
        return { user_id: r.body.user_id, steps: r.body.steps, completed_steps: r.body.completed_steps };
      });
      await check('GET /api/v2/users/{user_id} is verified with this phone number', async () => {
        const r = await sandbox.api('GET', `/api/v2/users/${completedUser}`);
        if (r.status !== 200) throw new Error(`-> ${r.status} ${JSON.stringify(r.body)}`);
        const pn = r.body.phone_number || {};
        if (r.body.status !== 'verified' || `+${pn.country_code}${pn.phone_number}` !== e164) throw new Error(JSON.stringify(r.body));
      });
      await check('no uncaught page errors', async () => {
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
        return watch.logs.filter((l) => /^(FIRST_FRAME|INTERACTIVE) /.test(l)).join(', ');
      });
    });

    // ---- 2. The link opened directly (tapped in an SMS): no parent, no messages, full width.
    await scenario('top-level', async (check, state) => {
      const flow = await createFlow();
      const ctx = await state.browserContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = (state.page = await ctx.newPage());
      const watch = watchPage(page);
      await check('the flow link shows the phone screen', async () => {
        await page.goto(flow.link, { timeout: 15000 });
        await page.getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        await page.getByRole('textbox', { name: 'Phone number' }).waitFor({ state: 'visible', timeout: 5000 });
      }, 45000);
      await check('it logs FIRST_FRAME and INTERACTIVE', async () => {
        return await poll(() => {
          const marks = watch.logs.filter((l) => /^(FIRST_FRAME|INTERACTIVE) /.test(l));
          return marks.some((l) => l.startsWith('FIRST_FRAME')) && marks.some((l) => l.startsWith('INTERACTIVE')) && marks.join(', ');
        }, { what: 'FIRST_FRAME and INTERACTIVE', timeoutMs: 5000 });
      });
      await check('the canvas fills the phone width', async () => {
        const w = await page.evaluate(() => {
          const c = document.querySelector('canvas');
          return c ? { canvas: c.getBoundingClientRect().width, viewport: window.innerWidth } : null;
        });
        if (!w || w.canvas < w.viewport - 2) throw new Error(JSON.stringify(w));
        return w;
      });
      await check('idle: no frames are drawn while nothing changes', async () => {
        await page.waitForTimeout(500);
        const a = await page.evaluate(() => window.flowkitFrames());
        await page.waitForTimeout(1500);
        const b = await page.evaluate(() => window.flowkitFrames());
        if (b !== a) throw new Error(`${b - a} frames in 1.5 s of idling`);
        return `${a} frames in all`;
      });
      await check('no host messages are posted without a parent', async () => {
        await page.waitForTimeout(500);
        const { spy, posts } = await page.evaluate(() => ({ spy: window.__fkSpy, posts: window.__fkPosts || [] }));
        if (spy !== 'top-level') throw new Error(`spy: ${spy}`);
        if (posts.length) throw new Error(JSON.stringify(posts.slice(0, 3)));
      });
      await check('no uncaught page errors', async () => {
        await page.getByRole('textbox', { name: 'Phone number' }).fill('2015550123', { timeout: 5000 });
        await page.waitForTimeout(300);
        if (watch.errors.length) throw new Error(watch.errors.slice(0, 3).join(' | '));
      });
    });

    // ---- 3. A host origin the sandbox does not allow (same server, "localhost" instead of 127.0.0.1).
    await scenario('other-origin', async (check, state) => {
      const flow = await createFlow();
      const ctx = await state.browserContext(browser, { viewport: { width: 1000, height: 900 } });
      const page = (state.page = await ctx.newPage());
      await check('frame-ancestors blocks the flow page on a host that is not allowed', async () => {
        const [resp] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === `/flow/${flow.id}`, { timeout: 15000 }),
          page.goto(hostUrl(otherHostBase, flow.link), { timeout: 15000 }),
        ]);
        const csp = resp.headers()['content-security-policy'] || '';
        if (!/frame-ancestors/.test(csp) || csp.includes('localhost')) throw new Error(`CSP: ${csp}`);
        await page.waitForTimeout(3000);
        if (await page.frameLocator('#flow').getByRole('heading', { name: 'Enter your phone number' }).count())
          throw new Error('the flow rendered inside a host that is not allowed');
        return csp;
      });
      await ctx.route((u) => /^\/flow\/[^/.]+$/.test(u.pathname), async (route) => {
        const resp = await route.fetch();
        const headers = { ...resp.headers() };
        for (const h of ['content-security-policy', 'content-encoding', 'content-length']) delete headers[h];
        await route.fulfill({ response: resp, headers, body: await resp.body() });
      });
      await check('with frame-ancestors removed, the widget loads but sends that host nothing', async () => {
        await page.goto(hostUrl(otherHostBase, flow.link), { timeout: 15000 });
        await page.frameLocator('#flow').getByRole('heading', { name: 'Enter your phone number' }).waitFor({ state: 'visible', timeout: 30000 });
        await page.waitForTimeout(1500);
        const { events, rejected } = await hostEvents(page);
        const f = flowFrame(page);
        const posts = f ? await f.evaluate(() => window.__fkPosts || []) : [];
        if (events.length || rejected.length) throw new Error(`host received ${JSON.stringify([...events, ...rejected].slice(0, 3))}`);
        if (posts.some((p) => p.targetOrigin === '*')) throw new Error('a postMessage to "*"');
        return `${posts.length} posts attempted, none delivered`;
      }, 45000);
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
