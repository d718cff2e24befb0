#!/usr/bin/env node
// Dots' public Node SDK (npm dots-v2-node, TypeScript sources) against the real flowkit-sandbox:
// every method of every service once, with realistic arguments, checking that each call returns
// without throwing and with the fields the SDK's model types declare (ids, integer amounts, enums).
// The SDK is bundled with esbuild (no type checking) into a temp folder at start.
//
//   FLOWKIT_SANDBOX_BIN=build/native-debug/native/sandbox/flowkit-sandbox \
//   NODE_PATH=~/.cache/flowkit/npm/node_modules node tests/e2e/dots_sdk.spec.mjs
//
// Needs dots-v2-node and esbuild under ~/.cache/flowkit/npm (scripts/setup.sh) or NODE_PATH.
// Prints PASS/FAIL lines and "N passed, M failed"; exit code 0 only when nothing failed.
// A failing SDK call prints the request the SDK sent and the sandbox's answer.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, poll, startSandbox, stopAll, tempDir, withTimeout } from './support.mjs';

const TOTAL_TIMEOUT_MS = 240000;  // CTest's TIMEOUT is 300 s
const CALL_TIMEOUT_MS = 15000;
const CLIENT_ID = 'dots-sdk-client';
const API_KEY = 'dots-sdk-key-0123456789';
const dir = tempDir('flowkit-e2e-dots-sdk-');
const results = [];

function report(name, ok, detail) {
  results.push({ name, ok });
  const d = detail === undefined || detail === '' ? '' : ' :: ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${d}`);
}

// ---- locating and bundling the SDK ----
function requirers() {
  const list = [createRequire(import.meta.url)];
  for (const p of (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean))
    list.push(createRequire(path.join(path.resolve(p), '..', 'package.json')));
  list.push(createRequire(path.join(os.homedir(), '.cache/flowkit/npm/package.json')));
  return list;
}
function resolveFirst(spec) {
  for (const req of requirers()) {
    try { return req.resolve(spec); } catch { /* next */ }
  }
  throw new Error(`${spec} not found: run scripts/setup.sh (npm packages under ~/.cache/flowkit/npm) or set NODE_PATH`);
}

async function loadSdk() {
  const entry = resolveFirst('dots-v2-node/index.ts');
  const esbuild = createRequire(import.meta.url)(resolveFirst('esbuild'));
  const outfile = path.join(dir, 'dots-sdk.cjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node18',
    outfile, logLevel: 'silent' });
  const sdk = createRequire(outfile)(outfile);
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')).version;
  return { sdk, version };
}

// ---- the SDK's model types (models/*.ts), as checks ----
// [type, required]: type is 'string' | 'int' | 'bool' | 'any' | 'object' | an array of allowed
// strings (an enum) | a nested shape object | ['array', itemType]. Optional fields are checked
// only when present and not null.
const T = { str: 'string', int: 'int', bool: 'bool', any: 'any' };
const WALLET = { amount: [T.int, true], withdrawable_amount: [T.int, true], credit_balance: [T.int, true] };
const USER = {
  id: [T.str, true], first_name: [T.str, true], last_name: [T.str, true], email: [T.str, true],
  phone_number: [{ country_code: [T.str, true], phone_number: [T.str, true] }, true],
  wallet: [WALLET, true],
  compliance: [{ tax_id_collected: [T.bool, true], address_collected: [T.bool, true], date_of_birth_collected: [T.bool, true],
    '1099_collected': [T.bool, true], w8_ben_collected: [T.bool, true], flagged: [T.bool, true], id_verified: [T.bool, false] }, true],
  metadata: [T.any, false],
};
// The SDK's models/flow.ts lists five step names; CONTRACT.md's Dots API also has
// background-check and redirect, and adds onboarding first when a flow has no user_id.
const STEP_NAMES = ['compliance', 'id-verification', 'manage-payments', 'manage-payouts', 'payout',
  'background-check', 'redirect', 'onboarding'];
