// flowkit embed SDK: mounts a flow link in an <iframe> on a host page and turns the flow's
// messages into callbacks. No dependencies, no build step. Protocol: docs/host-protocol.md.
//
//   import { mount } from 'https://SANDBOX/widget/flowkit-embed.mjs';
//   const flow = mount('#payouts', { link, onComplete: ({ user_id }) => save(user_id) });
//
// Only messages from this mount's own iframe (event.source) and the link's origin are read;
// anything else, or anything malformed, is ignored without a word.

/** Version of the message protocol this SDK speaks (the `version` of every envelope). */
export const PROTOCOL_VERSION = 1;

/** Types of the envelopes the flow sends (docs/host-protocol.md). */
export const EVENT_TYPES = Object.freeze(['ready', 'resize', 'step_started', 'step_completed', 'flow_completed',
  'payout_created', 'session_expired', 'error', 'redirect', 'exit']);

const KNOWN = new Set(EVENT_TYPES);
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-top-navigation-by-user-activation';

/** @type {(v: unknown) => v is Record<string, any>} */
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** @type {(h: unknown) => h is number} */
const isHeight = (h) => typeof h === 'number' && h > 0 && h < 1e6;  // also rejects NaN

/**
 * A throwing host callback must not stop the SDK (or the other callbacks): report it and go on.
 * @param {((arg: any) => void) | undefined} fn
 * @param {unknown} arg
 */
function call(fn, arg) {
  if (typeof fn !== 'function') return;
  try { fn(arg); } catch (e) { (globalThis.reportError || console.error)(e); }
}

/**
 * Mounts the flow at `options.link` in a new iframe appended to `container`.
 * Throws a TypeError for a missing container or a link that is not an http(s) flow link;
 * never throws because of a message.
 * @param {Element|string} container an element or a CSS selector
 * @param {import('./flowkit-embed.mjs').MountOptions} options
 * @returns {import('./flowkit-embed.mjs').FlowkitEmbed}
 */
export function mount(container, options) {
  const el = typeof container === 'string' ? document.querySelector(container) : container;
  if (!el || typeof el.appendChild !== 'function') throw new TypeError('flowkit: mount() needs a container element');
  const o = options || {};
  /** @type {URL | null} */
  let url = null;
  try { url = new URL(o.link); } catch { /* not a URL */ }
  const id = url && /^https?:$/.test(url.protocol) && /\/flow\/([^/?#]+)\/?$/.exec(url.pathname);
  if (!url || !id) throw new TypeError('flowkit: options.link must be a flow link ({base}/flow/{flow_id}#s=...)');
  const flowId = decodeURIComponent(id[1]);
  const origin = url.origin;

  // ?styles=<url-encoded JSON>&locale=..., added to the link's own query; the #s= fragment
  // (the link secret, never sent to a server) stays as it is.
  const query = [];
  if (o.styles !== undefined) query.push('styles=' + encodeURIComponent(JSON.stringify(o.styles)));
  if (o.locale !== undefined) query.push('locale=' + encodeURIComponent(String(o.locale)));
  if (query.length) url.search = (url.search ? url.search.slice(1) + '&' : '') + query.join('&');

  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', SANDBOX);
  frame.setAttribute('allow', 'clipboard-write');
  // The flow learns the host's origin from location.ancestorOrigins or, where that is missing
  // (Firefox), from the referrer: send at least the origin even under a stricter page policy.
  frame.setAttribute('referrerpolicy', 'origin');
  frame.title = o.title || 'Payout flow';
  frame.style.cssText = 'display:block;width:100%;border:0;height:' + (isHeight(o.height) ? o.height : 480) + 'px';
  frame.src = url.href;

  const autoResize = o.autoResize !== false;
  let destroyed = false;
  let heard = false;        // a message came from the flow page: it is loaded and listening
  let sawResize = false;    // an envelope resize came: the Dots {height} duplicate is ignored
  /** @type {import('./flowkit-embed.mjs').ConfigurePayload | null} */
  let pending = null;       // configure payload waiting for the flow page to load

  /** @param {number} h */
  const setHeight = (h) => { if (autoResize) frame.style.height = Math.ceil(h) + 'px'; };

  /** @param {'configure' | 'close'} type @param {object} payload */
  const send = (type, payload) => {
    const win = frame.contentWindow;
    if (win) win.postMessage({ source: 'flowkit-host', version: PROTOCOL_VERSION, type, payload }, origin);
  };

  /** @param {MessageEvent} event */
  function onWindowMessage(event) {
    const win = frame.contentWindow;
    if (destroyed || !win || event.source !== win || event.origin !== origin) return;
    const d = event.data;
    if (!isObject(d)) return;
    heard = true;
    if (pending) { send('configure', pending); pending = null; }
    if (d.source === 'flowkit') {
      if (d.version !== PROTOCOL_VERSION || !KNOWN.has(d.type) || d.flow_id !== flowId || !isObject(d.payload)) return;
      const p = d.payload;
      if (d.type === 'resize') {
        if (!isHeight(p.height)) return;
        sawResize = true;
        setHeight(p.height);
      }
      call(o.onMessage, d);
      if (!destroyed) call(o.onEvent, d);
      if (destroyed) return;  // a callback may destroy the mount
      if (d.type === 'flow_completed') call(o.onComplete, { user_id: p.user_id, flow_id: d.flow_id });
      else if (d.type === 'exit') call(o.onExit, { reason: p.reason });
      else if (d.type === 'error') call(o.onError, { code: p.code, message: p.message, retryable: p.retryable === true });
    } else if (d.source === undefined && isHeight(d.height)) {
      if (!sawResize) setHeight(d.height);  // Dots {height}: only until the envelope arrives
      call(o.onMessage, d);
    } else if (d.source === undefined && typeof d.step === 'string' && typeof d.status === 'string') {
      call(o.onMessage, d);  // Dots {step, status}
    }
  }

  window.addEventListener('message', onWindowMessage);
  el.appendChild(frame);

  return {
    iframe: frame,
    flowId,
    origin,
    get destroyed() { return destroyed; },
    update(config) {
      if (destroyed) return;
      const c = config || {};
      /** @type {import('./flowkit-embed.mjs').ConfigurePayload} */
      const payload = {};
      if (c.styles !== undefined) payload.styles = JSON.parse(JSON.stringify(c.styles));
      if (c.locale !== undefined) payload.locale = String(c.locale);
      // Before the flow page has loaded, a message would reach the iframe's initial
      // about:blank and be dropped: keep it (merged) until the page speaks.
      if (heard) send('configure', payload);
      else pending = Object.assign(pending || {}, payload);
    },
    close() {
      if (!destroyed) send('close', {});
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      pending = null;
      window.removeEventListener('message', onWindowMessage);
      frame.remove();
    },
  };
}
