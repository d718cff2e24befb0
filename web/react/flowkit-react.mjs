// flowkit for React: <FlowkitFlow /> and useFlowkit() over @flowkit/embed's mount(). Plain ES
// module, no build step, no dependencies (react and @flowkit/embed are peers).
//
//   <FlowkitFlow link={link} locale="es" onComplete={({ user_id }) => save(user_id)} />
//
// One mount per (container, link): StrictMode's mount/unmount/mount ends with one iframe and one
// listener, and unmounting calls destroy() (the iframe and the SDK's `message` listener go).
// Callbacks are read when a message arrives, so new functions on each render cost nothing;
// `styles`/`locale` changes (by value) reach the running flow through update().
import { createElement, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { mount } from '@flowkit/embed';

const CALLBACKS = ['onEvent', 'onComplete', 'onExit', 'onError', 'onMessage'];
// Keeps the latest options before any message can be read; no warning when rendered on a server.
const useLatestEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * @param {import('./flowkit-react.mjs').FlowkitOptions} options
 * @returns {import('./flowkit-react.mjs').UseFlowkit}
 */
export function useFlowkit(options) {
  const node = useRef(/** @type {Element | null} */ (null));  // the element given to `ref`
  const used = useRef(/** @type {Element | null | undefined} */ (undefined));  // the one the mount effect last saw
  const [tick, rerun] = useState(0);
  // An element that comes (or changes) after the effect ran mounts the flow again; a detach
  // (null) changes nothing until the component unmounts or another element comes.
  const [ref] = useState(() => (/** @type {Element | null} */ el) => {
    node.current = el;
    if (el && used.current !== undefined && el !== used.current) rerun((n) => n + 1);
  });
  const [flow, setFlow] = useState(/** @type {import('@flowkit/embed').FlowkitEmbed | null} */ (null));
  const latest = useRef(options);
  const sent = useRef('');  // the styles/locale the current mount has (URL or last update())
  const link = options.link;
  const config = JSON.stringify([options.styles, options.locale]);
  useLatestEffect(() => { latest.current = options; });

  useEffect(() => {
    const el = (used.current = node.current);
    if (!el || !link) return;
    /** @type {Record<string, (arg: any) => void>} */
    const relay = {};
    for (const name of CALLBACKS) relay[name] = (arg) => { const fn = /** @type {any} */ (latest.current)[name]; if (fn) fn(arg); };
    const o = latest.current;
    const f = mount(el, { ...o, ...relay, link });
    sent.current = JSON.stringify([o.styles, o.locale]);
    setFlow(f);
    return () => { f.destroy(); setFlow((cur) => (cur === f ? null : cur)); };
  }, [link, tick]);

  useEffect(() => {
    if (!flow || config === sent.current) return;
    sent.current = config;
    flow.update({ styles: options.styles, locale: options.locale });
  }, [flow, config]);

  return { ref, flow };
}

/**
 * A <div> (className, style) with the flow mounted in it; every other prop is a mount() option.
 * @param {import('./flowkit-react.mjs').FlowkitFlowProps} props
 */
export function FlowkitFlow({ className, style, ...options }) {
  return createElement('div', { ref: useFlowkit(options).ref, className, style });
}