const FLOW = {
  id: [T.str, true], created: [T.str, true], user_id: [T.str, false], steps: [['array', STEP_NAMES], true],
  completed_steps: [['array', STEP_NAMES], true], link: [T.str, true], metadata: [T.any, false],
};
const PAYMENT_METHOD = {
  id: [T.str, true], platform: [['ach', 'paypal', 'venmo', 'cash_app', 'intl_transfer'], true], description: [T.str, true],
  mask: [T.str, true], email: [T.str, false], phone_number: [T.str, false], cash_tag: [T.str, false],
  country: [T.str, false], currency: [T.str, false],
};
const PAYOUT_LINK = {
  id: [T.str, true], created: [T.str, true], link: [T.str, true], amount: [T.int, true],
  status: [['claimed', 'delivery_pending', 'delivery_failed', 'delivered', 'canceled'], true],
  payee: [{ first_name: [T.str, false], last_name: [T.str, false], email: [T.str, false], country_code: [T.str, false],
    phone_number: [T.str, false] }, false],
  delivery: [{ method: [['link', 'sms', 'email'], false], email: [T.str, false], country_code: [T.str, false],
    phone_number: [T.str, false] }, false],
  tax_exempt: [T.bool, false], claimed_user_id: [T.str, false], metadata: [T.any, false],
};
const TRANSACTION = {
  id: [T.int, true], amount: [T.int, true], created: [T.str, true], source_name: [T.str, true],
  destination_name: [T.str, true], metadata: [T.any, false],
};
const TRANSFER = {
  id: [T.str, true], created: [T.str, true], user_id: [T.str, true],
  status: [['created', 'pending', 'failed', 'completed', 'flagged'], true], type: [['refill', 'payout', 'balance'], true],
  amount: [T.int, true],
  external_data: [{ account_id: [T.str, false], external_id: [T.str, false],
    platform: [['ach', 'paypal', 'venmo', 'visa', 'amazon', 'cash_app', 'intl_bank', 'intl_transfer', 'bank_transfer'], false] }, false],
  transactions: [['array', TRANSACTION], true], metadata: [T.any, false],
};
const PAYOUT_REQUEST = {
  id: [T.str, true], created: [T.str, true], amount: [T.int, true], status: [['created', 'approved', 'rejected'], true],
  payee: [{ country_code: [T.str, false], phone_number: [T.str, false] }, false],
  'payout-link': [PAYOUT_LINK, false], user: [USER, false], metadata: [T.any, false], memo: [T.str, false],
};
const page = (item) => ({ has_more: [T.bool, true], data: [['array', item], true] });

// Problems of `value` against `type` at `where` (strings).
function shapeProblems(value, type, where = '$') {
  const out = [];
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (type === 'any') return out;
  if (type === 'string') { if (typeof value !== 'string') out.push(`${where}: not a string (${JSON.stringify(value)})`); return out; }
  if (type === 'bool') { if (typeof value !== 'boolean') out.push(`${where}: not a boolean (${JSON.stringify(value)})`); return out; }
  if (type === 'int') { if (!Number.isInteger(value)) out.push(`${where}: not an integer (${JSON.stringify(value)})`); return out; }
  if (Array.isArray(type) && type[0] === 'array') {
    if (!Array.isArray(value)) { out.push(`${where}: not an array (${JSON.stringify(value)})`); return out; }
    value.forEach((v, i) => out.push(...shapeProblems(v, type[1], `${where}[${i}]`)));
    return out;
  }
  if (Array.isArray(type)) {
    if (!type.includes(value)) out.push(`${where}: ${JSON.stringify(value)} is not one of ${type.join('|')}`);
    return out;
  }
  if (!isObj(value)) { out.push(`${where}: not an object (${JSON.stringify(value)})`); return out; }
  for (const [k, [t, required]] of Object.entries(type)) {
    const v = value[k];
    if (v === undefined || v === null) { if (required) out.push(`${where}.${k}: missing`); continue; }
    out.push(...shapeProblems(v, t, `${where}.${k}`));
  }
  return out;
}
// Model mismatches are collected per step (the step still hands its value on, so later calls run).
let shapeLog = null;
function expectShape(value, type, what) {
  const problems = shapeProblems(value, type);
  if (!problems.length) return;
  const text = `${what} does not match the SDK's model: ${problems.slice(0, 8).join('; ')} :: ${JSON.stringify(value).slice(0, 400)}`;
  if (shapeLog) shapeLog.push(text); else throw new Error(text);
}
function expect(cond, msg, value) {
  if (!cond) throw new Error(`${msg}${value === undefined ? '' : ' :: ' + JSON.stringify(value).slice(0, 600)}`);
}

