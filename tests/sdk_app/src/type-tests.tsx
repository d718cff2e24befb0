// Type tests for @flowkit/embed and @flowkit/react, checked by `tsc --noEmit --strict` with both
// tsconfigs. Each `@ts-expect-error TSxxxx` line must be followed by a line with that error:
// tsc fails when the line below a directive has no error, and tests/e2e/react_sdk.spec.mjs
// also compiles a copy without the directives and checks each of those lines fails with that code.
import { mount, PROTOCOL_VERSION } from '@flowkit/embed';
import type { FlowkitEmbed, FlowkitEvent, MountOptions } from '@flowkit/embed';
import { FlowkitFlow, useFlowkit } from '@flowkit/react';
import type { ErrorInfo, FlowkitFlowProps } from '@flowkit/react';

declare const link: string;
const version: 1 = PROTOCOL_VERSION;

// ---- What must compile: every option, payloads narrowed by `type`.
export function plainModule(el: Element): FlowkitEmbed {
  const options: MountOptions = {
    link, locale: 'es', title: 'Payouts', height: 600, autoResize: true,
    styles: { theme: 'dark', variables: { primaryColor: '#16a34a', borderRadius: 12, buttonTextColor: '#fff' } },
    onEvent: (e: FlowkitEvent) => {
      if (e.type === 'payout_created') console.log(e.payload.transfer_id, e.payload.amount.toFixed(0), version);
      if (e.type === 'resize') console.log(e.payload.height + 1);
    },
    onComplete: ({ user_id, flow_id }) => console.log(user_id.length, flow_id),
    onExit: ({ reason }) => console.log(reason),
    onError: ({ code, retryable }) => console.log(code, retryable === true),
    onMessage: (m) => console.log('source' in m ? m.type : m),
  };
  const flow = mount(el, options);
  flow.update({ locale: 'en', styles: { theme: 'light' } });
  return flow;
}

export function HookHost({ flowLink }: { flowLink: string | null }) {
  const { ref, flow } = useFlowkit({ link: flowLink, locale: 'en', onComplete: (info) => console.log(info.user_id) });
  return (
    <section>
      <div ref={ref} />
      <button disabled={!flow} onClick={() => flow?.close()}>Close</button>
    </section>
  );
}

export const props: FlowkitFlowProps = { link: null, className: 'flow', style: { minHeight: 480 } };
export const component = (
  <FlowkitFlow link={link} onEvent={(e) => e.type === 'step_completed' && console.log(e.payload.status)} onError={(e: ErrorInfo) => console.log(e.message)} />
);

// ---- What must not compile.
export function errors(el: Element) {
  // @ts-expect-error TS2353 an unknown mount() option
  mount(el, { link, colour: 'red' });
  // @ts-expect-error TS2353 an unknown useFlowkit() option
  useFlowkit({ link, colour: 'red' });
  // @ts-expect-error TS2322 an unknown <FlowkitFlow> prop
  const a = <FlowkitFlow link={link} colour="red" />;
  // @ts-expect-error TS2322 onComplete's payload has user_id: string
  const b = <FlowkitFlow link={link} onComplete={(info: { user_id: number }) => console.log(info)} />;
  // @ts-expect-error TS2322 onExit gets ExitInfo, not ErrorInfo
  mount(el, { link, onExit: (info: ErrorInfo) => console.log(info.code) });
  // @ts-expect-error TS2339 a flow_completed payload has no amount
  const c = <FlowkitFlow link={link} onEvent={(e) => e.type === 'flow_completed' && console.log(e.payload.amount)} />;
  // @ts-expect-error TS2322 styles.theme is 'light' | 'dark'
  const d = <FlowkitFlow link={link} styles={{ theme: 'blue' }} />;
  // @ts-expect-error TS2741 link is required (null while it is being fetched)
  const e = <FlowkitFlow locale="en" />;
  return [a, b, c, d, e];
}