// The request the SDK sent and the answer, from an ApiError (or any other error).
function describeError(e) {
  if (e && e.name === 'ApiError') {
    const req = e.request || {};
    const body = req.body === undefined ? '' : ` ${JSON.stringify(req.body)}`;
    return `${req.method} ${e.url}${body} -> ${e.status} ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body)}`;
  }
  return (e && e.message ? e.message : String(e)).split('\n').slice(0, 6).join(' | ');
}

// One SDK call: runs `fn` (the call plus its checks); PASS with `detail`'s answer, else FAIL with
// the request and response. Returns the call's value, or undefined when it failed.
async function step(name, fn) {
  const log = [];
  try {
    shapeLog = log;
    const out = await withTimeout(Promise.resolve().then(fn), CALL_TIMEOUT_MS, name);
    if (log.length) report(name, false, log.join(' || '));
    else report(name, true, out && out.detail);
    return out ? out.value : undefined;
  } catch (e) {
    report(name, false, [describeError(e), ...log].join(' || '));
    return undefined;
  } finally {
    shapeLog = null;
  }
}
const needs = (...vals) => { if (vals.some((v) => v === undefined)) throw new Error('skipped: an earlier call it depends on failed'); };

async function main() {
  const { sdk, version } = await loadSdk();
  report(`dots-v2-node ${version} bundled with esbuild and loaded`, typeof sdk.Dots === 'function');
  const widgetDir = fs.mkdtempSync(path.join(dir, 'no-widget-'));
  const bin = process.env.FLOWKIT_SANDBOX_BIN || path.join(REPO, 'build/native-debug/native/sandbox/flowkit-sandbox');
  const sandbox = await startSandbox({ bin, widgetDir, dir, clientId: CLIENT_ID, apiKey: API_KEY,
    extraArgs: ['--rail-delay-ms', '400'] });
  const apiOk = async (method, p, body) => {
    const r = await sandbox.api(method, p, body);
    if (r.status !== 200 && r.status !== 201 && r.status !== 202) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  // Dots' documented construction: BASE is the API root, Basic auth from client id and api key.
  const dots = new sdk.Dots({ BASE: `${sandbox.base}/api`, USERNAME: CLIENT_ID, PASSWORD: API_KEY });

  const run = Date.now() % 100000;
  const phone = (n) => { const national = '20155' + String((run + n) % 100000).padStart(5, '0'); return { national, e164: '+1' + national }; };
  const userPhone = phone(0), linkPhone = phone(1), requestPhone = phone(2);

  await step('sandbox: POST /api/v2/sandbox/fund 50000 (app wallet for the payouts below)', async () => {
    const r = await apiOk('POST', '/api/v2/sandbox/fund', { amount: 50000 });
    return { detail: `wallet ${JSON.stringify(r.wallet)}` };
  });

  // ---- users ----
  const user = await step('users.createUser', async () => {
    const u = await dots.users.createUser({ first_name: 'Ada', last_name: 'Lovelace',
      email: `ada.${userPhone.national}@example.com`, country_code: '1', phone_number: userPhone.national,
      metadata: { crm_id: 'ada-1815' } });
    expectShape(u, USER, 'user');
    expect(u.first_name === 'Ada' && u.phone_number.phone_number.endsWith(userPhone.national.slice(-4)), 'user echoes its input', u);
    return { value: u, detail: `id ${u.id}` };
  });
  await step('users.getUsers', async () => {
    needs(user);
    const p = await dots.users.getUsers(undefined, 10);
    expectShape(p, page(USER), 'users page');
    expect(p.data.some((u) => u.id === user.id), 'the new user is listed', p);
    return { detail: `${p.data.length} users, has_more ${p.has_more}` };
  });
  await step('users.getUser', async () => {
    needs(user);
    const u = await dots.users.getUser(user.id);
    expectShape(u, USER, 'user');
    expect(u.id === user.id, 'same id', u);
    return { detail: `wallet ${JSON.stringify(u.wallet)}` };
  });
  // Exactly the body the SDK declares for a W-9 (UsersService.submitCompliance): nothing else.
  await step('users.submitCompliance (W-9 in the SDK\'s shape)', async () => {
    needs(user);
    const r = await dots.users.submitCompliance(user.id, { w9: { entity_type: 'individual', date_of_birth: '1985-12-10',
      tin: '123-45-6789', address: { line_1: '12 Analytical Way', city: 'San Francisco', state: 'CA', country: 'US', postcode: '94103' } } });
    expect(r && typeof r === 'object', 'an object', r);
    expect(!JSON.stringify(r).includes('123-45-6789') && !JSON.stringify(r).includes('123456789'), 'the TIN only masked', r);
    const u = await dots.users.getUser(user.id);
    expect(u.compliance.tax_id_collected === true && u.compliance.address_collected === true, 'the user shows the W-9 collected', u.compliance);
    return { detail: `compliance ${JSON.stringify(u.compliance)}` };
  });
  const method = await step('users.addPayoutMethod (ach)', async () => {
    needs(user);
    const m = await dots.users.addPayoutMethod(user.id, { platform: 'ach', routing_number: '011000015',
      account_number: '000123456789', account_type: 'checking' });
    expectShape(m, PAYMENT_METHOD, 'payment_method');
    expect(m.platform === 'ach' && !JSON.stringify(m).includes('000123456789'), 'an ach method, number masked', m);
    return { value: m, detail: `${m.id} ${m.description} ${m.mask}` };
  });
  // The SDK's ach body has no account holder name; when the sandbox insists on one, add the same
  // account over plain HTTP (not counted as an SDK call) so the payout calls below still run.
  const methodId = method ? method.id : await (async () => {
    if (!user) return undefined;
    const r = await sandbox.api('PUT', `/api/v2/users/${user.id}/payout-methods`, { platform: 'ach', routing_number: '011000015',
      account_number: '000123456789', account_type: 'checking', account_holder_name: 'Ada Lovelace' });
    console.log(`NOTE payout method added over plain HTTP with account_holder_name for the calls below: ${r.status} ${JSON.stringify(r.body)}`);
    return r.status === 200 ? r.body.id : undefined;
  })();
  await step('users.getPayoutMethods', async () => {
    needs(user, methodId);
    const list = await dots.users.getPayoutMethods(user.id);
    expectShape(list, ['array', PAYMENT_METHOD], 'payment_method[]');
    expect(list.some((m) => m.id === methodId), 'the added method is listed', list);
    return { detail: `${list.length} method(s)` };
  });

  // ---- transfers ----
  const funding = await step('transfers.createTransfer (-5000: app -> user)', async () => {
    needs(user);
    const t = await dots.transfers.createTransfer({ amount: -5000, user_id: user.id, tax_exempt: false,
      idempotency_key: `fund-${user.id}`, metadata: { reason: 'signup bonus' } });
    expectShape(t, TRANSFER, 'transfer');
    expect(t.type === 'balance' && t.amount === -5000 && t.user_id === user.id, 'a balance transfer of -5000', t);
    const u = await dots.users.getUser(user.id);
    expect(u.wallet.amount === 5000, 'the user wallet holds 5000', u.wallet);
    return { value: t, detail: `${t.id} ${t.status}` };
  });
  await step('transfers.getTransfers', async () => {
    needs(funding);
    const p = await dots.transfers.getTransfers(10);
    expectShape(p, page(TRANSFER), 'transfers page');
    expect(p.data.some((t) => t.id === funding.id), 'the transfer is listed', p);
    return { detail: `${p.data.length} transfers` };
  });
  await step('transfers.getTransfer', async () => {
    needs(funding);
    const t = await dots.transfers.getTransfer(funding.id);
    expectShape(t, TRANSFER, 'transfer');
    expect(t.id === funding.id && t.status === 'completed', 'same transfer, completed', t);
    return { detail: t.status };
  });

  // ---- payouts ----
  const payoutKey = `payout-${user ? user.id : 'x'}-1`;
  const payoutBody = () => ({ user_id: user.id, amount: 1500, platform: 'ach', account_id: methodId,
    idempotency_key: payoutKey, metadata: { invoice: 'INV-1001' } });
  const payout = await step('payouts.createPayout (ach, idempotency_key)', async () => {
    needs(user, methodId, funding);
    const t = await dots.payouts.createPayout(payoutBody());
    expectShape(t, TRANSFER, 'transfer');
    expect(t.type === 'payout' && t.amount === 1500 && t.user_id === user.id, 'a payout transfer of 1500', t);
    return { value: t, detail: `${t.id} ${t.status} ${JSON.stringify(t.external_data)}` };
  });
  await step('payouts.createPayout again, same idempotency_key -> same transfer', async () => {
    needs(payout);
    const t = await dots.payouts.createPayout(payoutBody());
    expectShape(t, TRANSFER, 'transfer');
    expect(t.id === payout.id, `the same transfer (${payout.id})`, t);
    const u = await dots.users.getUser(user.id);
    expect(u.wallet.amount === 3500, 'the user paid once (wallet 3500)', u.wallet);
    return { detail: t.id };
  });
  await step('transfers.getTransfer (the payout settles: completed)', async () => {
    needs(payout);
    const t = await poll(async () => { const x = await dots.transfers.getTransfer(payout.id); return x.status === 'completed' ? x : null; },
      { what: 'payout completed', timeoutMs: 8000 });
    expectShape(t, TRANSFER, 'transfer');
    return { detail: `${t.status}, ${t.transactions.length} transactions` };
  });
  await step('payouts.sendPayout (user with a default method: paid at once)', async () => {
    needs(user, methodId);
    const r = await dots.payouts.sendPayout({ amount: 1000, user_id: user.id, delivery: { message: 'Thanks for the talk!' },
      force_collect_compliance_information: false, memo: 'Speaker fee', metadata: { event: 'analytical-engines' } });
    expect(r && typeof r.id === 'string' && Number.isInteger(r.amount), 'an object with id and integer amount', r);
    if (r.object === 'transfer' || r.type) expectShape(r, TRANSFER, 'transfer');
    else expectShape(r, PAYOUT_LINK, 'payout_link');
    return { detail: `${r.object || r.type} ${r.id} ${r.status}` };
  });

  // ---- payout links ----
  const link = await step('payoutLinks.createPayoutLink (sms to a payee)', async () => {
    const l = await dots.payoutLinks.createPayoutLink({ amount: 1200,
      payee: { first_name: 'Charles', last_name: 'Babbage', country_code: '1', phone_number: linkPhone.national, email: 'charles@example.com' },
      delivery: { method: 'sms', message: 'Your refund is ready' }, force_collect_compliance_information: false,
      memo: 'Refund #42', metadata: { order: '42' } });
    expectShape(l, PAYOUT_LINK, 'payout_link');
    expect(l.amount === 1200, 'amount 1200', l);
    return { value: l, detail: `${l.id} ${l.status} ${l.link}` };
  });
  await step('payoutLinks.getPayoutLinks', async () => {
    needs(link);
    const p = await dots.payoutLinks.getPayoutLinks(10);
    expectShape(p, page(PAYOUT_LINK), 'payout links page');
    expect(p.data.some((l) => l.id === link.id), 'the link is listed', p);
    return { detail: `${p.data.length} links` };
  });
  await step('payoutLinks.getPayoutLink', async () => {
    needs(link);
    const l = await dots.payoutLinks.getPayoutLink(link.id);
    expectShape(l, PAYOUT_LINK, 'payout_link');
    expect(l.id === link.id && l.link === link.link, 'same link', l);
    return { detail: l.status };
  });
  await step('payoutLinks.deletePayoutLink', async () => {
    needs(link);
    const l = await dots.payoutLinks.deletePayoutLink(link.id);
    expectShape(l, PAYOUT_LINK, 'payout_link');
    expect(l.id === link.id && l.status === 'canceled', 'canceled', l);
    return { detail: l.status };
  });

  // ---- payout requests ----
  const request = await step('payoutRequests.createPayoutsRequest (payee phone)', async () => {
    const r = await dots.payoutRequests.createPayoutsRequest({ amount: 800,
      payee: { country_code: '1', phone_number: requestPhone.national }, memo: 'Mileage March', metadata: { claim: 'M-3' } });
    expectShape(r, PAYOUT_REQUEST, 'payout_request');
    expect(r.amount === 800 && r.status === 'created', 'created, 800', r);
    return { value: r, detail: `${r.id} ${r.status}` };
  });
  await step('payoutRequests.getPayoutRequests', async () => {
    needs(request);
    const p = await dots.payoutRequests.getPayoutRequests(10);
    expectShape(p, page(PAYOUT_REQUEST), 'payout requests page');
    expect(p.data.some((r) => r.id === request.id), 'the request is listed', p);
    return { detail: `${p.data.length} requests` };
  });
  await step('payoutRequests.getPayoutRequest', async () => {
    needs(request);
    const r = await dots.payoutRequests.getPayoutRequest(request.id);
    expectShape(r, PAYOUT_REQUEST, 'payout_request');
    expect(r.id === request.id && r.memo === 'Mileage March', 'same request', r);
    return { detail: r.status };
  });

  // ---- transactions ----
  const txs = await step('transactions.getTransactions', async () => {
    const p = await dots.transactions.getTransactions(20);
    expectShape(p, page(TRANSACTION), 'transactions page');
    expect(p.data.length > 0, 'some transactions', p);
    return { value: p.data, detail: `${p.data.length} transactions, has_more ${p.has_more}` };
  });
  await step('transactions.getTransaction', async () => {
    needs(txs);
    const t = await dots.transactions.getTransaction(String(txs[0].id));
    expectShape(t, TRANSACTION, 'transaction');
    expect(t.id === txs[0].id && t.amount === txs[0].amount, 'same transaction', t);
    return { detail: `${t.id} ${t.source_name} -> ${t.destination_name} ${t.amount}` };
  });

  // ---- flows ----
  const flow = await step('flows.createFlow (user, compliance + manage-payouts {auto_payout_enabled})', async () => {
    needs(user);
    const f = await dots.flows.createFlow({ steps: ['compliance', { name: 'manage-payouts', auto_payout_enabled: true }],
      user_id: user.id, metadata: { source: 'sdk-test' } });
    expectShape(f, FLOW, 'flow');
    expect(f.user_id === user.id && /^https?:\/\//.test(f.link), 'a flow for the user with a link', f);
    return { value: f, detail: `${f.id} ${JSON.stringify(f.steps)}` };
  });
  await step('flows.getFlow', async () => {
    needs(flow);
    const f = await dots.flows.getFlow(flow.id);
    expectShape(f, FLOW, 'flow');
    expect(f.id === flow.id && f.link === flow.link, 'same flow and link', f);
    return { detail: f.id };
  });
  await step('flows.getFlows', async () => {
    needs(flow);
    const p = await dots.flows.getFlows(10);
    expectShape(p, page(FLOW), 'flows page');
    expect(p.data.some((f) => f.id === flow.id), 'the flow is listed', p);
    return { detail: `${p.data.length} flows` };
  });

  // ---- verification ----
  const sent = await step('users.sendVerificationToken', async () => {
    needs(user);
    const r = await dots.users.sendVerificationToken(user.id);
    expect(r && typeof r === 'object', 'an object', r);
    return { value: r, detail: JSON.stringify(r) };
  });
  await step('users.verify (code from /api/v2/sandbox/sms)', async () => {
    needs(user, sent);
    const sms = await poll(async () => (await apiOk('GET', `/api/v2/sandbox/sms?phone_number=${encodeURIComponent(userPhone.e164)}`))
      .data?.find((s) => s.code), { what: 'the code SMS', timeoutMs: 5000 });
    const u = await dots.users.verify(user.id, { token: sms.code });
    expectShape(u, USER, 'user');
    expect(u.id === user.id && u.status === 'verified', 'the user, verified', u);
    return { detail: u.status };
  });

  // ---- last: delete the user ----
  // The sandbox refuses to delete a user whose wallet holds money (409 user_has_balance: it would
  // become unreachable), so the balance goes back to the app wallet first, through the SDK.
  await step('users.deleteUser: refused (409 user_has_balance) while the wallet holds money', async () => {
    needs(user);
    let refused;
    try { await dots.users.deleteUser(user.id); } catch (e) { refused = e; }
    const body = refused && (refused.body || refused.response?.data);
    expect(refused && (refused.status === 409 || refused.response?.status === 409), 'a 409', body || refused);
    return { detail: JSON.stringify(body?.error?.code || body) };
  });
  await step('transfers.createTransfer (+balance: user -> app), then users.deleteUser', async () => {
    needs(user);
    const balance = (await apiOk('GET', `/api/v2/users/${user.id}`)).wallet.amount;
    if (balance > 0) await dots.transfers.createTransfer({ amount: balance, user_id: user.id });
    // A payout still on the simulated rail also holds the deletion back (409 user_has_payout_in_flight):
    // wait for the rail to settle it.
    const u = await poll(async () => {
      try { return await dots.users.deleteUser(user.id); } catch (e) {
        const code = (e.body || e.response?.data)?.error?.code;
        if (code === 'user_has_payout_in_flight') return null;
        throw e;
      }
    }, { what: 'the payout on the rail settles and the user can be deleted', timeoutMs: 15000, intervalMs: 200 });
    expectShape(u, USER, 'user');
    expect(u.id === user.id, 'the deleted user', u);
    let after;
    try { after = await dots.users.getUser(user.id); } catch (e) { after = e; }
    expect(after && after.status === 404, 'getUser afterwards is 404', after && (after.body || after));
    return { detail: 'then 404' };
  });

  await step('sandbox: the ledger is balanced', async () => {
    const l = await apiOk('GET', '/api/v2/sandbox/ledger');
    expect(l.balanced === true && (!l.problems || l.problems.length === 0), 'balanced', { balanced: l.balanced, problems: l.problems });
    return { detail: JSON.stringify(l.balances) };
  });
}

let crashed = null;
try {
  await withTimeout(main(), TOTAL_TIMEOUT_MS, 'dots sdk e2e');
} catch (e) {
  crashed = e;
  report('run', false, describeError(e));
} finally {
  await stopAll();
}
const failed = results.filter((r) => !r.ok).length;
const passed = results.length - failed;
if (failed || crashed || process.env.FLOWKIT_E2E_KEEP) console.log(`logs: ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
